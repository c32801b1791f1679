#pragma once
// Internal to core (includes LibTorch): the mean over a sequence's tokens, padding (id 0) left
// out — the Transformer classifier's pooling — forward and backward, parallel over the batch.
// As ATen's (x * keep).sum(1) / keep.sum(1).clamp_min(1) it ran on one thread at two threads
// (a reduction over the middle dimension and four temporaries of [B, T, D]).
#include <torch/torch.h>

namespace lathe::kernels {

// x [B, T, D], ids [B, T] (int64) -> [B, D]; a sequence of padding only gives zeros.
torch::Tensor maskedMean(const torch::Tensor& x, const torch::Tensor& ids);

namespace reference {
torch::Tensor maskedMean(const torch::Tensor& x, const torch::Tensor& ids);
}

}  // namespace lathe::kernels
