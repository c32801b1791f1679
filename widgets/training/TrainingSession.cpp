#include "training/TrainingSession.h"
#include "kernels/Threads.h"

#include "data/DataError.h"
#include "vectors/VectorsRun.h"

#include <mutex>
#include <stdexcept>
#include <thread>

namespace lathe::gui {

// 10 Hz: fast enough to look live; each drain redraws charts on the GUI thread, which on a
// machine whose cores all train takes time from the run (lathe-bench-gui, docs/benchmarks.md).
constexpr int kDrainIntervalMs = 100;

namespace {
// A word-vectors or VAE request reads the dataset as the Data panel read it.
template <typename Request>
void readAs(Request& request, const QString& path, const LoadOptions& read, RunStore* store)
{
    request.dataPath = path.toStdString();
    request.format = toString(read.format);
    request.textColumn = read.textColumn;
    request.replaceInvalidUtf8 = read.replaceInvalidUtf8;
    request.store = store;
}
}  // namespace

// Written by the training thread, read by the GUI thread under the mutex.
struct TrainingSession::Shared : TrainingListener {
    std::mutex mutex;
    std::vector<MetricPoint> points;
    std::vector<StreamArrival> arrivals;
    bool startedPending = false;
    std::int64_t runId = 0, totalSteps = 0, parameters = 0;
    bool progressPending = false;
    std::int64_t step = 0;
    double tokensPerSecond = 0;
    bool done = false;
    TrainOutcome outcome;
    TrainingControl control;

