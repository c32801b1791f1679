// A language model's output layer and its cross-entropy in one pass over blocks of rows
// (llm.c's fused classifier): per block, the logits [R, V] by one product, the loss and the
// logits' gradient in place by the ISA kernel, then the two gradient products, so the
// [rows, V] logits, their log-softmax and its gradient never exist. With a word vocabulary
// (V = 8,000, 4,096 rows a batch) those were 131 MB buffers, three a step, each a fresh mapping
// whose first touch cost more than the arithmetic (docs/benchmarks.md).
// Rows whose target is ignored (padding, a masked LM's unmasked tokens) are left out before the
// products, so they cost nothing.
#include "kernels/Gemm.h"
#include "kernels/Kernels.h"
#include "kernels/Parallel.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace lathe::kernels {

namespace {
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Rows per block: about 16 MB of fp32 logits, under the 32 MB mmap threshold kernels/Threads.cpp
// sets (so the block buffers are reused heap memory, not fresh pages), at least 16 rows so the
// products stay efficient. With 8,000 classes on one core, forward and backward of 4,096 rows
// took 256-315 ms in fp32 and 169-185 in bf16 at 256, 512 or 1,024 rows a block (no order
// between them beyond the noise of three runs), 292 and 173 at 128 rows.
std::int64_t defaultBlockRows(std::int64_t classes)
{
    const auto rows = (std::int64_t{1} << 22) / std::max<std::int64_t>(classes, 1);
    return std::clamp<std::int64_t>(rows / 16 * 16, 16, 1024);
}

bool bf16Fits(std::int64_t R, std::int64_t V, std::int64_t D, bool bias)
{
    return bf16gemmFits(false, true, R, V, D, D, D, V, bias) && bf16gemmFits(false, false, R, D, V, V, D, D) &&
           bf16gemmFits(true, false, V, D, R, V, D, D);
}

// LibTorch 1.13's custom functions take no undefined inputs: no bias travels as an empty tensor.
struct LinearCrossEntropyFunction : torch::autograd::Function<LinearCrossEntropyFunction> {
    // x [N, D] fp32, weight [V, D] fp32, bias [V] or empty, target [N] int64. needs: which
    // gradients to compute (x, weight, bias), decided by the caller while grad mode is on.
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& xIn, const torch::Tensor& weightIn,
                                 const torch::Tensor& biasIn, const torch::Tensor& targetIn, std::int64_t ignoreIndex,
                                 std::int64_t blockRows, std::int64_t needs)
    {
        const bool needX = needs & 1, needW = needs & 2, needB = needs & 4;
        const bool grad = needX || needW || needB;
        const auto x = xIn.contiguous();
        const auto w = weightIn.contiguous();
        const bool hasBias = biasIn.numel() > 0;
        const auto b = hasBias ? biasIn.contiguous() : biasIn;
        const auto target = targetIn.contiguous();
        const auto N = x.size(0), D = x.size(1), V = w.size(0);

        // The rows that predict something, in order.
        const auto* t = target.data_ptr<std::int64_t>();
        std::vector<std::int64_t> rows;
        rows.reserve(static_cast<std::size_t>(N));
        for (std::int64_t i = 0; i < N; ++i) {
            if (t[i] == ignoreIndex)
                continue;
            TORCH_CHECK(t[i] >= 0 && t[i] < V, "linearCrossEntropy: target ", t[i], " at row ", i,
                        " is outside the ", V, " classes");
            rows.push_back(i);
        }
        const auto n = static_cast<std::int64_t>(rows.size());
        const auto fp32 = x.options().dtype(torch::kFloat);
        torch::Tensor gx = needX ? torch::zeros({N, D}, fp32) : torch::Tensor();
        torch::Tensor gw = needW ? torch::zeros({V, D}, fp32) : torch::Tensor();
        torch::Tensor gb = needB ? torch::zeros({V}, fp32) : torch::Tensor();
        double lossSum = 0;
        if (n > 0) {
            const auto R = std::min(blockRows > 0 ? blockRows : defaultBlockRows(V), n);
            const auto last = n - (n - 1) / R * R;
            const bool bf16 = mixedPrecisionOn() && bf16Fits(R, V, D, hasBias) && bf16Fits(last, V, D, hasBias);
            auto xs = torch::empty({R, D}, fp32);             // the block's rows of x
            auto logits = torch::empty({R, V}, fp32);         // then the logits' gradient
            auto losses = torch::empty({R}, fp32);
            auto targets = torch::empty({R}, target.options());
            auto dx = needX ? torch::empty({R, D}, fp32) : torch::Tensor();
            torch::Tensor xb, wb, gLogitsBf16;
            if (bf16) {
                wb = toBf16(w);
                if (grad)
                    gLogitsBf16 = torch::empty({R, V}, x.options().dtype(torch::kBFloat16));
            }
            const float* xp = x.data_ptr<float>();
            const float* wp = w.data_ptr<float>();
            const float* bp = hasBias ? b.data_ptr<float>() : nullptr;
            const float scale = 1.0f / static_cast<float>(n);
            const auto& table = active();
            for (std::int64_t start = 0; start < n; start += R) {
                const auto r = std::min(R, n - start);
                float* xsp = xs.data_ptr<float>();
                auto* tp = targets.data_ptr<std::int64_t>();
                for (std::int64_t i = 0; i < r; ++i) {
                    const auto row = rows[static_cast<std::size_t>(start + i)];
                    std::memcpy(xsp + i * D, xp + row * D, static_cast<std::size_t>(D) * sizeof(float));
                    tp[i] = t[row];
                }
                float* lp = logits.data_ptr<float>();
                // Each bf16 product falls back to its fp32 one where oneDNN declines it (bf16Fits
                // asked about the forward shapes; the weight gradient's accumulating product is
                // another primitive): all fp32 operands are at hand.
                if (bf16)
                    xb = toBf16(xs.narrow(0, 0, r));
                if (!bf16 || !bf16gemm(false, true, r, V, D, bf16Bits(xb), D, bf16Bits(wb), D, bp, false, lp, V)) {
                    if (hasBias)
                        parallelFor(0, r, 64, [&](std::int64_t begin, std::int64_t end) {
                            for (auto i = begin; i < end; ++i)
                                std::memcpy(lp + i * V, bp, static_cast<std::size_t>(V) * sizeof(float));
                        });
                    sgemm(false, true, r, V, D, 1.0f, xsp, D, wp, D, hasBias ? 1.0f : 0.0f, lp, V);
                }
                CrossEntropyRows rowsArgs;
                rowsArgs.logits = lp;
                rowsArgs.target = reinterpret_cast<const long long*>(tp);
                rowsArgs.loss = losses.data_ptr<float>();
                rowsArgs.gradBf16 = bf16 && grad ? bf16Bits(gLogitsBf16) : nullptr;
                rowsArgs.classes = static_cast<int>(V);
                rowsArgs.scale = scale;
                rowsArgs.gradient = grad;
                parallelFor(0, r, 8, [&](std::int64_t begin, std::int64_t end) {
                    table.crossEntropyRows(rowsArgs, begin, end);
                });
                const float* lossp = losses.data_ptr<float>();
                for (std::int64_t i = 0; i < r; ++i)
                    lossSum += lossp[i];
                if (!grad)
                    continue;
                if (needX) {
                    float* dxp = dx.data_ptr<float>();
                    if (!bf16 || !bf16gemm(false, false, r, D, V, bf16Bits(gLogitsBf16), V, bf16Bits(wb), D, nullptr,
                                           false, dxp, D))
                        sgemm(false, false, r, D, V, 1.0f, lp, V, wp, D, 0.0f, dxp, D);
                    float* gxp = gx.data_ptr<float>();
                    for (std::int64_t i = 0; i < r; ++i)
                        std::memcpy(gxp + rows[static_cast<std::size_t>(start + i)] * D, dxp + i * D,
                                    static_cast<std::size_t>(D) * sizeof(float));
                }
                if (needW && (!bf16 || !bf16gemm(true, false, V, D, r, bf16Bits(gLogitsBf16), V, bf16Bits(xb), D,
                                                 nullptr, true, gw.data_ptr<float>(), D)))
                    sgemm(true, false, V, D, r, 1.0f, lp, V, xsp, D, 1.0f, gw.data_ptr<float>(), D);
                if (needB) {
                    // Column sums of the fp32 gradient, rows in order: the same for any split.
                    float* gbp = gb.data_ptr<float>();
                    parallelFor(0, V, 256, [&](std::int64_t begin, std::int64_t end) {
                        for (std::int64_t i = 0; i < r; ++i)
                            for (auto j = begin; j < end; ++j)
                                gbp[j] += lp[i * V + j];
                    });
                }
            }
        }
        // No row to predict: the loss is 0 and so are the gradients (cross_entropy would say NaN).
        ctx->saved_data["gx"] = gx;
        ctx->saved_data["gw"] = gw;
        ctx->saved_data["gb"] = gb;
        return torch::tensor(n > 0 ? static_cast<float>(lossSum / static_cast<double>(n)) : 0.0f, fp32);
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads)
    {
        const auto g = grads[0];
        const bool one = g.defined() && g.item<float>() == 1.0f;
        auto scaled = [&](const char* name) {
            auto t = ctx->saved_data[name].toTensor();
            if (!t.defined() || one)
                return t;
            return g.defined() ? t * g : torch::Tensor();
        };
        return {scaled("gx"), scaled("gw"), scaled("gb"), {}, {}, {}, {}};
    }
};
}  // namespace

