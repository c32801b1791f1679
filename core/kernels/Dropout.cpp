#include "kernels/Kernels.h"
#include "kernels/Parallel.h"

namespace lathe::kernels {

namespace {
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Elements per task when a stream is split across threads.
constexpr std::int64_t kGrain = 1 << 15;

bool fusable(const torch::Tensor& x, const torch::Tensor& residual)
{
    return isFloatCpu(x) && (!residual.defined() || (isFloatCpu(residual) && residual.sizes() == x.sizes()));
}

// out = (keep ? in * scale : 0) + add, over the whole buffer, split across threads.
void maskedScale(const float* in, const float* add, float* out, std::int64_t n, std::uint64_t seed,
                 std::uint32_t threshold, float scale)
{
    const auto& k = active();
    const auto key = philoxKey(seed);
    parallelFor(0, n, kGrain, [&](std::int64_t begin, std::int64_t end) {
        k.maskedScale(in, add, out, begin, end, key, threshold, scale);
    });
}

// LibTorch 1.13's custom functions take no undefined tensor inputs: plain dropout and the
// residual form are two functions over one implementation.
torch::Tensor dropoutForward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& residual, double p,
                             std::uint64_t seed)
{
    auto in = x.contiguous();
    auto add = residual.defined() ? residual.contiguous() : torch::Tensor();
    auto out = torch::empty_like(in);
    const float scale = static_cast<float>(1.0 / (1.0 - p));
    maskedScale(in.data_ptr<float>(), add.defined() ? add.data_ptr<float>() : nullptr, out.data_ptr<float>(),
                in.numel(), seed, dropThreshold(p), scale);
    ctx->saved_data["seed"] = static_cast<std::int64_t>(seed);
    ctx->saved_data["p"] = p;
    return out;
}

torch::Tensor dropoutBackward(AutogradContext* ctx, const torch::Tensor& grad)
{
    auto g = grad.contiguous();
    const auto seed = static_cast<std::uint64_t>(ctx->saved_data["seed"].toInt());
    const double p = ctx->saved_data["p"].toDouble();
    auto gx = torch::empty_like(g);
    maskedScale(g.data_ptr<float>(), nullptr, gx.data_ptr<float>(), g.numel(), seed, dropThreshold(p),
                static_cast<float>(1.0 / (1.0 - p)));
    return gx;
}

struct DropoutFunction : torch::autograd::Function<DropoutFunction> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, double p, std::uint64_t seed)
    {
        return dropoutForward(ctx, x, torch::Tensor(), p, seed);
    }
    static variable_list backward(AutogradContext* ctx, variable_list grads)
    {
        return {dropoutBackward(ctx, grads[0]), torch::Tensor(), torch::Tensor()};
    }
};

struct DropoutAddFunction : torch::autograd::Function<DropoutAddFunction> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& residual, double p,
                                 std::uint64_t seed)
    {
        return dropoutForward(ctx, x, residual, p, seed);
    }
    static variable_list backward(AutogradContext* ctx, variable_list grads)
    {
        return {dropoutBackward(ctx, grads[0]), grads[0], torch::Tensor(), torch::Tensor()};
    }
};
}  // namespace

torch::Tensor dropoutWithSeed(const torch::Tensor& x, double p, std::uint64_t seed, const torch::Tensor& residual)
{
    // Under mixed precision a matmul's bf16 output joins the fp32 stream here.
    if (x.scalar_type() == torch::kBFloat16 && x.device().is_cpu())
        return dropoutWithSeed(x.to(torch::kFloat), p, seed, residual);
    if (!fusable(x, residual))
        return reference::dropout(x, p, seed, residual);
    return residual.defined() ? DropoutAddFunction::apply(x, residual, p, seed) : DropoutFunction::apply(x, p, seed);
}

torch::Tensor dropout(const torch::Tensor& x, double p, bool training, const torch::Tensor& residual)
{
    if (!training || p <= 0)
        return residual.defined() ? residual + upcastBf16(x) : x;
    if (p >= 1)
        return residual.defined() ? residual + torch::zeros_like(x) : torch::zeros_like(x);
    return dropoutWithSeed(x, p, DropoutStreams::next(), residual);
}

}  // namespace lathe::kernels
