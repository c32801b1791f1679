#include "train/ThreadTuner.h"

#include <algorithm>

namespace lathe {

namespace {
// The mean step time without the slowest step: what the steps cost in throughput (a median
// hides the stalls of threads that share a core with another process, which on a busy core come
// every few steps), without letting one outlier (a page-fault burst, a slow first step) decide.
double typical(std::vector<double> v)
{
    if (v.empty())
        return 0;
    if (v.size() > 2)
        v.erase(std::max_element(v.begin(), v.end()));
    double sum = 0;
    for (double s : v)
        sum += s;
    return sum / static_cast<double>(v.size());
}
// Steps in the sliding window that watches for a slowdown between trials.
constexpr std::size_t kRecentWindow = 8;
// Steps not counted after the thread count changes.
constexpr int kSkipAfterChange = 2;
}  // namespace

ThreadTuner::ThreadTuner(Settings settings) : m_settings(settings)
{
    m_settings.maxThreads = std::max(1, m_settings.maxThreads);
    m_settings.stepsPerTrial = std::max(1, m_settings.stepsPerTrial);
    for (int n = m_settings.maxThreads; n >= 1; n /= 2)
        m_candidates.push_back(n);
    m_current = m_candidates.front();
    if (m_candidates.size() > 1) {
        startTrial();
        // A run's first steps are its warm-up (allocations, caches): not counted either.
        m_skip = 2;
    }
}

void ThreadTuner::startTrial()
{
    m_inTrial = true;
    m_candidate = 0;
    m_typicals.clear();
    m_samples.clear();
    // A changed count's first steps pay for the change (threads waking and finding their cores).
    m_skip = m_current != m_candidates[0] ? kSkipAfterChange : 0;
    m_current = m_candidates[0];
}

void ThreadTuner::finishCandidate()
{
    m_typicals.push_back(typical(m_samples));
    m_samples.clear();
    if (++m_candidate < m_candidates.size()) {
        m_current = m_candidates[m_candidate];
        m_skip = kSkipAfterChange;
        return;
    }
    const auto best = std::min_element(m_typicals.begin(), m_typicals.end()) - m_typicals.begin();
    m_current = m_candidates[static_cast<std::size_t>(best)];
    m_bestTypical = m_typicals[static_cast<std::size_t>(best)];
    m_inTrial = false;
    m_sinceTrial = 0;
    m_recent.clear();
    ++m_trials;
}

void ThreadTuner::record(double seconds)
{
    if (m_candidates.size() < 2)
        return;
    if (m_inTrial) {
        if (m_skip > 0) {
            --m_skip;
            return;
        }
        m_samples.push_back(seconds);
        if (static_cast<int>(m_samples.size()) >= m_settings.stepsPerTrial)
            finishCandidate();
        return;
    }
    ++m_sinceTrial;
    m_recent.push_back(seconds);
    if (m_recent.size() > kRecentWindow)
        m_recent.erase(m_recent.begin());
    const bool slower = m_recent.size() == kRecentWindow && typical(m_recent) > m_settings.slowdown * m_bestTypical;
    if (m_sinceTrial >= m_settings.period || slower)
        startTrial();
}

}  // namespace lathe
