#include "compress/SweepTask.h"

#include "common/CoreText.h"
#include "util/Message.h"

#include "store/RunStore.h"

namespace lathe::gui {

namespace {
// Points are handed to the GUI at ~20 Hz.
constexpr int kDrainMs = 50;
}  // namespace

// What the worker leaves for the GUI; everything under the mutex except `cancel`.
struct SweepTask::Shared : SweepListener {
    std::atomic<bool> cancel{false};
    std::mutex mutex;
    bool spectraFresh = false;
    std::vector<LayerSpectrum> spectra;
    SweepPoint reference;
    std::vector<SweepPoint> points;
    int done = 0, total = 0, sweepsDone = 0, sweeps = 1;
    bool finished = false, cancelled = false;
    Message error;
    double seconds = 0;

    void onSpectra(const std::vector<LayerSpectrum>& s, const SweepPoint& r) override
    {
        std::lock_guard lock(mutex);
        // A second sweep of the same run reports the same spectra; show them once.
        if (sweepsDone == 0) {
            spectra = s;
            reference = r;
            spectraFresh = true;
        }
    }
    void onPoint(const SweepPoint& p, int doneInSweep, int totalInSweep) override
    {
        std::lock_guard lock(mutex);
        points.push_back(p);
        ++done;
        // Later sweeps of a pair evaluate as many points as this one.
        total = done - doneInSweep + totalInSweep * (sweeps - sweepsDone);
    }
};

SweepTask::SweepTask(QObject* parent) : QObject(parent)
{
    m_drain.setInterval(kDrainMs);
    connect(&m_drain, &QTimer::timeout, this, &SweepTask::drain);
}

SweepTask::~SweepTask()
{
    cancel();
    // m_worker joins here.
}

bool SweepTask::start(RunStore* store, qint64 runId, std::vector<SweepSettings> sweeps)
{
    if (m_running || !store || sweeps.empty())
        return false;
    if (m_worker.joinable())
        m_worker.join();
    m_shared = std::make_shared<Shared>();
    m_shared->sweeps = static_cast<int>(sweeps.size());
    m_running = true;
    m_worker = std::jthread([shared = m_shared, store, runId, sweeps = std::move(sweeps)] {
        double seconds = 0;
        bool cancelled = false;
        Message error;
        try {
            for (const auto& s : sweeps) {
                const auto out = runRankSweep(*store, runId, s, shared.get(), &shared->cancel);
                seconds += out.seconds;
                {
                    std::lock_guard lock(shared->mutex);
                    ++shared->sweepsDone;
                }
                if (out.cancelled) {
                    cancelled = true;
                    break;
                }
            }
        } catch (const std::exception& e) {
            error = messageOf(e);
        }
        std::lock_guard lock(shared->mutex);
        shared->finished = true;
        shared->cancelled = cancelled;
        shared->error = error;
        shared->seconds = seconds;
    });
    m_drain.start();
    return true;
}

void SweepTask::cancel()
{
    if (m_shared)
        m_shared->cancel.store(true);
}

void SweepTask::drain()
{
    if (!m_shared)
        return;
    bool spectraFresh = false, ended = false, cancelled = false;
    std::vector<LayerSpectrum> spectra;
    SweepPoint reference;
    std::vector<SweepPoint> points;
    int done = 0, total = 0;
    Message error;
    double seconds = 0;
    {
        std::lock_guard lock(m_shared->mutex);
        if (m_shared->spectraFresh) {
            spectra = m_shared->spectra;
            reference = m_shared->reference;
            spectraFresh = true;
            m_shared->spectraFresh = false;
        }
        points.swap(m_shared->points);
        done = m_shared->done;
        total = m_shared->total;
        ended = m_shared->finished;
        cancelled = m_shared->cancelled;
        error = m_shared->error;
        seconds = m_shared->seconds;
    }
    if (spectraFresh)
        Q_EMIT spectraReady(spectra, reference);
    if (!points.empty())
        Q_EMIT pointsReady(points);
    Q_EMIT progress(done, total);
    if (ended) {
        m_drain.stop();
        if (m_worker.joinable())
            m_worker.join();
        m_running = false;
        Q_EMIT finished(cancelled, coreText(error), seconds);
    }
}

}  // namespace lathe::gui
