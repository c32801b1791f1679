#include "kernels/Kernels.h"
#include "kernels/Parallel.h"

namespace lathe::kernels {

namespace {
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Rows of attention per task (a row is Tk scores).
std::int64_t rowGrain(std::int64_t keys) { return std::max<std::int64_t>(1, (1 << 14) / std::max<std::int64_t>(keys, 1)); }

AttentionRows describe(const torch::Tensor& scores, const torch::Tensor& padding, bool causal, double scale, double p,
                       std::uint64_t seed)
{
    AttentionRows a;
    a.scores = scores.data_ptr<float>();
    // No padding travels as an empty tensor (custom functions take no undefined inputs).
    a.keyPadding = padding.defined() && padding.numel() > 0 ? padding.data_ptr<std::uint8_t>() : nullptr;
    a.heads = static_cast<int>(scores.size(1));
    a.queries = static_cast<int>(scores.size(2));
    a.keys = static_cast<int>(scores.size(3));
    a.causal = causal;
    a.causalOffset = a.keys - a.queries;
    a.scale = static_cast<float>(scale);
    a.seed = philoxKey(seed);
    a.threshold = dropThreshold(p);
    a.keepScale = static_cast<float>(1.0 / (1.0 - p));
    return a;
}

struct AttentionSoftmaxFunction : torch::autograd::Function<AttentionSoftmaxFunction> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& scores, const torch::Tensor& padding,
                                 bool causal, double scale, double p, std::uint64_t seed)
    {
        auto s = scores.contiguous();
        auto probs = torch::empty_like(s);
        auto dropped = p > 0 ? torch::empty_like(s) : probs;
        auto a = describe(s, padding, causal, scale, p, seed);
        a.probs = probs.data_ptr<float>();
        a.dropped = p > 0 ? dropped.data_ptr<float>() : nullptr;
        const auto& k = active();
        const auto rows = s.numel() / std::max<std::int64_t>(a.keys, 1);
        parallelFor(0, rows, rowGrain(a.keys),
                         [&](std::int64_t begin, std::int64_t end) { k.attentionSoftmaxForward(a, begin, end); });
        ctx->save_for_backward({probs});
        ctx->saved_data["causal"] = causal;
        ctx->saved_data["scale"] = scale;
        ctx->saved_data["p"] = p;
        ctx->saved_data["seed"] = static_cast<std::int64_t>(seed);
        return dropped;
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads)
    {
        auto probs = ctx->get_saved_variables()[0];
        auto g = grads[0].contiguous();
        const double p = ctx->saved_data["p"].toDouble();
        auto a = describe(probs, torch::Tensor(), ctx->saved_data["causal"].toBool(),
                          ctx->saved_data["scale"].toDouble(), p,
                          static_cast<std::uint64_t>(ctx->saved_data["seed"].toInt()));
        a.probs = probs.data_ptr<float>();
        auto gradScores = torch::empty_like(g);
        const auto& k = active();
        const auto rows = g.numel() / std::max<std::int64_t>(a.keys, 1);
        parallelFor(0, rows, rowGrain(a.keys), [&](std::int64_t begin, std::int64_t end) {
            k.attentionSoftmaxBackward(a, g.data_ptr<float>(), gradScores.data_ptr<float>(), begin, end);
        });
        return {gradScores, torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor(), torch::Tensor()};
    }
};

bool fusable(const torch::Tensor& scores, const torch::Tensor& padding)
{
    return scores.device().is_cpu() && scores.scalar_type() == torch::kFloat && scores.dim() == 4 &&
           (!padding.defined() || (padding.dim() == 2 && padding.size(0) == scores.size(0) &&
                                   padding.size(1) == scores.size(3)));
}
}  // namespace

torch::Tensor attentionProbabilitiesWithSeed(const torch::Tensor& scores, const torch::Tensor& keyPadding, bool causal,
                                             double scale, double p, std::uint64_t seed)
{
    // Under mixed precision the scores come from a bf16 matmul; softmax runs in fp32.
    if (scores.scalar_type() == torch::kBFloat16 && scores.device().is_cpu())
        return attentionProbabilitiesWithSeed(scores.to(torch::kFloat), keyPadding, causal, scale, p, seed);
    if (!fusable(scores, keyPadding))
        return reference::attentionProbabilities(scores, keyPadding, causal, scale, p, seed);
    auto padding = keyPadding.defined() ? keyPadding.to(torch::kUInt8).contiguous() : torch::empty({0}, torch::kUInt8);
    return AttentionSoftmaxFunction::apply(scores, padding, causal, scale, p, seed);
}

torch::Tensor attentionProbabilities(const torch::Tensor& scores, const torch::Tensor& keyPadding, bool causal,
                                     double scale, double p, bool training, torch::Tensor* probabilities)
{
    const double rate = training ? p : 0.0;
    if (rate > 0 && probabilities) {
        // Inspection while training: keep the probabilities before dropout too.
        auto probs = attentionProbabilitiesWithSeed(scores, keyPadding, causal, scale, 0.0, 0);
        *probabilities = probs.detach();
        return kernels::dropout(probs, rate, true);
    }
    auto out = rate > 0 ? attentionProbabilitiesWithSeed(scores, keyPadding, causal, scale, rate, DropoutStreams::next())
                        : attentionProbabilitiesWithSeed(scores, keyPadding, causal, scale, 0.0, 0);
    if (probabilities)
        *probabilities = out.detach();
    return out;
}

}  // namespace lathe::kernels
