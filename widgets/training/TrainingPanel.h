#pragma once
// Model and training settings, start/pause/stop, and live charts of the run.
#include <QString>
#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace lathe {
class RunStore;
struct RunConfig;
}  // namespace lathe

namespace lathe::gui {

class MetricChart;
class TrainingSession;

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    explicit TrainingPanel(QWidget* parent = nullptr);

    // The dataset to train on; `labelled` chooses classifier or language-model families.
    void setDataset(const QString& path, bool labelled);
    // Where runs are recorded; training is disabled without one.
    void setStore(RunStore* store);
    void setThreads(int threads);
    int threads() const;
    void setSteps(int steps);

    void startTraining();
    void togglePause();
    void stopTraining();

    TrainingSession* session() const { return m_session; }
    QString resultText() const;
    QString statusText() const;

Q_SIGNALS:
    void runFinished(qint64 runId);
    void threadsChanged(int threads);

private:
    RunConfig config() const;
    void fillModels(bool labelled);
    void updateButtons();
    void onStarted(qint64 runId, qint64 totalSteps, qint64 parameters);
    void onMetrics(const QStringList& keys);
    void onProgress(qint64 step, qint64 totalSteps, double tokensPerSecond);
    void onFinished();

    TrainingSession* m_session;
    RunStore* m_store = nullptr;
    QString m_datasetPath;
    bool m_labelled = true;
    QComboBox* m_model;
    QComboBox* m_tokenizer;
    QSpinBox* m_steps;
    QSpinBox* m_batch;
    QSpinBox* m_threads;
    QPushButton* m_start;
    QPushButton* m_pause;
    QPushButton* m_stop;
    QProgressBar* m_progress;
    QLabel* m_status;
    QLabel* m_result;
    MetricChart* m_lossChart;
    MetricChart* m_qualityChart;
};

}  // namespace lathe::gui
