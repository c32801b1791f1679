#pragma once
// Internal to core/model (includes LibTorch): what the LSTM models share to run their layers
// through kernels::lstm over padded batches.
#include "kernels/Kernels.h"

#include <torch/torch.h>

#include <string>
#include <vector>

namespace lathe::lstmparts {

// Position t of row b reads position len_b - 1 - t for t < len_b: each sequence reversed within
// its length, padding in place. The map is its own inverse.
inline torch::Tensor reversedPositions(const torch::Tensor& lengths, std::int64_t T)
{
    auto t = torch::arange(T, lengths.options()).unsqueeze(0);
    auto len = lengths.unsqueeze(1);
    return torch::where(t < len, len - 1 - t, t);
}

// x [B, T, C] with its time steps taken at `positions` [B, T].
inline torch::Tensor gatherTime(const torch::Tensor& x, const torch::Tensor& positions)
{
    return x.gather(1, positions.unsqueeze(2).expand({-1, -1, x.size(2)}));
}

// The four weights of one direction of one layer of `lstm`, in kernels::lstm's order.
inline std::vector<torch::Tensor> directionWeights(torch::nn::LSTM& lstm, int layer, bool reverse)
{
    const auto suffix = std::to_string(layer) + (reverse ? "_reverse" : "");
    const auto& p = lstm->named_parameters(false);
    return {p["weight_ih_l" + suffix], p["weight_hh_l" + suffix], p["bias_ih_l" + suffix], p["bias_hh_l" + suffix]};
}

// All layers of a unidirectional `lstm` over x [B, T, C] from zero state, with the module's
// dropout between layers: its output for every step.
inline torch::Tensor stackedOutput(torch::nn::LSTM& lstm, torch::Tensor x, bool training)
{
    const int layers = static_cast<int>(lstm->options.num_layers());
    for (int l = 0; l < layers; ++l) {
        x = kernels::lstm({x}, {directionWeights(lstm, l, false)})[0];
        if (l + 1 < layers)
            x = kernels::dropout(x, lstm->options.dropout(), training);
    }
    return x;
}

}  // namespace lathe::lstmparts
