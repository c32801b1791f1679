#include "kernels/ClipGrad.h"
#include "kernels/Kernels.h"
#include "kernels/Parallel.h"

#include <cmath>

namespace lathe::kernels {

namespace {
// Elements per block of the sum of squares (and per task of the scaling).
constexpr std::int64_t kBlock = 1 << 14;
// Independent partial sums per block: lets the compiler keep them in vector lanes.
constexpr int kLanes = 16;

struct Block {
    float* data;
    std::int64_t size;
};

double sumOfSquares(const float* g, std::int64_t n)
{
    float lanes[kLanes] = {};
    std::int64_t i = 0;
    for (; i + kLanes <= n; i += kLanes)
        for (int l = 0; l < kLanes; ++l)
            lanes[l] += g[i + l] * g[i + l];
    double s = 0;
    for (; i < n; ++i)
        s += double(g[i]) * g[i];
    for (float lane : lanes)
        s += lane;
    return s;
}
}  // namespace

double clipGradNorm(const std::vector<torch::Tensor>& parameters, double maxNorm)
{
    std::vector<torch::Tensor> grads;
    for (const auto& p : parameters) {
        if (!p.grad().defined())
            continue;
        const auto& g = p.grad();
        if (g.is_sparse() || !isFloatCpu(g) || !g.is_contiguous())
            return reference::clipGradNorm(parameters, maxNorm);
        grads.push_back(g);
    }
    std::vector<Block> blocks;
    for (auto& g : grads) {
        float* data = g.data_ptr<float>();
        for (std::int64_t at = 0; at < g.numel(); at += kBlock)
            blocks.push_back({data + at, std::min(kBlock, g.numel() - at)});
    }
    const auto count = static_cast<std::int64_t>(blocks.size());
    std::vector<double> partial(blocks.size());
    parallelFor(0, count, 1, [&](std::int64_t begin, std::int64_t end) {
        for (auto b = begin; b < end; ++b)
            partial[b] = sumOfSquares(blocks[b].data, blocks[b].size);
    });
    double squares = 0;
    for (double s : partial)
        squares += s;
    const double total = std::sqrt(squares);
    const double coefficient = maxNorm / (total + 1e-6);
    if (!std::isfinite(total) || !(coefficient < 1))
        return total;
    const auto c = static_cast<float>(coefficient);
    parallelFor(0, count, 1, [&](std::int64_t begin, std::int64_t end) {
        for (auto b = begin; b < end; ++b)
            for (std::int64_t i = 0; i < blocks[b].size; ++i)
                blocks[b].data[i] *= c;
    });
    return total;
}

namespace reference {
double clipGradNorm(const std::vector<torch::Tensor>& parameters, double maxNorm)
{
    return torch::nn::utils::clip_grad_norm_(parameters, maxNorm);
}
}  // namespace reference

}  // namespace lathe::kernels
