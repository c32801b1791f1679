#pragma once
// Internal to core (includes LibTorch): the SVD of every Linear layer of a trained model,
// computed once, and models rebuilt with some layers replaced by their truncation.
#include "compress/LowRank.h"
#include "model/Models.h"

#include <vector>

namespace lathe {

struct LayerFactors {
    LayerSpectrum spectrum;
    torch::Tensor u, s, vh;  // W = u · diag(s) · vh (thin SVD, float64)
};

// One entry per Projection of `model`, in registration order.
std::vector<LayerFactors> decompose(SequenceModelImpl& model);

// A copy of `model` (built from `config`) whose layers named in `ranks` hold their truncated
// SVD as left = U_r·diag(σ_r), right = V_rᵀ; every other parameter is copied as it is.
// The returned config is `config` with model.ranks describing every layer.
SequenceModel factorizedCopy(SequenceModelImpl& model, RunConfig& config, const std::vector<LayerFactors>& factors,
                             const RankMap& ranks);

}  // namespace lathe
