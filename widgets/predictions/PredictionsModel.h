#pragma once
// Per-example predictions of one run on its validation split, as a table: text, true
// label, prediction, confidence, loss — sortable by value, filterable to the
// misclassified, to one confusion-matrix cell, or by words in the text.
#include "inspect/ModelInspector.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>
#include <QStringList>

#include <vector>

namespace lathe::gui {

class PredictionsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Index, Text, Truth, Predicted, Confidence, Loss, ColumnCount };
    // Sort by this role: numbers as numbers.
    static constexpr int SortRole = Qt::UserRole + 1;

    using QAbstractTableModel::QAbstractTableModel;

    // `truth` and `classes` are empty for a language model (loss per token only) and for an
    // encoder–decoder, whose `targets` are the references of its outputs (the texts its sources):
    // then Truth is the reference, Predicted the output and Confidence its token error rate.
    void setPredictions(QStringList texts, std::vector<int> truth, std::vector<Prediction> predictions, QStringList classes,
                        QStringList targets = {});
    bool languageModel() const { return m_truth.empty() && !pairs(); }
    bool pairs() const { return !m_targets.isEmpty(); }
    QString target(int row) const { return m_targets.value(row); }
    // An encoder–decoder's token errors in this row over its reference's length.
    double tokenErrorRate(int row) const;
    const QStringList& classes() const { return m_classes; }
    QString text(int row) const { return m_texts.value(row); }
    int truth(int row) const { return m_truth.empty() ? -1 : m_truth[static_cast<std::size_t>(row)]; }
    const Prediction& prediction(int row) const { return m_predictions[static_cast<std::size_t>(row)]; }
    // A classifier's wrong label; an encoder–decoder's output that is not its reference.
    bool misclassified(int row) const
    {
        return pairs() ? prediction(row).errors > 0 : !m_truth.empty() && truth(row) != prediction(row).predicted;
    }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QVariant pairData(const QModelIndex& index, int role) const;
    QStringList m_texts;
    std::vector<int> m_truth;
    std::vector<Prediction> m_predictions;
    QStringList m_classes;
    QStringList m_targets;
};

class PredictionsFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    explicit PredictionsFilter(QObject* parent = nullptr);
    void setMisclassifiedOnly(bool on);
    // Only examples with this true label and prediction; -1, -1 clears.
    void setCell(int truth, int predicted);
    int cellTruth() const { return m_truth; }
    int cellPredicted() const { return m_predicted; }
    // Every word must occur in the text (case-insensitive).
    void setSearch(const QString& text);

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

private:
    bool m_misclassifiedOnly = false;
    int m_truth = -1, m_predicted = -1;
    QStringList m_words;
};

}  // namespace lathe::gui
