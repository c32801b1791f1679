#pragma once
// The GUI's handle on one training run: runs lathe::train on a worker thread and hands
// its metrics to the GUI thread in coalesced batches (DESIGN.md, "The seam").
#include "train/Training.h"

#include <QHash>
#include <QObject>
#include <QPointF>
#include <QString>
#include <QTimer>
#include <QVector>

#include <memory>

namespace lathe::gui {

class TrainingSession : public QObject {
    Q_OBJECT
public:
    explicit TrainingSession(QObject* parent = nullptr);
    ~TrainingSession() override;  // stops a running run and waits for it

    // Starts a run; returns false (and does nothing) while one is running.
    bool start(const RunConfig& config, RunStore* store);
    void pause();
    void resume();
    void stop();

    bool isRunning() const { return m_worker != nullptr; }
    bool isPaused() const;
    qint64 runId() const { return m_runId; }
    // Every metric point received so far, per key (x: step, y: value).
    const QHash<QString, QVector<QPointF>>& series() const { return m_series; }
    // Valid after finished().
    const TrainOutcome& outcome() const { return m_outcome; }

Q_SIGNALS:
    void started(qint64 runId, qint64 totalSteps, qint64 parameters);
    void metricsAppended(const QStringList& keys);
    void progressed(qint64 step, qint64 totalSteps, double tokensPerSecond);
    void finished();

private:
    struct Shared;
    class Worker;
    void drain();

    std::shared_ptr<Shared> m_shared;
    std::unique_ptr<Worker> m_worker;
    QTimer m_drainTimer;
    QHash<QString, QVector<QPointF>> m_series;
    TrainOutcome m_outcome;
    qint64 m_runId = 0;
};

}  // namespace lathe::gui
