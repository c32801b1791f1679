#pragma once
// The thread loop word2vec and GloVe share: workers on their shares of one epoch, the calling
// thread reporting every so often, a stop asked for by the report reaching every worker.
#include <atomic>
#include <functional>

namespace lathe::vectors {

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
