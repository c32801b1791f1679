#pragma once
// A study's trials as a table: number, state, value, steps, duration, the trial's run, and one
// column per searched parameter ('none' where a conditional one was off). Rows are updated in
// place as the study reports, so the table stays sortable and its selection survives.
#include "store/StudyRecord.h"

#include <QAbstractTableModel>
#include <QStringList>

#include <map>
#include <vector>

namespace lathe::gui {

class TrialsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;

    // Replaces every row (a study opened).
    void setTrials(std::vector<TrialRecord> trials);
    // Puts in trials by number: changed ones in place, new ones appended.
    void upsert(const std::vector<TrialRecord>& trials);
    const std::vector<TrialRecord>& trials() const { return m_trials; }
    const TrialRecord& trialAt(int row) const { return m_trials.at(static_cast<std::size_t>(row)); }
    QStringList parameterNames() const { return m_params; }
    // Each row's parameters, parsed once (aligned with trials()), for the views to share.
    const std::vector<QVariantMap>& values() const { return m_values; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // A state for people: complete, pruned, failed or running, translated.
    static QString stateText(const std::string& state);

private:
    // The run stays beside the fixed columns, in view however many parameters follow.
    enum Column { Number, State, Value, Steps, Duration, Run, FirstParam };
    bool collectParameters(const TrialRecord& t);

    std::vector<TrialRecord> m_trials;
    std::vector<QVariantMap> m_values;  // each row's parameters, parsed once
    std::map<std::int64_t, std::size_t> m_rowOf;
    QStringList m_params;
};

}  // namespace lathe::gui
