#pragma once
// Model and training settings (or a word-vectors run's) and Start / Pause / Resume / Stop. The
// run's curves are in the Live panel, which follows the same TrainingSession.
#include "data/TextDataset.h"

#include <QString>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QStackedWidget;

namespace lathe {
class RunStore;
struct RunConfig;
}  // namespace lathe

namespace lathe::gui {

class TrainingForm;
class TrainingSession;
class VaeForm;
class VectorsForm;

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(QWidget* parent = nullptr);

    // The dataset to train on; `labelled` chooses classifier or language-model families.
    // `read`: how the Data panel read it (format and columns; a target column for pairs), which
    // the run reads it with too.
    void setDataset(const QString& path, bool labelled, int classCount = 2, const LoadOptions& read = {});
    // Where runs are recorded; training is disabled without one.
    void setStore(RunStore* store);
    // Re-reads the runs the form offers as distillation teachers and fine-tuning bases (after runs are added).
    void refreshTrainedRuns();
    void setThreads(int threads);
    int threads() const;
    void setSteps(int steps);

    void startTraining();
    void togglePause();
    void stopTraining();
    // Fills the form from a run configuration in JSON (Copy as Config, or a file for
    // lathe-cli train --config); returns an error message, empty on success.
    QString applyConfigJson(const QString& json);
    // Continues a stopped or crashed run from its last checkpoint.
    bool resumeRun(qint64 runId);

    TrainingSession* session() const { return m_session; }
    TrainingForm* form() const { return m_form; }
    VectorsForm* vectorsForm() const { return m_vectorsForm; }
    VaeForm* vaeForm() const { return m_vaeForm; }
    // What Start trains: a model (the model form), word vectors or a text VAE (their forms).
    enum class Target { Model, WordVectors, TextVae };
    void setTarget(Target target);
    Target target() const;
    void setTrainsVectors(bool vectors) { setTarget(vectors ? Target::WordVectors : Target::Model); }
    bool trainsVectors() const { return target() == Target::WordVectors; }
    QString resultText() const;
    QString statusText() const;
    // The form's settings with the open dataset: what Start would train.
    RunConfig config() const;

Q_SIGNALS:
    void runFinished(qint64 runId);
    void threadsChanged(int threads);
    void runStarted(qint64 runId);

private:
    void updateButtons();
    void onStarted(qint64 runId, qint64 totalSteps, qint64 parameters);
    void onProgress(qint64 step, qint64 totalSteps, double tokensPerSecond);
    void onFinished();
    QString modelResultText() const;
    QString vectorsResultText() const;
    QString vaeResultText() const;
    QString currentProblems() const;

    TrainingSession* m_session;
    RunStore* m_store = nullptr;
    QString m_datasetPath;
    LoadOptions m_read;
    TrainingForm* m_form;
    VectorsForm* m_vectorsForm;
    VaeForm* m_vaeForm;
    QComboBox* m_what;
    QStackedWidget* m_forms;
    QPushButton* m_start;
    QPushButton* m_pause;
    QPushButton* m_stop;
    QLabel* m_status;
    QLabel* m_result;
};

}  // namespace lathe::gui
