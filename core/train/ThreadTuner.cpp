#include "train/ThreadTuner.h"

#include <algorithm>

namespace lathe {

namespace {
double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    return v[v.size() / 2];
}
// Steps in the sliding window that watches for a slowdown between trials.
constexpr std::size_t kRecentWindow = 8;
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
    m_medians.clear();
    m_samples.clear();
    // A changed count's first step pays for the change (threads waking, caches).
    m_skip = m_current != m_candidates[0] ? 1 : 0;
    m_current = m_candidates[0];
}

void ThreadTuner::finishCandidate()
{
    m_medians.push_back(median(m_samples));
    m_samples.clear();
    if (++m_candidate < m_candidates.size()) {
        m_current = m_candidates[m_candidate];
        m_skip = 1;
        return;
    }
    const auto best = std::min_element(m_medians.begin(), m_medians.end()) - m_medians.begin();
    m_current = m_candidates[static_cast<std::size_t>(best)];
    m_bestMedian = m_medians[static_cast<std::size_t>(best)];
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
    const bool slower = m_recent.size() == kRecentWindow && median(m_recent) > m_settings.slowdown * m_bestMedian;
    if (m_sinceTrial >= m_settings.period || slower)
        startTrial();
}

}  // namespace lathe
