// GELU forward and backward on the active ISA's kernel (kernels/isa/Kernels.inc): ATen 1.13's
// erf GELU costs ~3.5 ns per element forward and more backward on this project's machines,
// where the benchmark model runs 2 × 2 M of them per step.
#include "kernels/Kernels.h"
#include "kernels/Parallel.h"

namespace lathe::kernels {

namespace {
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

constexpr std::int64_t kGrain = 1 << 14;

struct GeluFunction : torch::autograd::Function<GeluFunction> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& xIn)
    {
        auto x = xIn.contiguous();
        auto y = torch::empty_like(x);
        const float* in = x.data_ptr<float>();
        float* out = y.data_ptr<float>();
        const auto& k = active();
        parallelFor(0, x.numel(), kGrain, [&](std::int64_t b, std::int64_t e) { k.gelu(in, out, b, e); });
        ctx->save_for_backward({x});
        return y;
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads)
    {
        const auto x = ctx->get_saved_variables()[0];
        auto gy = grads[0].contiguous();
        auto gx = torch::empty_like(x);
        const float* in = x.data_ptr<float>();
        const float* g = gy.data_ptr<float>();
        float* out = gx.data_ptr<float>();
        const auto& k = active();
        parallelFor(0, x.numel(), kGrain,
                         [&](std::int64_t b, std::int64_t e) { k.geluBackward(in, g, out, b, e); });
        return {gx};
    }
};
}  // namespace

torch::Tensor gelu(const torch::Tensor& xIn)
{
    const auto x = upcastBf16(xIn);
    if (!x.device().is_cpu() || x.scalar_type() != torch::kFloat)
        return at::gelu(x);
    return GeluFunction::apply(x);
}

}  // namespace lathe::kernels
