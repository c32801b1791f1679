// y = x·wᵀ + b with oneDNN's sgemm forward and backward (kernels/Gemm.h says why not OpenBLAS),
// or its bf16 matmul under mixed precision.
// Only the gradients autograd asks for are computed: a frozen weight (LoRA, distillation's
// teacher) costs no dW product.
#include "kernels/Gemm.h"
#include "kernels/Kernels.h"
#include "kernels/Parallel.h"

#include <ATen/autocast_mode.h>

#include <algorithm>
#include <cstring>

namespace lathe::kernels {

namespace {
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// LibTorch 1.13's custom functions take no undefined inputs: no bias travels as an empty tensor.
struct LinearFunction : torch::autograd::Function<LinearFunction> {
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& weight,
                                 const torch::Tensor& bias)
    {
        auto in = x.contiguous();
        auto w = weight.contiguous();
        const auto N = w.size(0), K = w.size(1);
        const auto M = in.numel() / K;
        auto sizes = in.sizes().vec();
        sizes.back() = N;
        auto y = torch::empty(sizes, in.options());
        const bool hasBias = bias.numel() > 0;
        if (hasBias) {
            // Every row starts as the bias and the product adds onto it (beta = 1): 0.4 ms on a
            // 4096 x 512 output, a little under a broadcast copy_. Products in row blocks with
            // the bias added while the block is in L2 measured 9-25% slower (smaller products).
            const auto biasRow = bias.contiguous();
            const float* b = biasRow.data_ptr<float>();
            float* out = y.data_ptr<float>();
            parallelFor(0, M, 256, [&](std::int64_t begin, std::int64_t end) {
                for (auto r = begin; r < end; ++r)
                    std::memcpy(out + r * N, b, static_cast<std::size_t>(N) * sizeof(float));
            });
        }
        sgemm(false, true, M, N, K, 1.0f, in.data_ptr<float>(), K, w.data_ptr<float>(), K, hasBias ? 1.0f : 0.0f,
              y.data_ptr<float>(), N);
        ctx->save_for_backward({in, w});
        ctx->saved_data["bias"] = hasBias;
        return y;
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const auto& in = saved[0];
        const auto& w = saved[1];
        const auto N = w.size(0), K = w.size(1);
        const auto M = in.numel() / K;
        auto g = grads[0].contiguous();
        torch::Tensor gx, gw, gb;
        if (ctx->needs_input_grad(0)) {
            gx = torch::empty_like(in);
            sgemm(false, false, M, K, N, 1.0f, g.data_ptr<float>(), N, w.data_ptr<float>(), K, 0.0f,
                  gx.data_ptr<float>(), K);
        }
        if (ctx->needs_input_grad(1)) {
            gw = torch::empty_like(w);
            sgemm(true, false, N, K, M, 1.0f, g.data_ptr<float>(), N, in.data_ptr<float>(), K, 0.0f,
                  gw.data_ptr<float>(), K);
        }
        if (ctx->saved_data["bias"].toBool() && ctx->needs_input_grad(2))
            gb = g.view({M, N}).sum(0);
        return {gx, gw, gb};
    }
};

// c = op(a)·op(b) (+ bias) from bf16 operands into fp32 c, by oneDNN's bf16 matmul; the
// same product of the bf16 values in fp32 where it has no path for this shape.
void bf16Product(bool transA, bool transB, std::int64_t m, std::int64_t n, std::int64_t k, const torch::Tensor& a,
                 std::int64_t lda, const torch::Tensor& b, std::int64_t ldb, const float* bias, torch::Tensor& c,
                 std::int64_t ldc)
{
    if (bf16gemm(transA, transB, m, n, k, bf16Bits(a), lda, bf16Bits(b), ldb, bias, false, c.data_ptr<float>(), ldc))
        return;
    auto af = a.to(torch::kFloat).view({transA ? k : m, transA ? m : k});
    auto bf = b.to(torch::kFloat).view({transB ? n : k, transB ? k : n});
    auto out = c.view({m, n});
    at::mm_out(out, transA ? af.t() : af, transB ? bf.t() : bf);
    if (bias)
        out.add_(torch::from_blob(const_cast<float*>(bias), {n}, c.options()));
}

// The same into bf16 c (a gradient for a bf16 input): one rounding of the fp32 accumulation.
void bf16ProductToBf16(bool transA, bool transB, std::int64_t m, std::int64_t n, std::int64_t k, const torch::Tensor& a,
                       std::int64_t lda, const torch::Tensor& b, std::int64_t ldb, torch::Tensor& c, std::int64_t ldc)
{
    if (bf16gemmToBf16(transA, transB, m, n, k, bf16Bits(a), lda, bf16Bits(b), ldb, nullptr, bf16Bits(c), ldc))
        return;
    auto out = torch::empty(c.sizes(), c.options().dtype(torch::kFloat));
    bf16Product(transA, transB, m, n, k, a, lda, b, ldb, nullptr, out, ldc);
    c.copy_(toBf16(out));
}

// The products of a bf16 layer's backward from its output's gradient gb [M, N] (bf16): the
// input's gradient (bf16 for a bf16 input, else fp32), the weight's (fp32); each only if asked.
void bf16ProductGradients(AutogradContext* ctx, const torch::Tensor& gb, const torch::Tensor& xb,
                          const torch::Tensor& wb, torch::Tensor& gx, torch::Tensor& gw)
{
    const auto N = wb.size(0), K = wb.size(1);
    const auto M = xb.numel() / K;
    const auto fp32 = wb.options().dtype(torch::kFloat);
    if (ctx->needs_input_grad(0) && ctx->saved_data["bf16Input"].toBool()) {
        gx = torch::empty(xb.sizes(), xb.options());
        bf16ProductToBf16(false, false, M, K, N, gb, N, wb, K, gx, K);
    } else if (ctx->needs_input_grad(0)) {
        gx = torch::empty(xb.sizes(), fp32);
        bf16Product(false, false, M, K, N, gb, N, wb, K, nullptr, gx, K);
    }
    if (ctx->needs_input_grad(1)) {
        gw = torch::empty(wb.sizes(), fp32);
        bf16Product(true, false, N, K, M, gb, N, xb, K, nullptr, gw, K);
    }
}

// The same layer with bf16 products (mixed precision): x and w rounded to bf16, fp32 results,
// fp32 bias. Backward rounds the output's gradient to bf16 and multiplies it with the bf16 copies
// forward kept (half the memory of fp32 ones), as LibTorch's autocast would, but every product
// writes fp32: nothing downstream (attention, GELU, LayerNorm, the residual stream) sees bf16.
// An input already in bf16 (linearGelu's activation) is taken as it is, and its gradient is
// written in bf16 (autograd would round an fp32 one to the input's type anyway).
struct Bf16LinearFunction : torch::autograd::Function<Bf16LinearFunction> {
    // bf16Out: the result in bf16 (the bias added before rounding) for a consumer that takes it
    // so (attention); its gradient then comes back in bf16 too.
    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& weight,
                                 const torch::Tensor& bias, bool bf16Out)
    {
        auto xb = x.scalar_type() == torch::kBFloat16 ? x.contiguous() : toBf16(x);
        auto wb = toBf16(weight);
        const auto N = wb.size(0), K = wb.size(1);
        const auto M = xb.numel() / K;
        auto sizes = x.sizes().vec();
        sizes.back() = N;
        const bool hasBias = bias.numel() > 0;
        const auto biasRow = hasBias ? bias.contiguous() : bias;
        const float* b = hasBias ? biasRow.data_ptr<float>() : nullptr;
        torch::Tensor y;
        if (bf16Out) {
            y = torch::empty(sizes, weight.options().dtype(torch::kBFloat16));
            if (!bf16gemmToBf16(false, true, M, N, K, bf16Bits(xb), K, bf16Bits(wb), K, b, bf16Bits(y), N)) {
                auto full = torch::empty(sizes, weight.options());
                bf16Product(false, true, M, N, K, xb, K, wb, K, b, full, N);
                y = toBf16(full);
            }
        } else {
            y = torch::empty(sizes, weight.options());
            bf16Product(false, true, M, N, K, xb, K, wb, K, b, y, N);
        }
        ctx->save_for_backward({xb, wb});
        ctx->saved_data["bias"] = hasBias;
        ctx->saved_data["bf16Input"] = x.scalar_type() == torch::kBFloat16;
        return y;
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const auto& xb = saved[0];
        const auto& wb = saved[1];
        const auto N = wb.size(0), K = wb.size(1);
        const auto M = xb.numel() / K;
        const auto g = grads[0].contiguous();
        const auto gb = g.scalar_type() == torch::kBFloat16 ? g : toBf16(g);
        torch::Tensor gx, gw, gbias;
        bf16ProductGradients(ctx, gb, xb, wb, gx, gw);
        if (ctx->saved_data["bias"].toBool() && ctx->needs_input_grad(2))
            gbias = g.scalar_type() == torch::kBFloat16 ? columnSumsBf16(g, M, N) : g.view({M, N}).sum(0);
        return {gx, gw, gbias, torch::Tensor()};
    }