torch::Tensor linearCrossEntropy(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                                 const torch::Tensor& target, std::int64_t ignoreIndex, std::int64_t blockRows)
{
    const auto D = x.size(-1);
    auto x2 = x.reshape({-1, D});
    auto t = target.reshape({-1});
    const bool floatInput = x.scalar_type() == torch::kFloat || x.scalar_type() == torch::kBFloat16;
    if (!floatInput || !isFloatCpu(weight) || (bias.defined() && !isFloatCpu(bias)) || !x.device().is_cpu() ||
        t.size(0) != x2.size(0) || weight.size(1) != D)
        return reference::linearCrossEntropy(x, weight, bias, target, ignoreIndex);
    if (x2.scalar_type() == torch::kBFloat16)
        x2 = x2.to(torch::kFloat);
    const bool gradMode = torch::GradMode::is_enabled();
    const std::int64_t needs = gradMode ? (x2.requires_grad() ? 1 : 0) | (weight.requires_grad() ? 2 : 0) |
                                              (bias.defined() && bias.requires_grad() ? 4 : 0)
                                        : 0;
    return LinearCrossEntropyFunction::apply(x2, weight, bias.defined() ? bias : torch::empty({0}, weight.options()),
                                             t.to(torch::kLong), ignoreIndex, blockRows, needs);
}

namespace reference {
torch::Tensor linearCrossEntropy(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                                 const torch::Tensor& target, std::int64_t ignoreIndex)
{
    const auto logits = at::linear(x, weight, bias);
    return torch::nn::functional::cross_entropy(
        logits.reshape({-1, logits.size(-1)}), target.reshape({-1}),
        torch::nn::functional::CrossEntropyFuncOptions().ignore_index(ignoreIndex));
}
}  // namespace reference

}  // namespace lathe::kernels
