#pragma once
// One hyperparameter study run from the workbench: the coordinator (study/StudyRunner) on its
// own thread, its trials in lathe-cli worker processes. The coordinator's listener copies each
// changed trial into a buffer; the GUI drains it at ~20 Hz, so a study of thousands of quick
// trials never floods the event loop. Stop is cooperative: the workers are asked to stop and
// their trials end 'failed' (stopped with the study); --resume-like continuation is start()
// with `resume`.
#include "store/StudyRecord.h"
#include "study/StudyRunner.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <memory>
#include <thread>
#include <vector>

namespace lathe {
class RunStore;
}

namespace lathe::gui {

class StudyTask : public QObject {
    Q_OBJECT
public:
    explicit StudyTask(QObject* parent = nullptr);
    ~StudyTask() override;  // stops and joins a running study

    // Returns false (and does nothing) while another study runs.
    bool start(RunStore* store, study::StudySettings settings, bool resume);
    void stop();
    bool isRunning() const { return m_running; }
    qint64 studyId() const { return m_studyId; }

Q_SIGNALS:
    void started(qint64 studyId);
    // Trials that started, reported a value or ended since the last signal (latest state each).
    void trialsChanged(const std::vector<lathe::TrialRecord>& trials);
    // The study ended: status completed | stopped | failed, or refused (bad settings) with `error`.
    void finished(const QString& status, const QString& error);

private:
    struct Shared;
    void drain();

    std::shared_ptr<Shared> m_shared;
    std::jthread m_worker;
    QTimer m_drain;
    bool m_running = false;
    qint64 m_studyId = 0;
};

}  // namespace lathe::gui
