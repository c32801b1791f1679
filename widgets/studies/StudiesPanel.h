#pragma once
// Hyperparameter studies: set one up (what to search, the sampler, pruner, metric and budget;
// every trial starts from the Model & Training settings), run it with its trials in lathe-cli
// worker processes, and watch it: the optimisation history, every trial's intermediate values
// and a sortable table of the trials. Studies run from lathe-cli show here too, live.
#include "store/StudyRecord.h"
#include "train/RunConfig.h"

#include <QString>
#include <QWidget>

#include <functional>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTabWidget;
class QTableView;
class QTimer;

namespace lathe {
class RunStore;
}

namespace lathe::gui {

class HistoryChart;
class ImportanceChart;
class IntermediateChart;
class ParallelCoordinates;
class SliceChart;
template <typename T>
class BackgroundTask;
class SpaceEditor;
class StudyTask;
class TrialsModel;

class StudiesPanel : public QWidget {
    Q_OBJECT
public:
    explicit StudiesPanel(QWidget* parent = nullptr);
    ~StudiesPanel() override;

    void setStore(RunStore* store);
    // Where a new study's fixed settings come from (the Model & Training form and its dataset).
    void setFixedSettings(std::function<RunConfig()> settings);
    // The lathe-cli that trains each trial (found next to the workbench by default).
    void setWorkerProgram(const QString& path);
    static QString defaultWorkerProgram();

    // Starts a study with the panel's settings; false with the reason in statusText() when it
    // cannot (no store, no dataset, a bad range).
    bool startStudy();
    // Goes on with the shown study (stopped, or left running by a coordinator that died): its
    // finished trials kept, the ones left running trained again, up to its stored budget.
    bool resumeStudy();
    // Deletes the shown study and its trials (their runs stay), after asking when `confirm`.
    bool deleteShownStudy(bool confirm = true);
    void stopStudy();
    bool isRunning() const;
    // Shows a stored study (its charts and trials).
    void showStudy(qint64 studyId);
    qint64 shownStudy() const { return m_shown.id; }
    void refreshStudies();
    // The runs of the shown study's best `k` complete trials, best first.
    QList<qint64> topRuns(int k) const;
    QPushButton* trainAgainButton() const { return m_trainAgain; }
    QPushButton* resumeButton() const { return m_resume; }
    QPushButton* deleteButton() const { return m_delete; }
    QPushButton* compareButton() const { return m_compareTop; }

    QString statusText() const;
    QLineEdit* nameEdit() const { return m_name; }
    QComboBox* samplerBox() const { return m_sampler; }
    QComboBox* prunerBox() const { return m_pruner; }
    QComboBox* metricBox() const { return m_metric; }
    QSpinBox* trialsBox() const { return m_trials; }
    QSpinBox* workersBox() const { return m_workers; }
    SpaceEditor* spaceEditor() const { return m_space; }
    QComboBox* studyBox() const { return m_studyBox; }
    QTabWidget* views() const { return m_views; }
    HistoryChart* historyChart() const { return m_history; }
    IntermediateChart* intermediateChart() const { return m_intermediate; }
    ParallelCoordinates* parallelCoordinates() const { return m_parallel; }
    ImportanceChart* importanceChart() const { return m_importance; }
    SliceChart* sliceChart() const { return m_slice; }
    QComboBox* sliceParameterBox() const { return m_sliceParameter; }
    // Whether the importance of the shown trials is still being computed (off the GUI thread).
    bool importancePending() const;
    TrialsModel* trialsModel() const { return m_model; }
    QTableView* trialsTable() const { return m_table; }

Q_SIGNALS:
    // A trial's run was chosen (double-click in the table): the main window makes it current.
    void runChosen(qint64 runId);
    void studyFinished(qint64 studyId);
    // "Train Best Again": the best trial's run configuration, for the Model & Training form.
    void trainAgainRequested(const QString& configJson);
    // "Compare Top 5": the runs of the best complete trials, best first.
    void compareRequested(const QList<qint64>& runIds);

private:
    void onTrialsChanged(const std::vector<TrialRecord>& trials);
    void onFinished(const QString& status, const QString& error);
    void redrawViews();
    void redrawSlice();
    void computeImportance();
    void pollShownStudy();
    void updateButtons();
    QString nextStudyName() const;

    RunStore* m_store = nullptr;
    std::function<RunConfig()> m_fixed;
    QString m_workerProgram;
    StudyTask* m_task;
    StudyRecord m_shown;
    QLineEdit* m_name;
    QComboBox* m_sampler;
    QComboBox* m_pruner;
    QComboBox* m_metric;
    QSpinBox* m_trials;
    QSpinBox* m_workers;
    SpaceEditor* m_space;
    QPushButton* m_start;
    QPushButton* m_stop;
    QLabel* m_status;
    QComboBox* m_studyBox;
    QLabel* m_summary;
    QPushButton* m_resume;
    QPushButton* m_delete;
    QPushButton* m_trainAgain;
    QPushButton* m_compareTop;
    QTabWidget* m_views;
    HistoryChart* m_history;
    IntermediateChart* m_intermediate;
    ParallelCoordinates* m_parallel;
    ImportanceChart* m_importance;
    SliceChart* m_slice;
    QComboBox* m_sliceParameter;
    BackgroundTask<std::vector<std::pair<QString, double>>>* m_importanceTask;
    std::size_t m_importanceTrials = 0;  // complete trials the shown importance was computed from
    qint64 m_importanceStudy = 0;
    TrialsModel* m_model;
    QSortFilterProxyModel* m_sorted;
    QTableView* m_table;
    QTimer* m_poll;
    QTimer* m_redraw;
};

}  // namespace lathe::gui
