#pragma once
// Gaussian-process Bayesian optimisation (issue 15), for studies of up to a few hundred trials.
// After 10 random start-up trials, each trial's values maximise the log expected improvement
// (LogEI, Ament et al. 2023) of a GP fitted to the finished trials:
// - the space is encoded in [0, 1]^d: floats and ints on their sampling scale (log for a log
//   scale), a categorical as one coordinate per choice (one-hot); an inactive conditional
//   parameter sits at the middle of its range;
// - the kernel is Matérn-5/2 with one length scale per coordinate (ARD), a signal variance and a
//   noise variance, fitted by maximising the log marginal likelihood (with weak log-normal
//   priors that keep length scales away from 0 and infinity) with LibTorch's autograd and Adam;
// - the values are standardised; trials still running count as the best value so far (a
//   constant liar), so parallel workers do not all sample the same point;
// - LogEI is maximised over 2,000 quasi-random candidates and local searches around the best
//   of them and the best trials; ints are rounded and categoricals take their largest one-hot
//   coordinate only when the point is decoded.
// The header is torch-free; the implementation uses LibTorch (double precision).
#include "study/Sampler.h"

namespace lathe::study {

struct GpOptions {
    int startupTrials = 10;
    int fitSteps = 80;        // Adam steps on the marginal likelihood
    int candidates = 2000;    // quasi-random candidates per trial
    int localRounds = 4;      // rounds of local search, each at half the previous scale
};

class GpSampler : public Sampler {
public:
    explicit GpSampler(std::uint64_t seed, GpOptions options = {}) : m_seed(seed), m_options(options) {}
    std::optional<Assignment> sample(const SearchSpace& space, const std::vector<Trial>& trials,
                                     const nlohmann::json& fixed, int number) override;

private:
    std::uint64_t m_seed;
    GpOptions m_options;
};

// log(φ(z) + z·Φ(z)), the log of the expected improvement of a unit normal over its mean by z
// standard deviations, accurate far into the tail (where φ + zΦ cancels).
double logExpectedImprovement(double z);

}  // namespace lathe::study
