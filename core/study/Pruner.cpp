#include "study/Pruner.h"
#include "util/Message.h"

#include <zlib.h>

#include <algorithm>
#include <cmath>

namespace lathe::study {

namespace {
std::optional<std::int64_t> lastStep(const Trial& t)
{
    if (t.intermediate.empty())
        return std::nullopt;
    std::int64_t s = t.intermediate.front().first;
    for (const auto& [step, v] : t.intermediate)
        s = std::max(s, step);
    return s;
}

std::optional<double> valueAt(const Trial& t, std::int64_t step)
{
    for (const auto& [s, v] : t.intermediate)
        if (s == step)
            return v;
    return std::nullopt;
}

// Linear-interpolation percentile of the non-NaN values (numpy's nanpercentile); NaN if none.
double percentile(std::vector<double> v, double q)
{
    v.erase(std::remove_if(v.begin(), v.end(), [](double x) { return std::isnan(x); }), v.end());
    if (v.empty())
        return NAN;
    std::sort(v.begin(), v.end());
    const double h = double(v.size() - 1) * q / 100.0;
    const auto lo = static_cast<std::size_t>(std::floor(h)), hi = static_cast<std::size_t>(std::ceil(h));
    return v[lo] + (h - double(lo)) * (v[hi] - v[lo]);
}

std::int64_t longestComplete(const std::vector<Trial>& trials)
{
    std::int64_t longest = -1;
    for (const auto& t : trials)
        if (t.state == TrialState::Complete)
            if (const auto s = lastStep(t))
                longest = std::max(longest, *s);
    return longest;
}

// Successive halving of one trial against `competitors` (trials of its bracket).
bool halve(const std::vector<const Trial*>& competitors, const Trial& trial, std::int64_t minResource, int eta,
           int rate)
{
    const auto step = lastStep(trial);
    if (!step)
        return false;
    // The evaluation with which a trial reached rung r: its first at or past the rung's step.
    const auto rungEntry = [](const Trial& t, double promotion) -> std::optional<std::pair<std::int64_t, double>> {
        std::optional<std::pair<std::int64_t, double>> first;
        for (const auto& [s, v] : t.intermediate)
            if (double(s) >= promotion && (!first || s < first->first))
                first = std::make_pair(s, v);
        return first;
    };
    const double value = *valueAt(trial, *step);
    for (int rung = 0;; ++rung) {
        const double promotion = double(minResource) * std::pow(double(eta), rate + rung);
        if (double(*step) < promotion)
            return false;
        // A rung the trial reached at an earlier evaluation was judged then (Optuna records it
        // and starts from the first rung not recorded).
        if (rungEntry(trial, promotion)->first < *step)
            continue;
        if (std::isnan(value))
            return true;
        // Optuna compares the value at the trial's current step with what every trial (itself
        // included once) recorded at this rung; a NaN is never recorded (its trial was pruned).
        std::vector<double> competing{value};
        for (const auto* t : competitors)
            if (t->number != trial.number)
                if (const auto e = rungEntry(*t, promotion); e && !std::isnan(e->second))
                    competing.push_back(e->second);
        std::sort(competing.begin(), competing.end());
        auto k = static_cast<std::ptrdiff_t>(competing.size()) / eta - 1;
        if (k < 0)
            k = 0;
        if (!(value <= competing[static_cast<std::size_t>(k)]))
            return true;
    }
}
}  // namespace

bool MedianPruner::prune(const std::vector<Trial>& trials, const Trial& trial) const
{
    std::vector<const Trial*> complete;
    for (const auto& t : trials)
        if (t.state == TrialState::Complete && t.number != trial.number)
            complete.push_back(&t);
    if (complete.empty() || int(complete.size()) < m_options.startupTrials)
        return false;
    const auto step = lastStep(trial);
    if (!step || *step < m_options.warmupSteps)
        return false;
    // Only at the steps of the interval (counted from the end of warm-up).
    const auto nearest = (*step - m_options.warmupSteps) / m_options.intervalSteps * m_options.intervalSteps +
                         m_options.warmupSteps;
    std::int64_t secondLast = -1;
    for (const auto& [s, v] : trial.intermediate)
        if (s != *step)
            secondLast = std::max(secondLast, s);
    if (!(secondLast < nearest))
        return false;
    double best = NAN;
    for (const auto& [s, v] : trial.intermediate)
        if (!std::isnan(v))
            best = std::isnan(best) ? v : std::min(best, v);
    if (std::isnan(best))
        return true;
    std::vector<double> others;
    for (const auto* t : complete)
        if (const auto v = valueAt(*t, *step))
            others.push_back(*v);
    if (int(others.size()) < m_options.minTrials)
        return false;
    const double median = percentile(others, 50.0);
    return !std::isnan(median) && best > median;
}

bool SuccessiveHalvingPruner::prune(const std::vector<Trial>& trials, const Trial& trial) const
{
    std::int64_t minResource = m_options.minResource;
    if (minResource <= 0) {
        const auto longest = longestComplete(trials);
        if (longest < 0)
            return false;  // "auto" waits for the first complete trial
        minResource = std::max<std::int64_t>(longest / 100, 1);
    }
    std::vector<const Trial*> all;
    for (const auto& t : trials)
        all.push_back(&t);
    return halve(all, trial, minResource, m_options.reductionFactor, m_options.minEarlyStoppingRate);
}

HyperbandPruner::HyperbandPruner(std::string studyName, std::int64_t minResource, std::int64_t maxResource,
                                 int reductionFactor)
    : m_study(std::move(studyName)), m_minResource(minResource), m_maxResource(maxResource),
      m_reductionFactor(reductionFactor)
{
}

int HyperbandPruner::brackets(std::int64_t maxResource) const
{
    return static_cast<int>(std::floor(std::log(double(maxResource) / double(m_minResource)) /
                                       std::log(double(m_reductionFactor)))) +
           1;
}

int HyperbandPruner::bracketOf(int number, std::int64_t maxResource) const
{
    if (maxResource <= 0)
        return 0;
    const int n = brackets(maxResource);
    std::vector<std::int64_t> budget;
    std::int64_t total = 0;
    for (int b = 0; b < n; ++b) {
        const int s = n - 1 - b;
        budget.push_back(static_cast<std::int64_t>(std::ceil(n * std::pow(m_reductionFactor, s) / (s + 1.0))));
        total += budget.back();
    }
    const auto key = m_study + "_" + std::to_string(number);
    auto h = static_cast<std::int64_t>(crc32(0L, reinterpret_cast<const Bytef*>(key.data()),
                                             static_cast<uInt>(key.size())) %
                                       static_cast<std::uint64_t>(total));
    for (int b = 0; b < n; ++b) {
        h -= budget[static_cast<std::size_t>(b)];
        if (h < 0)
            return b;
    }
    return n - 1;
}

bool HyperbandPruner::prune(const std::vector<Trial>& trials, const Trial& trial) const
{
    std::int64_t maxResource = m_maxResource;
    if (maxResource <= 0) {
        const auto longest = longestComplete(trials);
        if (longest < 0)
            return false;
        maxResource = longest + 1;
    }
    const int bracket = bracketOf(trial.number, maxResource);
    std::vector<const Trial*> same;
    for (const auto& t : trials)
        if (bracketOf(t.number, maxResource) == bracket)
            same.push_back(&t);
    return halve(same, trial, m_minResource, m_reductionFactor, bracket);
}

std::unique_ptr<Pruner> makePruner(const std::string& name, const std::string& studyName)
{
    if (name == "none")
        return nullptr;
    if (name == "median")
        return std::make_unique<MedianPruner>();
    if (name == "asha")
        return std::make_unique<SuccessiveHalvingPruner>();
    if (name == "hyperband")
        return std::make_unique<HyperbandPruner>(studyName);
    throw UserError(Message(LATHE_TR("Study", "unknown pruner '%1' (known: none, median, asha, hyperband)"), name));
}

}  // namespace lathe::study
