#include "compress/SweepPointsModel.h"

#include <QLocale>

namespace lathe::gui {

SweepPointsModel::SweepPointsModel(QObject* parent) : QAbstractTableModel(parent) {}

QString modeName(const std::string& mode)
{
    if (mode == "uniform")
        return QObject::tr("Uniform");
    if (mode == "global")
        return QObject::tr("Global");
    if (mode == "layer")
        return QObject::tr("One layer");
    if (mode == "measured")
        return QObject::tr("Measured");
    if (mode == "energy")
        return QObject::tr("Energy");
    return QObject::tr("Unfactorized");
}

QString pointSetting(const SweepPoint& p)
{
    if (p.mode == "layer")
        return QObject::tr("%1 at rank %2").arg(QString::fromStdString(p.layer)).arg(p.rank);
    if (p.mode == "uniform")
        return p.budget > 0 ? QObject::tr("rank %1 (fits %2% budget)").arg(p.rank).arg(100 * p.budget, 0, 'f', 0)
                            : QObject::tr("rank %1").arg(p.rank);
    if (p.mode == "energy")
        return QObject::tr("%1% energy per layer").arg(100 * p.energy, 0, 'f', 0);
    if (p.mode == "global" || p.mode == "measured")
        return QObject::tr("%1% of Linear weights").arg(100 * p.budget, 0, 'f', 1);
    return QObject::tr("dense");
}

void SweepPointsModel::setReference(const SweepPoint& reference)
{
    beginResetModel();
    m_reference = reference;
    endResetModel();
}

void SweepPointsModel::setPoints(std::vector<SweepPoint> points)
{
    beginResetModel();
    m_points = std::move(points);
    endResetModel();
}

void SweepPointsModel::append(const std::vector<SweepPoint>& points)
{
    if (points.empty())
        return;
    const int first = rowCount();
    beginInsertRows({}, first, first + static_cast<int>(points.size()) - 1);
    m_points.insert(m_points.end(), points.begin(), points.end());
    endInsertRows();
}

void SweepPointsModel::setSavedRun(std::int64_t pointId, std::int64_t runId)
{
    for (std::size_t i = 0; i < m_points.size(); ++i)
        if (m_points[i].id == pointId) {
            m_points[i].savedRunId = runId;
            const auto cell = index(static_cast<int>(i), SavedRun);
            Q_EMIT dataChanged(cell, cell);
        }
}

bool SweepPointsModel::languageModel() const { return m_reference.val.count("perplexity") > 0 && !pairs(); }

bool SweepPointsModel::pairs() const { return m_reference.val.count("exact_match") > 0; }

int SweepPointsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_points.size());
}

int SweepPointsModel::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : ColumnCount; }

namespace {
QVariant metric(const std::map<std::string, double>& val, const char* key)
{
    const auto it = val.find(key);
    return it == val.end() ? QVariant() : QVariant(it->second);
}

QString fixed(const QVariant& v, int decimals)
{
    return v.isValid() ? QLocale().toString(v.toDouble(), 'f', decimals) : QString();
}
}  // namespace

QVariant SweepPointsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const auto& p = m_points[static_cast<std::size_t>(index.row())];
    const bool lm = languageModel();
    // An encoder–decoder's quality is its exact match, beside its token error rate.
    const char* quality = pairs() ? "exact_match" : lm ? "perplexity" : "accuracy";
    const char* secondary = pairs() ? "token_error_rate" : "macro_f1";
    const double share = m_reference.params > 0 ? static_cast<double>(p.params) / static_cast<double>(m_reference.params) : 0;
    if (role == Qt::UserRole) {  // sort keys
        switch (index.column()) {
        case Parameters: return QVariant::fromValue<qint64>(p.params);
        case Share: return share;
        case Flops: return QVariant::fromValue<qint64>(p.flopsPerToken);
        case Loss: return metric(p.val, "loss");
        case Quality: return metric(p.val, quality);
        case Secondary: return metric(p.val, secondary);
        case Before: return metric(p.valBefore, quality);
        case SavedRun: return QVariant::fromValue<qint64>(p.savedRunId);
        default: return data(index, Qt::DisplayRole);
        }
    }
    if (role == Qt::TextAlignmentRole)
        return index.column() >= Parameters ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    if (role == Qt::ToolTipRole && index.column() == Setting) {
        QStringList lines;
        for (const auto& l : p.layers)
            lines << (l.rank > 0 ? tr("%1: rank %2, relative error %3")
                                       .arg(QString::fromStdString(l.name))
                                       .arg(l.rank)
                                       .arg(l.relativeError, 0, 'f', 4)
                                 : tr("%1: dense").arg(QString::fromStdString(l.name)));
        return lines.join(QLatin1Char('\n'));
    }
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Mode: return modeName(p.mode);
    case Setting: return pointSetting(p);
    case Parameters: return QLocale().toString(static_cast<qlonglong>(p.params));
    case Share: return QStringLiteral("%1%").arg(100 * share, 0, 'f', 1);
    case Flops: return QLocale().toString(static_cast<qlonglong>(p.flopsPerToken));
    case Loss: return fixed(metric(p.val, "loss"), 4);
    case Quality: return fixed(metric(p.val, quality), lm ? 2 : 4);
    case Secondary: return lm ? QVariant() : QVariant(fixed(metric(p.val, secondary), 4));
    case Before: return fixed(metric(p.valBefore, quality), lm ? 2 : 4);
    case SavedRun: return p.savedRunId > 0 ? QStringLiteral("#%1").arg(p.savedRunId) : QString();
    default: return {};
    }
}

QVariant SweepPointsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    const bool lm = languageModel();
    if (pairs()) {
        switch (section) {
        case Quality: return tr("Exact match");
        case Secondary: return tr("Token error rate");
        case Before: return tr("Exact match before fine-tuning");
        default: break;
        }
    }
    switch (section) {
    case Mode: return tr("Mode");
    case Setting: return tr("Setting");
    case Parameters: return tr("Parameters");
    case Share: return tr("Of model");
    case Flops: return tr("FLOPs/token");
    case Loss: return tr("Val loss");
    case Quality: return lm ? tr("Perplexity") : tr("Accuracy");
    case Secondary: return lm ? QString() : tr("Macro-F1");
    case Before: return lm ? tr("Perplexity before fine-tuning") : tr("Accuracy before fine-tuning");
    case SavedRun: return tr("Saved as");
    default: return {};
    }
}

}  // namespace lathe::gui
