#include "studies/TrialsModel.h"

#include "common/CoreText.h"

#include <QColor>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace lathe::gui {

namespace {
QVariantMap parse(const TrialRecord& t)
{
    return QJsonDocument::fromJson(QByteArray::fromStdString(t.paramsJson)).object().toVariantMap();
}
}  // namespace

QString TrialsModel::stateText(const std::string& state)
{
    if (state == "complete")
        return tr("complete");
    if (state == "pruned")
        return tr("pruned");
    if (state == "failed")
        return tr("failed");
    return tr("running");
}

bool TrialsModel::collectParameters(const TrialRecord& t)
{
    bool added = false;
    for (const auto& name : parse(t).keys())
        if (!m_params.contains(name)) {
            m_params.append(name);
            added = true;
        }
    if (added)
        m_params.sort();
    return added;
}

void TrialsModel::setTrials(std::vector<TrialRecord> trials)
{
    beginResetModel();
    m_trials = std::move(trials);
    m_values.clear();
    m_rowOf.clear();
    m_params.clear();
    for (std::size_t i = 0; i < m_trials.size(); ++i) {
        collectParameters(m_trials[i]);
        m_values.push_back(parse(m_trials[i]));
        m_rowOf[m_trials[i].number] = i;
    }
    endResetModel();
}

void TrialsModel::upsert(const std::vector<TrialRecord>& trials)
{
    bool newColumns = false;
    for (const auto& t : trials)
        newColumns = collectParameters(t) || newColumns;
    if (newColumns) {
        // A conditional parameter seen for the first time: the columns change.
        auto all = m_trials;
        for (const auto& t : trials) {
            if (auto it = m_rowOf.find(t.number); it != m_rowOf.end())
                all[it->second] = t;
            else
                all.push_back(t), m_rowOf[t.number] = all.size() - 1;
        }
        setTrials(std::move(all));
        return;
    }
    for (const auto& t : trials) {
        if (auto it = m_rowOf.find(t.number); it != m_rowOf.end()) {
            const int row = static_cast<int>(it->second);
            m_trials[it->second] = t;
            m_values[it->second] = parse(t);
            Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
        } else {
            const int row = static_cast<int>(m_trials.size());
            beginInsertRows({}, row, row);
            m_trials.push_back(t);
            m_values.push_back(parse(t));
            m_rowOf[t.number] = m_trials.size() - 1;
            endInsertRows();
        }
    }
}

int TrialsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_trials.size());
}

int TrialsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : FirstParam + static_cast<int>(m_params.size());
}

QVariant TrialsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const auto& t = m_trials[static_cast<std::size_t>(index.row())];
    const int c = index.column();
    if (role == Qt::TextAlignmentRole)
        return c == State ? QVariant() : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && (t.state == "failed" || t.state == "pruned") && c == State)
        return QColor(t.state == "failed" ? QColor(180, 40, 40) : QColor(120, 120, 120));
    if (role == Qt::ToolTipRole && c == State && !t.message.empty())
        return coreText(t.message);
    // Sorting uses the raw numbers (EditRole); the table shows formatted text.
    const bool display = role == Qt::DisplayRole;
    if (!display && role != Qt::EditRole)
        return {};
    switch (c) {
    case Number: return qint64(t.number);
    case State: return stateText(t.state);
    case Value:
        if (!t.value || std::isnan(*t.value))
            return display ? QVariant(QString()) : QVariant();
        return display ? QVariant(QString::number(*t.value, 'g', 5)) : QVariant(*t.value);
    case Steps: return qint64(t.steps);
    case Duration: {
        if (t.finished <= 0)
            return display ? QVariant(QString()) : QVariant();
        const double s = t.finished - t.started;
        return display ? QVariant(tr("%1 s").arg(s, 0, 'f', 1)) : QVariant(s);
    }
    case Run: return t.runId > 0 ? QVariant(qint64(t.runId)) : QVariant();
    default: break;
    }
    const auto& name = m_params.at(c - FirstParam);
    const auto& values = m_values[static_cast<std::size_t>(index.row())];
    if (!values.contains(name))
        return display ? QVariant(tr("none")) : QVariant();  // a conditional parameter that was off
    const auto v = values.value(name);
    if (display && v.typeId() == QMetaType::Double)
        return QString::number(v.toDouble(), 'g', 4);
    return v;
}

QVariant TrialsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Number: return tr("Trial");
    case State: return tr("State");
    case Value: return tr("Value");
    case Steps: return tr("Steps");
    case Duration: return tr("Duration");
    case Run: return tr("Run");
    default: break;
    }
    return m_params.value(section - FirstParam);
}

}  // namespace lathe::gui
