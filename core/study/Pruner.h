#pragma once
// Pruners of a hyperparameter study (issue 15): after each evaluation of a running trial, whether
// to stop it early, from its intermediate values and the other trials'. Optuna 3.1's rules and
// defaults: median (start-up 5 trials, warm-up 0 steps, interval 1), successive halving / ASHA
// (reduction factor 4, minimum resource "auto") and Hyperband (reduction factor 3; brackets of
// successive halving, each trial assigned to one by a hash of the study's name and its number).
// Values are minimized. Each pruner is a pure function of the trials, so a resumed study prunes
// as one that never stopped: ASHA's rung values are read from the intermediate values (the value
// at the first evaluation at or past the rung's step), which is what Optuna records when it is
// asked at every evaluation. Torch-free.
#include "study/Sampler.h"

#include <memory>
#include <string>

namespace lathe::study {

class Pruner {
public:
    virtual ~Pruner() = default;
    // `trial` is running and has just reported its last intermediate value; `trials` is the
    // whole study (it may include `trial`).
    virtual bool prune(const std::vector<Trial>& trials, const Trial& trial) const = 0;
};

struct MedianOptions {
    int startupTrials = 5;
    std::int64_t warmupSteps = 0;
    std::int64_t intervalSteps = 1;
    int minTrials = 1;
};

class MedianPruner : public Pruner {
public:
    explicit MedianPruner(MedianOptions o = {}) : m_options(o) {}
    bool prune(const std::vector<Trial>& trials, const Trial& trial) const override;

private:
    MedianOptions m_options;
};

struct HalvingOptions {
    std::int64_t minResource = 0;  // 0: "auto", the longest complete trial's last step / 100 (at least 1)
    int reductionFactor = 4;
    int minEarlyStoppingRate = 0;
};

class SuccessiveHalvingPruner : public Pruner {
public:
    explicit SuccessiveHalvingPruner(HalvingOptions o = {}) : m_options(o) {}
    bool prune(const std::vector<Trial>& trials, const Trial& trial) const override;

private:
    HalvingOptions m_options;
};

class HyperbandPruner : public Pruner {
public:
    // maxResource 0: "auto", the longest complete trial's last step + 1.
    HyperbandPruner(std::string studyName, std::int64_t minResource = 1, std::int64_t maxResource = 0,
                    int reductionFactor = 3);
    bool prune(const std::vector<Trial>& trials, const Trial& trial) const override;
    // The bracket of trial `number`, given the maximum resource (-1 until one is known).
    int bracketOf(int number, std::int64_t maxResource) const;
    int brackets(std::int64_t maxResource) const;

private:
    std::string m_study;
    std::int64_t m_minResource, m_maxResource;
    int m_reductionFactor;
};

// "none" (nullptr), "median", "asha" or "hyperband"; refuses another name with a UserError.
std::unique_ptr<Pruner> makePruner(const std::string& name, const std::string& studyName);

}  // namespace lathe::study
