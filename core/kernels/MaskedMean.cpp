#include "kernels/MaskedMean.h"
#include "kernels/Kernels.h"
#include "kernels/Parallel.h"

#include <algorithm>

namespace lathe::kernels {

namespace {
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Tokens of each sequence that are not padding, as the divisor (at least 1).
std::vector<float> divisors(const torch::Tensor& ids)
{
    const auto B = ids.size(0), T = ids.size(1);
    const auto* id = ids.data_ptr<std::int64_t>();
    std::vector<float> d(static_cast<std::size_t>(B));
    for (std::int64_t b = 0; b < B; ++b)
        d[b] = static_cast<float>(std::max<std::int64_t>(1, std::count_if(id + b * T, id + (b + 1) * T,
                                                                           [](std::int64_t v) { return v != 0; })));
    return d;
}

struct MaskedMeanFunction : torch::autograd::Function<MaskedMeanFunction> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& xIn, const torch::Tensor& idsIn)
    {
        const auto x = xIn.contiguous();
        const auto ids = idsIn.contiguous();
        const auto B = x.size(0), T = x.size(1), D = x.size(2);
        auto y = torch::zeros({B, D}, x.options());
        const auto d = divisors(ids);
        const float* src = x.data_ptr<float>();
        const auto* id = ids.data_ptr<std::int64_t>();
        float* out = y.data_ptr<float>();
        parallelFor(0, B, 1, [&](std::int64_t begin, std::int64_t end) {
            for (auto b = begin; b < end; ++b) {
                float* row = out + b * D;
                for (std::int64_t t = 0; t < T; ++t)
                    if (id[b * T + t] != 0) {
                        const float* v = src + (b * T + t) * D;
                        for (std::int64_t j = 0; j < D; ++j)
                            row[j] += v[j];
                    }
                for (std::int64_t j = 0; j < D; ++j)
                    row[j] /= d[b];
            }
        });
        ctx->save_for_backward({ids});
        ctx->saved_data["T"] = T;
        return y;
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads)
    {
        const auto ids = ctx->get_saved_variables()[0];
        const auto T = ctx->saved_data["T"].toInt();
        const auto g = grads[0].contiguous();
        const auto B = g.size(0), D = g.size(1);
        auto gx = torch::empty({B, T, D}, g.options());
        const auto d = divisors(ids);
        const float* gy = g.data_ptr<float>();
        const auto* id = ids.data_ptr<std::int64_t>();
        float* out = gx.data_ptr<float>();
        parallelFor(0, B * T, 64, [&](std::int64_t begin, std::int64_t end) {
            for (auto bt = begin; bt < end; ++bt) {
                const auto b = bt / T;
                float* row = out + bt * D;
                if (id[bt] == 0) {
                    std::fill(row, row + D, 0.0f);
                    continue;
                }
                const float* src = gy + b * D;
                for (std::int64_t j = 0; j < D; ++j)
                    row[j] = src[j] / d[b];
            }
        });
        return {gx, torch::Tensor()};
    }
};
}  // namespace

torch::Tensor maskedMean(const torch::Tensor& xIn, const torch::Tensor& ids)
{
    const auto x = upcastBf16(xIn);
    if (!isFloatCpu(x) || x.dim() != 3 || ids.dim() != 2 || ids.scalar_type() != torch::kLong ||
        ids.size(0) != x.size(0) || ids.size(1) != x.size(1) || !ids.device().is_cpu())
        return reference::maskedMean(x, ids);
    return MaskedMeanFunction::apply(x, ids);
}

namespace reference {
torch::Tensor maskedMean(const torch::Tensor& x, const torch::Tensor& ids)
{
    auto keep = ids.ne(0).unsqueeze(-1).to(x.dtype());
    return (x * keep).sum(1) / keep.sum(1).clamp_min(1.0);
}
}  // namespace reference

}  // namespace lathe::kernels
