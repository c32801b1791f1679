#include "predictions/PredictionsModel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

#include <cmath>

namespace lathe::gui {

void PredictionsModel::setPredictions(QStringList texts, std::vector<int> truth, std::vector<Prediction> predictions,
                                      QStringList classes)
{
    beginResetModel();
    m_texts = std::move(texts);
    m_truth = std::move(truth);
    m_predictions = std::move(predictions);
    m_classes = std::move(classes);
    endResetModel();
}

int PredictionsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_predictions.size());
}

int PredictionsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

QVariant PredictionsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const int row = index.row();
    const auto& p = prediction(row);
    const bool lm = languageModel();
    if (role == SortRole) {
        switch (index.column()) {
        case Index: return row;
        case Text: return m_texts.value(row);
        case Truth: return lm ? QVariant() : QVariant(m_classes.value(truth(row)));
        case Predicted: return lm ? QVariant() : QVariant(m_classes.value(p.predicted));
        case Confidence: return lm ? QVariant() : QVariant(p.confidence);
        case Loss: return p.loss;
        }
    }
    if (role == Qt::DisplayRole) {
        const QLocale locale;
        switch (index.column()) {
        case Index: return row + 1;
        case Text: return m_texts.value(row).simplified();
        case Truth: return lm ? QString() : m_classes.value(truth(row));
        case Predicted: return lm ? QString() : m_classes.value(p.predicted);
        case Confidence: return lm ? QString() : locale.toString(p.confidence, 'f', 3);
        case Loss: return locale.toString(p.loss, 'f', 4);
        }
    }
    if (role == Qt::ToolTipRole && index.column() == Text)
        return m_texts.value(row);
    if (role == Qt::ToolTipRole && index.column() == Loss && lm)
        return tr("Mean cross-entropy per token; perplexity %1").arg(std::exp(static_cast<double>(p.loss)), 0, 'f', 2);
    if (role == Qt::TextAlignmentRole && (index.column() == Confidence || index.column() == Loss || index.column() == Index))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == Predicted && misclassified(row))
        return QBrush(QColor(0xc0, 0x39, 0x2b));
    return {};
}

QVariant PredictionsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Index: return tr("#");
    case Text: return tr("Text");
    case Truth: return tr("True label");
    case Predicted: return tr("Predicted");
    case Confidence: return tr("Confidence");
    case Loss: return languageModel() ? tr("Loss per token") : tr("Loss");
    }
    return {};
}

PredictionsFilter::PredictionsFilter(QObject* parent) : QSortFilterProxyModel(parent)
{
    setSortRole(PredictionsModel::SortRole);
}

void PredictionsFilter::setMisclassifiedOnly(bool on)
{
    m_misclassifiedOnly = on;
    invalidateFilter();
}

void PredictionsFilter::setCell(int truth, int predicted)
{
    m_truth = truth;
    m_predicted = predicted;
    invalidateFilter();
}

void PredictionsFilter::setSearch(const QString& text)
{
    m_words = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    invalidateFilter();
}

bool PredictionsFilter::filterAcceptsRow(int row, const QModelIndex&) const
{
    const auto* m = static_cast<const PredictionsModel*>(sourceModel());
    if (m_misclassifiedOnly && !m->misclassified(row))
        return false;
    if (m_truth >= 0 && (m->truth(row) != m_truth || m->prediction(row).predicted != m_predicted))
        return false;
    const auto text = m->text(row);
    for (const auto& w : m_words)
        if (!text.contains(w, Qt::CaseInsensitive))
            return false;
    return true;
}

}  // namespace lathe::gui
