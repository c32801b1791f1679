#pragma once
// The tree-structured Parzen estimator (Bergstra et al. 2011) with Optuna 3.1's conventions:
// 10 random start-up trials, 24 candidates drawn from the good trials' estimator l(x) and the one
// with the highest log l(x) − log g(x) kept, the good group the best min(⌈0.1·n⌉, 25) trials,
// newer trials weighted above the 25 most recent ramp, a prior component (the interval's middle,
// its width as sigma) and the "magic clip" of small bandwidths. Pruned trials rank after the
// complete ones, the later their last evaluation the better; with the constant liar, running
// trials rank last, so parallel workers do not all try the same place (on by default here: trials
// run in parallel worker processes; Optuna's default is off). Univariate: the groups are split
// over all trials, then each parameter is estimated from the trials that have it (a conditional
// parameter from the trials where it was active). One deliberate difference: the density of a
// continuous parameter includes the kernel's 1/sigma, which Optuna 3.1 leaves out (later Optuna
// versions add it). Torch-free.
#include "study/Sampler.h"

namespace lathe::study {

struct TpeOptions {
    int startupTrials = 10;
    int candidates = 24;
    double priorWeight = 1.0;
    bool magicClip = true;
    bool endpoints = false;
    bool constantLiar = true;
    // Optuna 3.1's continuous kernels leave out the 1/sigma of the normal density (its
    // truncnorm.logpdf; fixed in later Optuna), which favours wide kernels. On by default so the
    // sampler behaves as the reference it is measured against (docs/studies.md).
    bool scaleFreeDensity = true;
    // Older observations weigh less once there are more than 25 (Optuna's default_weights);
    // off, all weigh the same (for importance, which describes the trials rather than sampling).
    bool ageWeights = true;
    // Optuna's multivariate mode: the parameters without a condition sampled jointly from one
    // estimator over all of them (so their interactions count), conditional ones one by one.
    bool multivariate = false;
};

class TpeSampler : public Sampler {
public:
    explicit TpeSampler(std::uint64_t seed, TpeOptions options = {}) : m_seed(seed), m_options(options) {}
    std::optional<Assignment> sample(const SearchSpace& space, const std::vector<Trial>& trials,
                                     const nlohmann::json& fixed, int number) override;

private:
    void sampleJointly(const SearchSpace& space, const std::vector<const Trial*>& below,
                       const std::vector<const Trial*>& above, std::mt19937_64& rng, Assignment& a) const;

    std::uint64_t m_seed;
    TpeOptions m_options;
};

// Optuna's default_gamma: the size of the good group among n ranked trials.
int tpeGoodCount(int n);
// Optuna's default_weights: n weights, oldest first (a linear ramp before the newest 25).
std::vector<double> tpeWeights(int n);

// A one-dimensional Parzen estimator on [low, high] (a mixture of truncated normals, or of
// categorical distributions), as the sampler builds one per parameter and group. Exposed for
// tests.
class ParzenEstimator {
public:
    // Numeric: observations in the sampling space, oldest first. `step` > 0 makes it discrete:
    // the probability of a value is the mass of [x − step/2, x + step/2].
    ParzenEstimator(const std::vector<double>& observations, double low, double high, double step,
                    const TpeOptions& options);
    // Categorical: observed choice indices, oldest first, among `choices`.
    ParzenEstimator(const std::vector<int>& observations, int choices, const TpeOptions& options);

    double sample(std::mt19937_64& rng) const;
    double logPdf(double x) const;

    const std::vector<double>& weights() const { return m_weights; }
    const std::vector<double>& mus() const { return m_mus; }
    const std::vector<double>& sigmas() const { return m_sigmas; }

private:
    bool m_categorical = false;
    double m_low = 0, m_high = 0, m_step = 0;
    bool m_scaleFree = false;
    std::vector<double> m_weights, m_mus, m_sigmas;
    std::vector<std::vector<double>> m_categories;  // per component, the choices' probabilities
};

}  // namespace lathe::study
