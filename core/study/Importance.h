#pragma once
// Which parameters mattered in a study: PED-ANOVA (Watanabe et al., IJCAI 2023; Optuna's
// PedAnovaImportanceEvaluator). For each parameter, the Pearson divergence between the
// distribution of its values among the best trials (the top 10% by value, at least 2) and among
// all complete trials, each a Parzen estimator evaluated on a grid of its range (each choice of a
// categorical); the divergences are normalised to sum to 1. A parameter the best trials share
// no more than the rest scores near 0. Torch-free; fast enough for the GUI's worker thread at
// thousands of trials.
#include "study/Sampler.h"

#include <string>
#include <vector>

namespace lathe::study {

struct ParameterImportance {
    std::string name;
    double importance = 0;  // in [0, 1]; all of a study's sum to 1 (0 each when undetermined)
    int trials = 0;         // complete trials that had the parameter
};

// Most important first. Trials' values are minimized (as the samplers see them); only complete
// trials count. Empty when fewer than 4 trials are complete.
std::vector<ParameterImportance> pedAnovaImportance(const SearchSpace& space, const std::vector<Trial>& trials,
                                                    double topQuantile = 0.1);

}  // namespace lathe::study
