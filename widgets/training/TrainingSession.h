#pragma once
// The GUI's handle on one training run: runs lathe::train on a worker thread and hands
// its metrics to the GUI thread in coalesced batches (DESIGN.md, "The seam").
#include "charts/ChartTypes.h"
#include "train/Training.h"
#include "vae/VaeRun.h"
#include "vectors/Word2Vec.h"

#include <QHash>
#include <QObject>
#include <QString>
#include <QTimer>
#include <QVector>

#include <functional>
#include <memory>

namespace lathe::gui {

class TrainingSession : public QObject {
    Q_OBJECT
public:
    explicit TrainingSession(QObject* parent = nullptr);
    ~TrainingSession() override;  // stops a running run and waits for it

    // Starts a run; returns false (and does nothing) while one is running.
    // With `resumeRunId`, continues that run from its checkpoint instead.
    bool start(const RunConfig& config, RunStore* store, qint64 resumeRunId = 0);
    // Starts a word-vectors run (word2vec or GloVe) on the text of `dataPath`, read as `read`
    // says; steps are words. Its outcome's validation holds loss, vocabulary and words_per_s.
    bool startVectors(const VectorsConfig& config, const QString& dataPath, const LoadOptions& read, RunStore* store);
    // Starts a text-VAE run on the sentences of `dataPath`. Its outcome's validation holds loss
    // (−ELBO), elbo, reconstruction, kl, active_units, iwae_nll and perplexity; its message the
    // posterior-collapse warning, when there was one.
    bool startVae(const VaeConfig& config, const QString& dataPath, const LoadOptions& read, RunStore* store);
    void pause();
    void resume();
    void stop();

    bool isRunning() const { return m_worker != nullptr; }
    // The run (running or last started) follows its data (DataConfig::follow).
    bool follows() const { return m_follows; }
    // What the run (running or last finished) trains.
    enum class Job { Model, WordVectors, TextVae };
    Job job() const { return m_job; }
    // A word-vectors run: its steps are words.
    bool isVectors() const { return m_job == Job::WordVectors; }
    bool isPaused() const;
    qint64 runId() const { return m_runId; }
    // Every metric point received so far, per key, at full resolution.
    const QHash<QString, MetricSeries>& series() const { return m_series; }
    // Valid after finished().
    const TrainOutcome& outcome() const { return m_outcome; }
    // What reached the run while it followed its data (DataConfig::follow), oldest first.
    const QVector<StreamArrival>& arrivals() const { return m_arrivals; }

Q_SIGNALS:
    void started(qint64 runId, qint64 totalSteps, qint64 parameters);
    void metricsAppended(const QStringList& keys);
    void progressed(qint64 step, qint64 totalSteps, double tokensPerSecond);
    // `count` more arrivals at the end of arrivals().
    void arrivalsAppended(int count);
    void finished();

private:
    struct Shared;
    class Worker;
    void drain();
    void launch(Job kind, std::function<TrainOutcome(Shared&)> job);

    std::shared_ptr<Shared> m_shared;
    std::unique_ptr<Worker> m_worker;
    QTimer m_drainTimer;
    QHash<QString, MetricSeries> m_series;
    TrainOutcome m_outcome;
    QVector<StreamArrival> m_arrivals;
    bool m_follows = false;
    qint64 m_runId = 0;
    Job m_job = Job::Model;
};

}  // namespace lathe::gui
