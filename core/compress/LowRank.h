#pragma once
// Low-rank factorization arithmetic over a model's Linear layers: parameter counts, the
// truncation error a rank costs, and rank allocation (uniform, or global under one
// parameter budget). Torch-free: widgets/ and app/ use it; core/compress computes spectra.
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lathe {

// One Linear layer of a trained model and its singular values (descending).
struct LayerSpectrum {
    std::string name;  // module path, e.g. blocks.0.attention.qkv
    int in = 0, out = 0;
    std::vector<double> singular;

    int fullRank() const { return in < out ? in : out; }
    // Parameters of the weight at `rank` (0: dense in·out; else r·(in + out)); bias excluded.
    std::int64_t weightParameters(int rank) const;
    // Whether `rank` stores fewer numbers than the dense weight: r·(in + out) < in·out.
    bool saves(int rank) const;
    // ‖W − W_r‖_F / ‖W‖_F = √(Σ_{k≥r} σ_k²) / √(Σ σ_k²); 0 at rank 0 (dense).
    double relativeError(int rank) const;
    // Share of Σσ² the first `rank` singular values hold (1 at rank 0: dense).
    double energy(int rank) const;
};

// Layer -> rank; a layer that is absent stays dense.
using RankMap = std::map<std::string, int>;

// Every layer at `rank`, except those where it would not save parameters (they stay dense).
RankMap uniformRanks(const std::vector<LayerSpectrum>& layers, int rank);
// Each layer at the smallest rank that keeps at least `fraction` of its Σσ², where that rank
// saves parameters (else the layer stays dense).
RankMap energyRanks(const std::vector<LayerSpectrum>& layers, double fraction);
// Only `layer` at `rank` (empty when that rank saves nothing there).
RankMap singleLayerRank(const std::vector<LayerSpectrum>& layers, const std::string& layer, int rank);

// Global allocation: starting from rank 1 everywhere, repeatedly grants the step with the
// largest share of its layer's singular-value energy per parameter spent — one more rank,
// or going back to dense once that costs no more than the factors would — while the total
// weight parameters stay within `budget`. Throws std::invalid_argument when even rank 1
// everywhere exceeds the budget.
RankMap allocateRanks(const std::vector<LayerSpectrum>& layers, std::int64_t budget);

// Layer -> (rank -> validation-loss increase when only that layer is truncated to that rank).
using LossIncrease = std::map<std::string, std::map<int, double>>;

// Global allocation by measured loss: each layer takes one of its measured ranks (or stays
// dense, costing nothing in loss) so that the summed loss increase is smallest while the
// weight parameters stay within `budget` — a multiple-choice knapsack solved exactly over
// costs rounded up to budget/4096, so the result never exceeds the budget. Assumes the
// layers' increases add up. Throws std::invalid_argument when no choice fits.
RankMap allocateByMeasuredLoss(const std::vector<LayerSpectrum>& layers, const LossIncrease& increase,
                               std::int64_t budget);

// Σ weight parameters of the layers under `ranks` (dense where absent).
std::int64_t weightParameters(const std::vector<LayerSpectrum>& layers, const RankMap& ranks);
std::int64_t denseWeightParameters(const std::vector<LayerSpectrum>& layers);
// The largest uniform rank whose weight parameters fit `budget` (0 when none does).
int uniformRankWithin(const std::vector<LayerSpectrum>& layers, std::int64_t budget);

}  // namespace lathe
