#include "model/Models.h"
#include "kernels/Kernels.h"

#include <cmath>

namespace lathe {

namespace F = torch::nn::functional;

ProjectionImpl::ProjectionImpl(int in_, int out_, int rank_, bool withBias, int loraRank_, double loraAlpha)
    : in(in_), out(out_), rank(rank_), loraRank(std::max(0, loraRank_))
{
    // Initialized as torch::nn::Linear is (Kaiming-uniform, a = sqrt(5)); a dense layer
    // draws the same numbers in the same order, so dense models train exactly as before.
    if (rank <= 0) {
        rank = 0;
        weight = register_parameter("weight", torch::empty({out, in}));
        torch::nn::init::kaiming_uniform_(weight, std::sqrt(5.0));
    } else {
        // left·right starts with the variance a dense layer's weight would have.
        right = register_parameter("right", torch::empty({rank, in}));
        left = register_parameter("left", torch::empty({out, rank}));
        torch::nn::init::kaiming_uniform_(right, std::sqrt(5.0));
        const double bound = std::sqrt(3.0 / rank);
        torch::nn::init::uniform_(left, -bound, bound);
    }
    if (withBias) {
        bias = register_parameter("bias", torch::empty({out}));
        const double bound = 1.0 / std::sqrt(static_cast<double>(in));
        torch::nn::init::uniform_(bias, -bound, bound);
    }
    if (loraRank > 0) {
        // As in the LoRA paper: A random, B zero, scaled by alpha / r.
        loraA = register_parameter("lora_A", torch::empty({loraRank, in}));
        torch::nn::init::kaiming_uniform_(loraA, std::sqrt(5.0));
        loraB = register_parameter("lora_B", torch::zeros({out, loraRank}));
        loraScale = loraAlpha / loraRank;
    }
}

torch::Tensor ProjectionImpl::forward(const torch::Tensor& x)
{
    namespace k = kernels;
    auto y = rank == 0 ? k::linear(x, weight, bias) : k::linear(k::linear(x, right), left, bias);
    if (loraRank > 0)
        y = y + k::linear(k::linear(x, loraA), loraB) * loraScale;
    return y;
}

torch::Tensor ProjectionImpl::forwardGelu(const torch::Tensor& x)
{
    // A dense layer's product and GELU can be one pass (kernels::linearGelu); factorized and
    // LoRA layers add their parts first.
    if (rank == 0 && loraRank == 0 && bias.defined())
        return kernels::linearGelu(x, weight, bias);
    return kernels::gelu(forward(x));
}

torch::Tensor ProjectionImpl::forwardToBf16(const torch::Tensor& x)
{
    if (rank == 0 && loraRank == 0)
        return kernels::linearToBf16(x, weight, bias);
    return forward(x);
}

torch::Tensor ProjectionImpl::denseWeight() const
{
    auto w = rank == 0 ? weight : torch::matmul(left, right);
    if (loraRank > 0)
        w = w + torch::matmul(loraB, loraA) * loraScale;
    return w;
}

std::int64_t ProjectionImpl::multiplyAdds() const
{
    const auto base = rank == 0 ? std::int64_t{in} * out : std::int64_t{rank} * (in + out);
    return base + std::int64_t{loraRank} * (in + out);
}

SequenceModelImpl::OutputLayer outputLayerOf(const Projection& head, const torch::Tensor& tied)
{
    if (!head)
        return {tied, {}};
    return head->isDense() ? SequenceModelImpl::OutputLayer{head->weight, head->bias} : SequenceModelImpl::OutputLayer{};
}

std::vector<std::pair<std::string, ProjectionImpl*>> projections(torch::nn::Module& model)
{
    std::vector<std::pair<std::string, ProjectionImpl*>> out;
    for (const auto& item : model.named_modules("", false))
        if (auto* p = item.value()->as<ProjectionImpl>())
            out.emplace_back(item.key(), p);
    return out;
}

}  // namespace lathe
