#include "predictions/PredictionsModel.h"
#include "predictions/AlignmentText.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

#include <cmath>

namespace lathe::gui {

void PredictionsModel::setPredictions(QStringList texts, std::vector<int> truth, std::vector<Prediction> predictions,
                                      QStringList classes, QStringList targets)
{
    beginResetModel();
    m_texts = std::move(texts);
    m_truth = std::move(truth);
    m_predictions = std::move(predictions);
    m_classes = std::move(classes);
    m_targets = std::move(targets);
    endResetModel();
}

double PredictionsModel::tokenErrorRate(int row) const
{
    const auto& p = prediction(row);
    // An empty reference: any output token is an error.
    return p.referenceTokens() > 0 ? double(p.errors) / p.referenceTokens() : double(p.errors);
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
    if (pairs())
        return pairData(index, role);
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

QVariant PredictionsModel::pairData(const QModelIndex& index, int role) const
{
    const int row = index.row();
    const auto& p = prediction(row);
    const QLocale locale;
    if (role == SortRole) {
        switch (index.column()) {
        case Index: return row;
        case Text: return m_texts.value(row);
        case Truth: return target(row);
        case Predicted: return QString::fromStdString(p.output);
        // Worst first: the most errors per reference token, then the most errors.
        case Confidence: return tokenErrorRate(row) + 1e-6 * p.errors;
        case Loss: return p.loss;
        }
    }
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Index: return row + 1;
        case Text: return m_texts.value(row).simplified();
        case Truth: return target(row).simplified();
        case Predicted: return QString::fromStdString(p.output).simplified();
        case Confidence: return tr("%1 of %2").arg(p.errors).arg(p.referenceTokens());
        case Loss: return locale.toString(p.loss, 'f', 4);
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (index.column()) {
        case Text: return m_texts.value(row);
        case Truth:
        case Predicted: return alignmentHtml(p.referencePieces, p.outputPieces, p.ops);
        case Confidence:
            return tr("Token edit distance %1 over %2 reference tokens (%3%)")
                .arg(p.errors)
                .arg(p.referenceTokens())
                .arg(locale.toString(100 * tokenErrorRate(row), 'f', 1));
        case Loss:
            return tr("Mean cross-entropy per reference token (teacher-forced); perplexity %1")
                .arg(std::exp(static_cast<double>(p.loss)), 0, 'f', 2);
        }
    }
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
    if (pairs()) {
        switch (section) {
        case Index: return tr("#");
        case Text: return tr("Source");
        case Truth: return tr("Reference");
        case Predicted: return tr("Output");
        case Confidence: return tr("Token errors");
        case Loss: return tr("Loss per token");
        }
    }
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
    // An encoder–decoder's reference and output are searched too.
    const auto text = m->pairs() ? m->text(row) + QLatin1Char(' ') + m->target(row) + QLatin1Char(' ') +
                                       QString::fromStdString(m->prediction(row).output)
                                 : m->text(row);
    for (const auto& w : m_words)
        if (!text.contains(w, Qt::CaseInsensitive))
            return false;
    return true;
}

}  // namespace lathe::gui