    // Σ over rows of a bf16 [M, N] gradient, in fp32: each column summed in row order by one
    // thread (the same result for any thread count).
    static torch::Tensor columnSumsBf16(const torch::Tensor& g, std::int64_t M, std::int64_t N)
    {
        auto out = torch::zeros({N}, g.options().dtype(torch::kFloat));
        const auto* in = bf16Bits(g);
        float* sums = out.data_ptr<float>();
        parallelFor(0, N, 64, [&](std::int64_t c0, std::int64_t c1) {
            for (std::int64_t r = 0; r < M; ++r) {
                const std::uint16_t* row = in + r * N;
                for (auto c = c0; c < c1; ++c) {
                    const std::uint32_t bits = static_cast<std::uint32_t>(row[c]) << 16;
                    float v;
                    std::memcpy(&v, &bits, sizeof v);
                    sums[c] += v;
                }
            }
        });
        return out;
    }
};

// GELU(x·wᵀ + b) in training under mixed precision, as the next bf16 product reads it: the
// product writes the fp32 pre-activation (kept for backward), one pass turns it into the bf16
// activation. Backward takes the activation's gradient in bf16 and in one pass writes the
// pre-activation's gradient in bf16 for both products and sums the bias gradient, in fixed
// blocks of rows (the same sums for any thread count). Against gelu(linear(...)) this saves the
// fp32 activation, its gradient, and the passes that rounded them and summed the bias.
struct Bf16LinearGeluFunction : torch::autograd::Function<Bf16LinearGeluFunction> {
    static constexpr std::int64_t kBiasRows = 64;

