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

int workerCount(int threads)
{
    return threads > 0 ? threads : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

}  // namespace lathe::vectors
