#include "vectors/VectorsThreads.h"

#include <algorithm>
#include <chrono>
#include <thread>
#include <vector>

namespace lathe::vectors {

void runWorkers(int threads, const std::function<void(int)>& work, std::atomic<bool>& stop,
                const std::function<bool()>& poll, double everySeconds)
{
    using Clock = std::chrono::steady_clock;
    std::atomic<int> running{threads};
    std::vector<std::thread> pool;
    pool.reserve(static_cast<std::size_t>(threads));
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            work(t);
            --running;
        });
    auto last = Clock::now();
    try {
        while (running.load() > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
            if (poll && std::chrono::duration<double>(Clock::now() - last).count() >= everySeconds &&
                running.load() > 0) {
                last = Clock::now();
                if (!poll())
                    stop = true;
            }
        }
    } catch (...) {
        stop = true;
        for (auto& th : pool)
            th.join();
        throw;
    }
    for (auto& th : pool)
        th.join();
}

bool pausePoint(const std::function<bool()>& waitWhilePaused, std::atomic<double>& pausedSeconds)
{
    if (!waitWhilePaused)
        return true;
    const auto before = std::chrono::steady_clock::now();
    const bool go = waitWhilePaused();
    if (const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - before).count(); s > 1e-3)
        pausedSeconds.fetch_add(s, std::memory_order_relaxed);
    return go;
}

void ProgressMeter::fill(VectorsProgress& p)
{
    double loss = 0;
    std::int64_t count = 0;
    for (auto& t : m_tallies) {
        loss += t.loss.exchange(0);
        count += t.count.exchange(0);
    }
    m_epochLoss += loss;
    m_epochCount += count;
    p.loss = count ? loss / static_cast<double>(count) : 0;
    const auto now = Clock::now();
    const double dt = std::chrono::duration<double>(now - m_last).count();
    p.wordsPerSecond = dt > 0 ? static_cast<double>(p.effectiveWords - m_lastWords) / dt : 0;
    p.seconds = seconds();
    m_last = now;
    m_lastWords = p.effectiveWords;
}

double ProgressMeter::seconds() const
{
    double paused = 0;
    for (const auto& t : m_tallies)
        paused = std::max(paused, t.pausedSeconds.load());
    return std::chrono::duration<double>(Clock::now() - m_start).count() - paused;
}

int workerCount(int threads)
{
    return threads > 0 ? threads : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

}  // namespace lathe::vectors