    static torch::Tensor forward(AutogradContext* ctx, const torch::Tensor& x, const torch::Tensor& weight,
                                 const torch::Tensor& bias)
    {
        const auto xb = x.scalar_type() == torch::kBFloat16 ? x.contiguous() : toBf16(x);
        const auto wb = toBf16(weight);
        const auto N = wb.size(0), K = wb.size(1);
        const auto M = xb.numel() / K;
        auto sizes = x.sizes().vec();
        sizes.back() = N;
        auto pre = torch::empty(sizes, weight.options());
        const auto biasRow = bias.contiguous();
        bf16Product(false, true, M, N, K, xb, K, wb, K, biasRow.data_ptr<float>(), pre, N);
        auto y = torch::empty(sizes, weight.options().dtype(torch::kBFloat16));
        const float* in = pre.data_ptr<float>();
        auto* out = bf16Bits(y);
        const auto& k = active();
        parallelFor(0, M * N, 1 << 14, [&](std::int64_t b, std::int64_t e) { k.geluToBf16(in, out, b, e); });
        ctx->save_for_backward({xb, wb, pre});
        ctx->saved_data["bf16Input"] = x.scalar_type() == torch::kBFloat16;
        return y;
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const auto& xb = saved[0];
        const auto& wb = saved[1];
        const auto& pre = saved[2];
        const auto N = wb.size(0), K = wb.size(1);
        const auto M = xb.numel() / K;
        const auto gy = grads[0].scalar_type() == torch::kBFloat16 ? grads[0].contiguous() : toBf16(grads[0]);
        auto gpre = torch::empty(pre.sizes(), gy.options());
        const auto blocks = (M + kBiasRows - 1) / kBiasRows;
        auto partial = torch::zeros({blocks, N}, pre.options());
        {
            const float* x = pre.data_ptr<float>();
            const auto* g = bf16Bits(gy);
            auto* out = bf16Bits(gpre);
            float* sums = partial.data_ptr<float>();
            const auto& k = active();
            parallelFor(0, blocks, 1, [&](std::int64_t b, std::int64_t e) {
                for (auto block = b; block < e; ++block)
                    k.geluBackwardBf16(x, g, out, sums + block * N, N, block * kBiasRows,
                                       std::min(M, (block + 1) * kBiasRows));
            });
        }
        torch::Tensor gx, gw, gbias;
        if (ctx->needs_input_grad(2)) {
            gbias = torch::zeros({N}, pre.options());
            float* total = gbias.data_ptr<float>();
            const float* sums = partial.data_ptr<float>();
            for (std::int64_t block = 0; block < blocks; ++block)
                for (std::int64_t j = 0; j < N; ++j)
                    total[j] += sums[block * N + j];
        }
        bf16ProductGradients(ctx, gpre, xb, wb, gx, gw);
        return {gx, gw, gbias};
    }
};

