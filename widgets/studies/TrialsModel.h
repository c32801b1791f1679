#pragma once
// A study's trials as a table: number, state, value, steps, duration, one column per searched
// parameter (empty where a conditional one was off), and the trial's run. Rows are updated in
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

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    // A state for people: complete, pruned, failed or running, translated.
    static QString stateText(const std::string& state);

private:
    enum Column { Number, State, Value, Steps, Duration, FirstParam };
    bool collectParameters(const TrialRecord& t);
    int runColumn() const { return FirstParam + static_cast<int>(m_params.size()); }

    std::vector<TrialRecord> m_trials;
    std::vector<QVariantMap> m_values;  // each row's parameters, parsed once
    std::map<std::int64_t, std::size_t> m_rowOf;
    QStringList m_params;
};

}  // namespace lathe::gui
