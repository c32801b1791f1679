// Lathe's samplers on the standard test functions, for bench/search_quality.py (which runs
// Optuna's beside them in the same run and compares). For each seed, runs a study of TRIALS
// trials one after another and prints one JSON line per (function, sampler, seed) with the best
// value after each trial and the sampler's time per trial.
//
//   build/dev/bench/lathe-bench-search [--seeds N] [--trials N] [--functions branin,hartmann6]
//                                      [--samplers random,sobol,tpe]
#include "study/Objectives.h"
#include "study/TpeSampler.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>
#include <vector>

using namespace lathe::study;

namespace {
std::vector<std::string> split(const std::string& s)
{
    std::vector<std::string> out;
    std::stringstream in(s);
    for (std::string part; std::getline(in, part, ',');)
        out.push_back(part);
    return out;
}

SearchSpace spaceOf(const std::string& function)
{
    if (function == "branin")
        return SearchSpace::fromJson(
            R"({"x1": {"type": "float", "low": -5, "high": 10}, "x2": {"type": "float", "low": 0, "high": 15}})", "branin");
    nlohmann::json j;
    for (int i = 1; i <= 6; ++i)
        j["x" + std::to_string(i)] = {{"type", "float"}, {"low", 0.0}, {"high", 1.0}};
    return SearchSpace::fromJson(j.dump(), "hartmann6");
}
}  // namespace

int main(int argc, char** argv)
{
    int seeds = 20, trials = 200;
    std::string functions = "branin,hartmann6", samplers = "random,sobol,tpe";
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!std::strcmp(argv[i], "--seeds"))
            seeds = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--trials"))
            trials = std::atoi(argv[i + 1]);
        else if (!std::strcmp(argv[i], "--functions"))
            functions = argv[i + 1];
        else if (!std::strcmp(argv[i], "--samplers"))
            samplers = argv[i + 1];
    }
    for (const auto& function : split(functions)) {
        const auto space = spaceOf(function);
        for (const auto& name : split(samplers))
            for (int seed = 0; seed < seeds; ++seed) {
                auto sampler = makeSampler(name, static_cast<std::uint64_t>(seed));
                std::vector<Trial> history;
                std::vector<double> best;
                double seconds = 0;
                for (int n = 0; n < trials; ++n) {
                    const auto t0 = std::chrono::steady_clock::now();
                    const auto a = *sampler->sample(space, history, {}, n);
                    seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                    const double v = objectiveValue(function, a);
                    history.push_back({n, TrialState::Complete, a, v, {}});
                    best.push_back(best.empty() ? v : std::min(best.back(), v));
                }
                nlohmann::json line{{"function", function}, {"sampler", "lathe-" + name}, {"seed", seed},
                                    {"best", best}, {"ms_per_trial", 1000 * seconds / trials}};
                std::printf("%s\n", line.dump().c_str());
                std::fflush(stdout);
            }
    }
    return 0;
}