    void onStarted(std::int64_t id, std::int64_t total, std::int64_t params) override
    {
        std::lock_guard lock(mutex);
        startedPending = true;
        runId = id, totalSteps = total, parameters = params;
    }
    void onMetrics(const std::vector<MetricPoint>& batch) override
    {
        std::lock_guard lock(mutex);
        points.insert(points.end(), batch.begin(), batch.end());
    }
    void onArrival(const StreamArrival& arrival) override
    {
        std::lock_guard lock(mutex);
        arrivals.push_back(arrival);
    }
    void onProgress(std::int64_t s, std::int64_t total, double tps) override
    {
        std::lock_guard lock(mutex);
        progressPending = true;
        step = s, totalSteps = total, tokensPerSecond = tps;
    }
};

class TrainingSession::Worker {
public:
    Worker(std::shared_ptr<Shared> shared, std::function<TrainOutcome(Shared&)> job)
        : m_thread([shared, job = std::move(job)] {
              // Below the GUI thread: with every core training, the window still repaints on time.
              kernels::lowerThisThreadsPriority();
              TrainOutcome outcome;
              try {
                  outcome = job(*shared);
              } catch (const std::exception& e) {
                  // Bad data or settings: no run was created.
                  outcome.status = RunStatus::Failed;
                  outcome.message = messageOf(e);
              }
              std::lock_guard lock(shared->mutex);
              shared->outcome = std::move(outcome);
              shared->done = true;
          })
    {
    }
    ~Worker() { m_thread.join(); }

private:
    std::thread m_thread;
};

TrainingSession::TrainingSession(QObject* parent) : QObject(parent)
{
    m_drainTimer.setInterval(kDrainIntervalMs);
    connect(&m_drainTimer, &QTimer::timeout, this, &TrainingSession::drain);
}

TrainingSession::~TrainingSession()
{
    if (m_shared)
        m_shared->control.requestStop();
    m_worker.reset();
}

bool TrainingSession::start(const RunConfig& config, RunStore* store, qint64 resumeRunId)
{
    if (m_worker)
        return false;
    TrainRequest request;
    request.config = config;
    request.store = store;
    request.resumeRunId = resumeRunId;
    launch(Job::Model, [request](Shared& shared) mutable {
        request.listener = &shared;
        request.control = &shared.control;
        return train(request);
    });
    m_follows = config.data.follow;
    return true;
}

bool TrainingSession::startVectors(const VectorsConfig& config, const QString& dataPath, const LoadOptions& read,
                                   RunStore* store)
{
    if (m_worker)
        return false;
    VectorsRunRequest request;
    request.config = config;
    readAs(request, dataPath, read, store);
    launch(Job::WordVectors, [request](Shared& shared) mutable {
        request.listener = &shared;
        request.control = &shared.control;
        const auto v = trainVectorsRun(request);
        TrainOutcome o;
        o.status = v.status;
        o.runId = v.runId;
        o.steps = v.wordsDone;
        o.parameters = v.vocabulary * request.config.dim * 2;
        o.tokensPerSecond = v.wordsPerSecond;
        o.seconds = v.seconds;
        o.validation = {{"loss", v.loss}, {"vocabulary", double(v.vocabulary)}, {"words_per_s", v.wordsPerSecond}};
        return o;
    });
    return true;
}

bool TrainingSession::startVae(const VaeConfig& config, const QString& dataPath, const LoadOptions& read, RunStore* store)
{
    if (m_worker)
        return false;
    VaeRunRequest request;
    request.config = config;
    readAs(request, dataPath, read, store);
    request.labelColumn = read.labelColumn;
    launch(Job::TextVae, [request](Shared& shared) mutable {
        request.listener = &shared;
        request.control = &shared.control;
        const auto v = trainVaeRun(request);
        TrainOutcome o;
        o.status = v.status;
        o.runId = v.runId;
        o.steps = v.steps;
        o.parameters = v.parameters;
        o.tokensPerSecond = v.tokensPerSecond;
        o.seconds = v.seconds;
        const auto& s = v.validation;
        o.validation = {{"loss", s.reconstruction + s.kl}, {"elbo", s.elbo}, {"reconstruction", s.reconstruction},
                        {"kl", s.kl}, {"active_units", double(s.activeUnits)}};
        if (s.iwaeNll > 0) {
            o.validation["iwae_nll"] = s.iwaeNll;
            o.validation["perplexity"] = s.perplexity;
        }
        o.message = v.warning;
        return o;
    });
    return true;
}

void TrainingSession::launch(Job kind, std::function<TrainOutcome(Shared&)> job)
{
    m_job = kind;
    m_series.clear();
    m_arrivals.clear();
    m_follows = false;
    m_outcome = {};
    m_runId = 0;
    m_shared = std::make_shared<Shared>();
    m_worker = std::make_unique<Worker>(m_shared, std::move(job));
    m_drainTimer.start();
}

void TrainingSession::pause()
{
    if (m_shared)
        m_shared->control.pause();
}

void TrainingSession::resume()
{
    if (m_shared)
        m_shared->control.resume();
}

void TrainingSession::stop()
{
    if (m_shared)
        m_shared->control.requestStop();
}

bool TrainingSession::isPaused() const
{
    return m_worker && m_shared->control.paused();
}

void TrainingSession::drain()
{
    std::vector<MetricPoint> points;
    std::vector<StreamArrival> arrivals;
    bool startedPending = false, progressPending = false, done = false;
    std::int64_t total = 0, params = 0, step = 0;
    double tps = 0;
    {
        std::lock_guard lock(m_shared->mutex);
        points.swap(m_shared->points);
        arrivals.swap(m_shared->arrivals);
        std::swap(startedPending, m_shared->startedPending);
        std::swap(progressPending, m_shared->progressPending);
        m_runId = m_shared->runId;
        total = m_shared->totalSteps, params = m_shared->parameters;
        step = m_shared->step, tps = m_shared->tokensPerSecond;
        done = m_shared->done;
        if (done)
            m_outcome = m_shared->outcome;
    }
    if (startedPending)
        Q_EMIT started(m_runId, total, params);
    if (!points.empty()) {
        QStringList keys;
        for (const auto& p : points) {
            const auto key = QString::fromStdString(p.key);
            if (!keys.contains(key))
                keys << key;
            m_series[key].append(MetricSample{double(p.step), p.wallTime, p.value});
        }
        Q_EMIT metricsAppended(keys);
    }
    if (!arrivals.empty()) {
        for (auto& a : arrivals)
            m_arrivals.append(std::move(a));
        Q_EMIT arrivalsAppended(int(arrivals.size()));
    }
    if (progressPending)
        Q_EMIT progressed(step, total, tps);
    if (done) {
        m_drainTimer.stop();
        m_worker.reset();
        Q_EMIT finished();
    }
}

}  // namespace lathe::gui
