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

    // `truth` and `classes` are empty for a language model (loss per token only).
    void setPredictions(QStringList texts, std::vector<int> truth, std::vector<Prediction> predictions, QStringList classes);
    bool languageModel() const { return m_truth.empty(); }
    const QStringList& classes() const { return m_classes; }
    QString text(int row) const { return m_texts.value(row); }
    int truth(int row) const { return m_truth.empty() ? -1 : m_truth[static_cast<std::size_t>(row)]; }
    const Prediction& prediction(int row) const { return m_predictions[static_cast<std::size_t>(row)]; }
    bool misclassified(int row) const { return !m_truth.empty() && truth(row) != prediction(row).predicted; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QStringList m_texts;
    std::vector<int> m_truth;
    std::vector<Prediction> m_predictions;
    QStringList m_classes;
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
