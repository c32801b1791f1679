#pragma once
// Internal to core/train (includes LibTorch): BERT-style masking for the masked language model.
#include <torch/torch.h>

#include <cstdint>

namespace lathe {

// Share of the real tokens (not <pad>, not <bos>) chosen as prediction targets.
constexpr double kMaskShare = 0.15;

struct MaskedBatch {
    torch::Tensor input;   // [B, T]: chosen tokens replaced — 80% by [MASK] (= vocabularySize),
                           // 10% by a random regular token, 10% left as they were
    torch::Tensor target;  // [B, T]: the original token where chosen, else <pad> (ignored)
    std::int64_t targets = 0;
};

// A function of (ids, seed) only: training passes a seed per step, evaluation a fixed one, so
// every evaluation scores the same masks. Every sequence with a real token gets at least one
// target (a short one would otherwise often get none, and a batch without targets has no loss).
MaskedBatch maskTokens(const torch::Tensor& ids, std::int64_t vocabularySize, std::uint64_t seed);

}  // namespace lathe
