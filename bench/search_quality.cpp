// Lathe's samplers on the standard test functions, for bench/search_quality.py (which runs
// Optuna's beside them in the same run and compares). For each seed, runs a study of TRIALS
// trials one after another and prints one JSON line per (function, sampler, seed) with the best
// value after each trial and the sampler's time per trial.
//
//   build/dev/bench/lathe-bench-search [--seeds N] [--trials N] [--functions branin,hartmann6]
//                                      [--samplers random,sobol,tpe]
//   build/dev/bench/lathe-bench-search --tpe-cost 1000   # TPE's time per trial after 1,000
//       finished trials of a 10-parameter space (6 floats, 2 ints, 2 categoricals); one JSON line
#include "study/Objectives.h"
#include "study/TpeSampler.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <random>
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
// The issue's sampling-cost case: TPE with `finished` trials of a 10-parameter space behind it.
int tpeCost(int finished)
{
    nlohmann::json j;
    for (int i = 0; i < 6; ++i)
        j["f" + std::to_string(i)] = {{"type", "float"}, {"low", 1e-4}, {"high", 1.0}, {"log", i % 2 == 0}};
    j["i0"] = {{"type", "int"}, {"low", 1}, {"high", 8}};
    j["i1"] = {{"type", "int"}, {"low", 16}, {"high", 512}, {"log", true}};
    j["c0"] = {{"type", "categorical"}, {"choices", {"adamw", "sgd", "adam"}}};
    j["c1"] = {{"type", "categorical"}, {"choices", {32, 64, 128, 256}}};
    const auto space = SearchSpace::fromJson(j.dump(), "tpe-cost");
    RandomSampler random(1);
    std::vector<Trial> history;
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> value(0, 1);
    for (int n = 0; n < finished; ++n)
        history.push_back({n, TrialState::Complete, *random.sample(space, history, {}, n), value(rng), {}});
    TpeSampler tpe(3);
    const int calls = 20;
    std::vector<double> ms;
    for (int c = 0; c < calls; ++c) {
        const auto t0 = std::chrono::steady_clock::now();
        tpe.sample(space, history, {}, finished + c);
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    std::printf("%s\n", nlohmann::json{{"finished_trials", finished}, {"parameters", 10}, {"calls", calls},
                                       {"median_ms", ms[calls / 2]}, {"max_ms", ms.back()}}.dump().c_str());
    return 0;
}
}  // namespace

int main(int argc, char** argv)
{
    for (int i = 1; i + 1 < argc; ++i)
        if (!std::strcmp(argv[i], "--tpe-cost"))
            return tpeCost(std::atoi(argv[i + 1]));
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