// x may be bf16 only when the caller allows it (under mixed precision, where the bf16 paths take it).
bool linearShapesFit(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b, bool bf16Input = false)
{
    const bool input = isFloatCpu(x) || (bf16Input && x.device().is_cpu() && x.scalar_type() == torch::kBFloat16);
    if (!input || !isFloatCpu(w) || w.dim() != 2 || x.dim() < 1)
        return false;
    if (x.size(-1) != w.size(1) || x.numel() == 0 || w.numel() == 0)
        return false;
    return !b.defined() || (isFloatCpu(b) && b.dim() == 1 && b.size(0) == w.size(0));
}
}  // namespace

torch::Tensor toBf16(const torch::Tensor& x)
{
    const auto in = x.contiguous();
    auto out = torch::empty(in.sizes(), in.options().dtype(torch::kBFloat16));
    const float* src = in.data_ptr<float>();
    auto* dst = reinterpret_cast<std::uint16_t*>(out.data_ptr<at::BFloat16>());
    const auto& kernels = active();
    parallelFor(0, in.numel(), 1 << 15, [&](std::int64_t begin, std::int64_t end) { kernels.toBf16(src, dst, begin, end); });
    return out;
}

namespace {
// Inference under mixed precision: no gradient asked for, nothing saved.
bool bf16Inference() { return mixedPrecisionOn() && !at::GradMode::is_enabled(); }

// The operands of an inference product y = x·Wᵀ written in bf16: x and W in bf16 (x as it is
// when it already is), y allocated [..., N], and the product's M, N, K.
struct Bf16InferenceProduct {
    torch::Tensor x, w, y;
    std::int64_t m, n, k;
};
Bf16InferenceProduct bf16InferenceProduct(const torch::Tensor& x, const torch::Tensor& weight)
{
    Bf16InferenceProduct p;
    p.x = x.scalar_type() == torch::kBFloat16 ? x.contiguous() : toBf16(x);
    p.w = toBf16(weight);
    p.n = p.w.size(0), p.k = p.w.size(1), p.m = p.x.numel() / p.k;
    auto sizes = x.sizes().vec();
    sizes.back() = p.n;
    p.y = torch::empty(sizes, weight.options().dtype(torch::kBFloat16));
    return p;
}
}  // namespace

torch::Tensor linearToBf16(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias)
{
    if (mixedPrecisionOn() && at::GradMode::is_enabled() && linearShapesFit(x, weight, bias, true))
        return Bf16LinearFunction::apply(x, weight, bias.defined() ? bias : torch::empty({0}, weight.options()), true);
    if (bf16Inference() && linearShapesFit(x, weight, bias, true)) {
        auto p = bf16InferenceProduct(x, weight);
        const auto biasRow = bias.defined() ? bias.contiguous() : bias;
        if (bf16gemmToBf16(false, true, p.m, p.n, p.k, bf16Bits(p.x), p.k, bf16Bits(p.w), p.k,
                           bias.defined() ? biasRow.data_ptr<float>() : nullptr, bf16Bits(p.y), p.n))
            return p.y;
    }
    return linear(x, weight, bias);
}

torch::Tensor linearGelu(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias)
{
    if (bf16Inference() && linearShapesFit(x, weight, bias, true) && bias.defined()) {
        auto p = bf16InferenceProduct(x, weight);
        const auto biasRow = bias.contiguous();
        if (bf16gemmGelu(p.m, p.n, p.k, bf16Bits(p.x), bf16Bits(p.w), biasRow.data_ptr<float>(), bf16Bits(p.y)))
            return p.y;
    }
    if (mixedPrecisionOn() && linearShapesFit(x, weight, bias, true) && bias.defined())
        return Bf16LinearGeluFunction::apply(x, weight, bias);
    return kernels::gelu(linear(x, weight, bias));
}

torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias)
{
    // linearGelu's bf16 output is an input only under mixed precision.
    if (!linearShapesFit(x, weight, bias, mixedPrecisionOn()))
        return at::linear(x, weight, bias);
    const auto noBias = [&] { return bias.defined() ? bias : torch::empty({0}, weight.options()); };
    // Under mixed precision (autocast to bf16) the products run in bf16 with fp32 results.
    if (mixedPrecisionOn())
        return Bf16LinearFunction::apply(x, weight, noBias(), false);
    if (at::autocast::is_cpu_enabled())
        return at::linear(x, weight, bias);
    return LinearFunction::apply(x, weight, noBias());
}

}  // namespace lathe::kernels
