#pragma once
// Internal to core (includes LibTorch): what running a model costs per token.
#include "model/Models.h"
#include "train/RunConfig.h"

namespace lathe {

// 2 × the multiply-adds of one token through every Projection (a shared block's once per
// layer), a tied output layer, and attention's scores and mixing at the model's full
// sequence length (2 · 2 · T · width per layer). An encoder–decoder's is per token of either side
// (a source and a target token's cost, halved).
std::int64_t flopsPerToken(SequenceModelImpl& model, const ModelConfig& config);

}  // namespace lathe
