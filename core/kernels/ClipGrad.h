#pragma once
// Internal to core (includes LibTorch): gradient clipping by the global 2-norm, as
// torch::nn::utils::clip_grad_norm_ (coefficient max / (norm + 1e-6), applied when below 1), in
// one parallel pass over all gradients. LibTorch's version takes one serial norm per parameter
// and a multiply per parameter; at two threads it was 1.5–2% of the benchmark step with the
// second core idle.
#include <torch/torch.h>

#include <vector>

namespace lathe::kernels {

// Returns the gradients' total 2-norm before clipping (infinite or NaN when one is; the
// gradients are then left alone). Sums squares in fixed blocks, in double across blocks: the
// same result for any thread count.
double clipGradNorm(const std::vector<torch::Tensor>& parameters, double maxNorm);

namespace reference {
double clipGradNorm(const std::vector<torch::Tensor>& parameters, double maxNorm);
}

}  // namespace lathe::kernels
