#pragma once
// Samplers of a hyperparameter study (issue 15): each proposes the next trial's values from the
// search space and the trials so far. Values are minimized (a study that maximizes hands them
// over negated). A sampler is a pure function of its seed, the trial's number and the history,
// so a study resumed from its stored trials samples as if it had never stopped.
// Torch-free and Qt-free.
#include "study/SearchSpace.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace lathe::study {

enum class TrialState { Running, Complete, Pruned, Failed };

struct Trial {
    int number = 0;
    TrialState state = TrialState::Running;
    Assignment params;
    std::optional<double> value;                 // complete trials: the objective (minimized)
    std::vector<std::pair<std::int64_t, double>> intermediate;  // (step, value) at each evaluation
};

class Sampler {
public:
    virtual ~Sampler() = default;
    // The values of trial `number`; nullopt when the sampler has nothing left to try (a grid
    // that is done). `fixed`: the study's fixed settings, for conditions on them.
    virtual std::optional<Assignment> sample(const SearchSpace& space, const std::vector<Trial>& trials,
                                             const nlohmann::json& fixed, int number) = 0;
};

// "grid", "random", "sobol", "tpe", "tpe-multivariate" or "gp"; refuses another name with a UserError.
std::unique_ptr<Sampler> makeSampler(const std::string& name, std::uint64_t seed);

// The random generator of trial `number` of a study seeded `seed`.
std::mt19937_64 trialRng(std::uint64_t seed, int number, std::uint64_t stream = 0);

// A float or int parameter in the space samplers work in: log for a log scale, and a step's
// values widened by half a step each side so each value owns an equal interval (as Optuna's
// _SearchSpaceTransform).
struct Interval {
    double low, high;
};
Interval samplingInterval(const Parameter& p);
// Back from the sampling space: exp for log, rounded onto the step, clipped into [low, high].
nlohmann::json valueAt(const Parameter& p, double x);
// A value in the sampling space (log for a log scale).
double samplingCoordinate(const Parameter& p, const nlohmann::json& value);

class RandomSampler : public Sampler {
public:
    explicit RandomSampler(std::uint64_t seed) : m_seed(seed) {}
    std::optional<Assignment> sample(const SearchSpace& space, const std::vector<Trial>& trials,
                                     const nlohmann::json& fixed, int number) override;
    // One parameter's value, uniform in its sampling space.
    static nlohmann::json draw(const Parameter& p, std::mt19937_64& rng);

private:
    std::uint64_t m_seed;
};

// A quasi-random Sobol sequence (Joe–Kuo direction numbers), one dimension per parameter of the
// space, randomised by a digital shift drawn from the seed: trial n takes point n, so the first
// 2^k trials cover the space more evenly than random draws. Spaces of more than 64 parameters
// draw the rest at random.
class SobolSampler : public Sampler {
public:
    explicit SobolSampler(std::uint64_t seed) : m_seed(seed) {}
    std::optional<Assignment> sample(const SearchSpace& space, const std::vector<Trial>& trials,
                                     const nlohmann::json& fixed, int number) override;
    // Point `index` of the unshifted sequence, in [0, 1)^dims (dims at most sobolDimensions()).
    static std::vector<double> point(std::uint32_t index, int dims, const std::vector<std::uint32_t>& shift = {});
    static int sobolDimensions();

private:
    std::uint64_t m_seed;
};

// Every combination of the parameters' values, in order; conditional parameters only where
// active. Floats need a step or grid_points. Trials not failed keep their point.
class GridSampler : public Sampler {
public:
    std::optional<Assignment> sample(const SearchSpace& space, const std::vector<Trial>& trials,
                                     const nlohmann::json& fixed, int number) override;
    // All points, refusing a space with a continuous float or more than a million points.
    static std::vector<Assignment> points(const SearchSpace& space, const nlohmann::json& fixed);
};

}  // namespace lathe::study
