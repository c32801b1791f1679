#pragma once
// Internal to core (includes LibTorch): AdamW whose update runs as one fused pass over each
// parameter (weight decay, both moments, bias correction and the step together) instead of
// seven tensor operations with their temporaries. Same formula, options and state as
// torch::optim::AdamW, so checkpoints written by either load into the other.
#include <torch/torch.h>

namespace lathe::kernels {

class FusedAdamW : public torch::optim::AdamW {
public:
    using torch::optim::AdamW::AdamW;
    torch::Tensor step(LossClosure closure = nullptr) override;
};

}  // namespace lathe::kernels
