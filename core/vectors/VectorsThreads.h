#pragma once
// The thread loop word2vec and GloVe share: workers on their shares of one epoch, the calling
// thread reporting every so often, a stop asked for by the report reaching every worker.
#include "vectors/Word2Vec.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <vector>

namespace lathe::vectors {

// What one worker adds up between reports, taken (and reset) by the reporter.
struct WorkerTally {
    std::atomic<double> loss{0};
    std::atomic<std::int64_t> count{0};  // the predictions (word2vec) or co-occurrences (GloVe) the loss is over
    std::atomic<double> pausedSeconds{0};
};

// The reporter's side of the tallies: the loss since the last report and over the epoch, the
// rate since the last report, and the seconds trained (pauses left out: the longest any worker waited).
class ProgressMeter {
public:
    explicit ProgressMeter(std::vector<WorkerTally>& tallies) : m_tallies(tallies) {}
    void startEpoch() { m_epochLoss = 0, m_epochCount = 0; }
    // Sets p.loss, p.wordsPerSecond (from p.effectiveWords) and p.seconds.
    void fill(VectorsProgress& p);
    double epochLoss() const { return m_epochCount ? m_epochLoss / static_cast<double>(m_epochCount) : 0; }
    double seconds() const;

private:
    using Clock = std::chrono::steady_clock;
    std::vector<WorkerTally>& m_tallies;
    Clock::time_point m_start = Clock::now(), m_last = m_start;
    std::int64_t m_lastWords = 0;
    double m_epochLoss = 0;
    std::int64_t m_epochCount = 0;
};

// Runs work(t) for t < threads on their own threads and, while any runs, calls poll() on this
// thread every `everySeconds`; poll returning false sets `stop` (the workers read it). When poll
// throws (a store write that failed), `stop` is set and every worker joined before the error goes
// on: no thread is left running.
void runWorkers(int threads, const std::function<void(int)>& work, std::atomic<bool>& stop,
                const std::function<bool()>& poll, double everySeconds);

// A worker's pause point between pieces of work: calls waitWhilePaused (when given), which
// blocks while the user has paused, and adds the time it blocked to `pausedSeconds` (so the
// words per second leave pauses out). False: stop.
bool pausePoint(const std::function<bool()>& waitWhilePaused, std::atomic<double>& pausedSeconds);

// The thread count `threads` asks for: itself, or every core for 0.
int workerCount(int threads);

}  // namespace lathe::vectors
