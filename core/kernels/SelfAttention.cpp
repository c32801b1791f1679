// Multi-head self-attention straight from the fused qkv projection, head by head and in place:
// S = Q·Kᵀ by oneDNN's sgemm reading Q and K where the projection wrote them, softmax with the masks and
// dropout by our kernel, then P·V written into the [B, T, H·dh] context. Nothing is permuted or
// copied, and no batched matmul walks the heads one tensor view at a time. Under mixed precision
// the products take bf16 operands (q, k, v rounded once, each head's probabilities and score
// gradients as they are made) with fp32 results; the softmax and its gradient stay fp32.
#include "kernels/Gemm.h"
#include "kernels/Kernels.h"
#include "kernels/Parallel.h"

#include <cmath>
#include <stdexcept>
#include <vector>

namespace lathe::kernels {

namespace {
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

struct Geometry {
    int B, T, D, H, dh;
    std::int64_t rowStride() const { return 3LL * D; }  // qkv row
};

// A CPU [B, T, 3·D] projection with whole heads; the element type is checked by the callers.
bool attentionShapeFits(const torch::Tensor& qkv, int heads)
{
    return qkv.device().is_cpu() && qkv.dim() == 3 && qkv.size(2) % 3 == 0 && heads > 0 &&
           (qkv.size(2) / 3) % heads == 0 && qkv.size(1) > 0;
}

Geometry geometryOf(const torch::Tensor& qkv, int heads)
{
    Geometry g{};
    g.B = static_cast<int>(qkv.size(0));
    g.T = static_cast<int>(qkv.size(1));
    g.D = static_cast<int>(qkv.size(2) / 3);
    g.H = heads;
    g.dh = g.D / heads;
    return g;
}

AttentionRows rowsOf(const Geometry& g, const torch::Tensor& padding, bool causal, double p, std::uint64_t seed)
{
    AttentionRows a;
    // No padding travels as an empty tensor (custom functions take no undefined inputs).
    a.keyPadding = padding.defined() && padding.numel() > 0 ? padding.data_ptr<std::uint8_t>() : nullptr;
    a.heads = g.H;
    a.queries = a.keys = g.T;
    a.causal = causal;
    a.scale = static_cast<float>(1.0 / std::sqrt(static_cast<double>(g.dh)));
    a.seed = philoxKey(seed);
    a.threshold = dropThreshold(p);
    a.keepScale = static_cast<float>(1.0 / (1.0 - p));
    return a;
}

// What forward writes: probabilities, the dropped ones (the same tensor without dropout) and the
// context, with the kernel's row description pointing at them.
struct ForwardBuffers {
    torch::Tensor probs, dropped, context;
    AttentionRows rows;
};

ForwardBuffers forwardBuffers(const torch::Tensor& qkv, const torch::Tensor& padding, const Geometry& g, bool causal,
                              double p, std::uint64_t seed)
{
    ForwardBuffers f;
    f.probs = torch::empty({g.B, g.H, g.T, g.T}, qkv.options().dtype(torch::kFloat));
    f.dropped = p > 0 ? torch::empty_like(f.probs) : f.probs;
    // A bf16 qkv (linearToBf16, in training under mixed precision) gets a bf16 context.
    f.context = torch::empty({g.B, g.T, g.D}, qkv.options());
    f.rows = rowsOf(g, padding, causal, p, seed);
    // The kernel reads scores and writes probabilities in place (row by row, read before write).
    f.rows.scores = f.rows.probs = f.probs.data_ptr<float>();
    f.rows.dropped = p > 0 ? f.dropped.data_ptr<float>() : nullptr;
    return f;
}

// Whether oneDNN has bf16 paths for all six per-head products of this geometry.
bool bf16Fits(const Geometry& g)
{
    const std::int64_t T = g.T, dh = g.dh, D = g.D, ld = g.rowStride();
    return bf16gemmFits(false, true, T, T, dh, ld, ld, T) && bf16gemmFits(false, false, T, dh, T, T, ld, D) &&
           bf16gemmFits(true, false, T, dh, T, T, D, ld) && bf16gemmFits(false, true, T, T, dh, D, ld, T) &&
           bf16gemmFits(false, false, T, dh, T, T, ld, ld) && bf16gemmFits(true, false, T, dh, T, T, ld, ld);
}

// Whether a bf16 qkv can stay bf16 through training: bf16Fits, and the products that write the
// context and q, k and v's gradients in bf16.
bool bf16InOutFits(const Geometry& g)
{
    const std::int64_t T = g.T, dh = g.dh, D = g.D, ld = g.rowStride();
    return bf16Fits(g) && bf16gemmFits(false, false, T, dh, T, T, ld, D, false, true) &&
           bf16gemmFits(true, false, T, dh, T, T, D, ld, false, true) &&
           bf16gemmFits(false, false, T, dh, T, T, ld, ld, false, true) &&
           bf16gemmFits(true, false, T, dh, T, T, ld, ld, false, true);
}

// One of a head's bf16 products (no bias, fp32 result).
void bf16gemmOrThrow(bool transA, bool transB, std::int64_t m, std::int64_t n, std::int64_t k, const std::uint16_t* a,
                     std::int64_t lda, const std::uint16_t* b, std::int64_t ldb, float* c, std::int64_t ldc)
{
    // bf16Fits checked every shape first: a refusal here is a bug.
    if (!bf16gemm(transA, transB, m, n, k, a, lda, b, ldb, nullptr, false, c, ldc))
        throw std::logic_error("attention: no bf16 product for a shape bf16Fits accepted");
}

// Where a head's product writes: an fp32 or a bf16 tensor (exactly one set), at an element offset.
struct HeadOutput {
    float* fp32 = nullptr;
    std::uint16_t* bf16 = nullptr;

    void product(bool transA, bool transB, std::int64_t m, std::int64_t n, std::int64_t k, const std::uint16_t* a,
                 std::int64_t lda, const std::uint16_t* b, std::int64_t ldb, std::int64_t offset,
                 std::int64_t ldc) const
    {
        if (fp32)
            return bf16gemmOrThrow(transA, transB, m, n, k, a, lda, b, ldb, fp32 + offset, ldc);
        // The callers checked the bf16-output shapes first (inferenceFits, bf16InOutFits).
        if (!bf16gemmToBf16(transA, transB, m, n, k, a, lda, b, ldb, nullptr, bf16 + offset, ldc))
            throw std::logic_error("attention: no bf16-output product for a shape its check accepted");
    }
};

HeadOutput headOutput(torch::Tensor& t)
{
    return t.scalar_type() == torch::kBFloat16 ? HeadOutput{nullptr, bf16Bits(t)} : HeadOutput{t.data_ptr<float>(), nullptr};
}

// Query rows per block of a causal head in inference: block j's queries see only the keys up to
// its last row, so the products and the softmax skip the upper triangle's blocks (at T = 256,
// 4 blocks do 62.5% of the full products' work). Smaller blocks skip more but make more,
// smaller oneDNN calls.
constexpr int kCausalBlockRows = 64;

int causalBlockRows(const Geometry& g, bool causal)
{
    if (!causal || g.T < 2 * kCausalBlockRows)
        return g.T;
    const std::int64_t T = g.T, dh = g.dh, D = g.D, ld = g.rowStride();
    // Every block's shapes must have a bf16 product (bf16gemmOrThrow would refuse them otherwise).
    for (std::int64_t r0 = 0; r0 < T; r0 += kCausalBlockRows) {
        const std::int64_t r1 = std::min<std::int64_t>(T, r0 + kCausalBlockRows), rows = r1 - r0;
        if (!bf16gemmFits(false, true, rows, r1, dh, ld, ld, r1) ||
            !bf16gemmFits(false, false, rows, dh, r1, r1, ld, D, false, true))
            return g.T;
    }
    return kCausalBlockRows;
}

// Whether inferenceBf16 has its products here: scores in fp32, the context written in bf16.
bool inferenceFits(const Geometry& g)
{
    const std::int64_t T = g.T, dh = g.dh, D = g.D, ld = g.rowStride();
    return bf16gemmFits(false, true, T, T, dh, ld, ld, T) && bf16gemmFits(false, false, T, dh, T, T, ld, D, false, true);
}

// Inference under mixed precision with no probabilities asked for: each head's scores live in a
// per-thread buffer that stays in cache, instead of a [B, H, T, T] tensor written out and read
// back for nothing. Same products and softmax as forwardBf16, without dropout; the softmax writes
// the probabilities in bf16 and the context is written in bf16 for the output projection; a
// causal head in blocks of query rows, each against the keys it can see. qkv fp32 or bf16.
torch::Tensor inferenceBf16(const torch::Tensor& qkv, const torch::Tensor& padding, const Geometry& g, bool causal)
{
    const auto qkvBf16 = qkv.scalar_type() == torch::kBFloat16 ? qkv : toBf16(qkv);
    auto context = torch::empty({g.B, g.T, g.D}, qkv.options().dtype(torch::kBFloat16));
    const auto all = rowsOf(g, padding, causal, 0.0, 0);
    const std::uint16_t* base = bf16Bits(qkvBf16);
    const auto out = headOutput(context);
    const auto& k = active();
    const std::int64_t TT = std::int64_t{g.T} * g.T, ld = g.rowStride();
    const int blockRows = causalBlockRows(g, causal);
    parallelFor(0, std::int64_t{g.B} * g.H, 1, [&](std::int64_t begin, std::int64_t end) {
        std::vector<float> scores(static_cast<std::size_t>(TT));
        std::vector<std::uint16_t> block(static_cast<std::size_t>(TT));
        for (auto bh = begin; bh < end; ++bh) {
            const auto b = bh / g.H, h = bh % g.H;
            const std::uint16_t* q = base + b * g.T * ld + h * g.dh;
            for (int r0 = 0; r0 < g.T; r0 += blockRows) {
                // Queries r0..r1-1 of one head as a batch of one, against keys 0..keys-1: its
                // sequence's padding, query i (local) seeing keys up to i + r0 when causal.
                const int r1 = std::min(g.T, r0 + blockRows), rows = r1 - r0, keys = causal ? r1 : g.T;
                auto a = all;
                a.keyPadding = all.keyPadding ? all.keyPadding + b * g.T : nullptr;
                a.heads = 1;
                a.queries = rows;
                a.keys = keys;
                a.causalOffset = r0;
                a.scores = a.probs = scores.data();
                a.dropped = nullptr;
                a.probsBf16 = block.data();
                bf16gemmOrThrow(false, true, rows, keys, g.dh, q + r0 * ld, ld, q + g.D, ld, scores.data(), keys);
                k.attentionSoftmaxForward(a, 0, rows);
                out.product(false, false, rows, g.dh, keys, block.data(), keys, q + 2 * g.D, ld,
                            (b * g.T + r0) * g.D + h * g.dh, g.D);
            }
        }
    });
    return context;
}

struct SelfAttentionFunction : torch::autograd::Function<SelfAttentionFunction> {
    // Returns {context, probabilities before dropout}; the second is for inspection only.
    static variable_list forward(AutogradContext* ctx, const torch::Tensor& qkvIn, const torch::Tensor& padding,
                                 std::int64_t heads, bool causal, double p, std::uint64_t seed, bool bf16)
    {
        auto qkv = qkvIn.contiguous();
        const auto g = geometryOf(qkv, static_cast<int>(heads));
        // The caller passes bf16 q, k and v only where bf16InOutFits holds.
        if (qkv.scalar_type() == torch::kBFloat16 || (bf16 && bf16Fits(g)))
            return forwardBf16(ctx, qkv, padding, g, causal, p, seed);
        auto f = forwardBuffers(qkv, padding, g, causal, p, seed);
        const auto& a = f.rows;
        const float* base = qkv.data_ptr<float>();
        float* out = f.context.data_ptr<float>();
        const auto& k = active();
        const std::int64_t TT = std::int64_t{g.T} * g.T;
        parallelFor(0, std::int64_t{g.B} * g.H, 1, [&](std::int64_t begin, std::int64_t end) {
            for (auto bh = begin; bh < end; ++bh) {
                const auto b = bh / g.H, h = bh % g.H;
                const float* q = base + b * g.T * g.rowStride() + h * g.dh;
                const int ld = static_cast<int>(g.rowStride());
                sgemm(false, true, g.T, g.T, g.dh, 1.0f, q, ld, q + g.D, ld, 0.0f, a.probs + bh * TT, g.T);
                k.attentionSoftmaxForward(a, bh * g.T, (bh + 1) * g.T);
                const float* pd = (a.dropped ? a.dropped : a.probs) + bh * TT;
                sgemm(false, false, g.T, g.dh, g.T, 1.0f, pd, g.T, q + 2 * g.D, ld, 0.0f, out + b * g.T * g.D + h * g.dh,
                      g.D);
            }
        });
        return finishForward(ctx, qkv, f, heads, causal, p, seed, false);
    }

    static variable_list forwardBf16(AutogradContext* ctx, const torch::Tensor& qkv, const torch::Tensor& padding,
                                     const Geometry& g, bool causal, double p, std::uint64_t seed)
    {
        const bool bf16In = qkv.scalar_type() == torch::kBFloat16;
        const auto qkvBf16 = bf16In ? qkv : toBf16(qkv);
        auto f = forwardBuffers(qkv, padding, g, causal, p, seed);
        const auto& a = f.rows;
        const std::uint16_t* base = bf16Bits(qkvBf16);
        const auto out = headOutput(f.context);
        const auto& k = active();
        const std::int64_t TT = std::int64_t{g.T} * g.T, ld = g.rowStride();
        parallelFor(0, std::int64_t{g.B} * g.H, 1, [&](std::int64_t begin, std::int64_t end) {
            std::vector<std::uint16_t> block(static_cast<std::size_t>(TT));
            for (auto bh = begin; bh < end; ++bh) {
                const auto b = bh / g.H, h = bh % g.H;
                const std::uint16_t* q = base + b * g.T * ld + h * g.dh;
                bf16gemmOrThrow(false, true, g.T, g.T, g.dh, q, ld, q + g.D, ld, a.probs + bh * TT, g.T);
                k.attentionSoftmaxForward(a, bh * g.T, (bh + 1) * g.T);
                k.toBf16((a.dropped ? a.dropped : a.probs) + bh * TT, block.data(), 0, TT);
                out.product(false, false, g.T, g.dh, g.T, block.data(), g.T, q + 2 * g.D, ld,
                            b * g.T * g.D + h * g.dh, g.D);
            }
        });
        // Backward needs q, k and v only as bf16: the rounded copy is kept instead of qkv.
        return finishForward(ctx, qkvBf16, f, g.H, causal, p, seed, bf16In);
    }

    static variable_list finishForward(AutogradContext* ctx, const torch::Tensor& qkv, const ForwardBuffers& f,
                                       std::int64_t heads, bool causal, double p, std::uint64_t seed, bool bf16In)
    {
        // The dropped probabilities are kept (one more [B, H, T, T] buffer): backward reads the
        // mask from them instead of running Philox twice more over every score.
        ctx->save_for_backward({qkv, f.probs, f.dropped});
        ctx->mark_non_differentiable({f.probs});
        // No zero-filled [B, H, T, T] gradient for the inspection output.
        ctx->set_materialize_grads(false);
        ctx->saved_data["heads"] = heads;
        ctx->saved_data["causal"] = causal;
        ctx->saved_data["p"] = p;
        ctx->saved_data["seed"] = static_cast<std::int64_t>(seed);
        // A bf16 qkv gets its gradient in bf16, as the products write it.
        ctx->saved_data["bf16Input"] = bf16In;
        return {f.context, f.probs};
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads)
    {
        const auto saved = ctx->get_saved_variables();
        const auto& qkv = saved[0];
        const auto& probs = saved[1];
        const double p = ctx->saved_data["p"].toDouble();
        const auto g = geometryOf(qkv, static_cast<int>(ctx->saved_data["heads"].toInt()));
        const auto none = torch::Tensor();
        if (!grads[0].defined())
            return {torch::zeros(qkv.sizes(), probs.options()), none, none, none, none, none, none};
        auto gradContext = grads[0].contiguous();
        auto gradQkv = torch::empty(qkv.sizes(), ctx->saved_data["bf16Input"].toBool() ? qkv.options() : probs.options());
        // dP (after dropout) and dS, full size: the kernel indexes rows globally.
        const auto& dropped = saved[2];
        auto gradDropped = torch::empty_like(probs);
        auto gradScores = torch::empty_like(probs);
        auto a = rowsOf(g, torch::Tensor(), ctx->saved_data["causal"].toBool(), p,
                        static_cast<std::uint64_t>(ctx->saved_data["seed"].toInt()));
        a.probs = probs.data_ptr<float>();
        a.dropped = p > 0 ? dropped.data_ptr<float>() : nullptr;
        float* gd = gradDropped.data_ptr<float>();
        float* gs = gradScores.data_ptr<float>();
        const float* pd = dropped.data_ptr<float>();
        const auto& k = active();
        const std::int64_t TT = std::int64_t{g.T} * g.T;
        const int ld = static_cast<int>(g.rowStride());
        if (qkv.scalar_type() == torch::kBFloat16) {
            // q, k and v as forward rounded them; dC rounded here; each head's dropped
            // probabilities and score gradients rounded as they are used.
            const auto gcBf16 = gradContext.scalar_type() == torch::kBFloat16 ? gradContext : toBf16(gradContext);
            const std::uint16_t* base = bf16Bits(qkv);
            const std::uint16_t* gc = bf16Bits(gcBf16);
            const auto gq = headOutput(gradQkv);
            parallelFor(0, std::int64_t{g.B} * g.H, 1, [&](std::int64_t begin, std::int64_t end) {
                std::vector<std::uint16_t> block(static_cast<std::size_t>(TT));
                for (auto bh = begin; bh < end; ++bh) {
                    const auto b = bh / g.H, h = bh % g.H;
                    const std::uint16_t* q = base + b * g.T * ld + h * g.dh;
                    const std::uint16_t* gcHead = gc + b * g.T * g.D + h * g.dh;
                    const std::int64_t head = b * g.T * ld + h * g.dh;
                    // dV = Pdᵀ · dC, then dQ = dS · K and dK = dSᵀ · Q, in fp32 or bf16 as qkv came.
                    k.toBf16(pd + bh * TT, block.data(), 0, TT);
                    gq.product(true, false, g.T, g.dh, g.T, block.data(), g.T, gcHead, g.D, head + 2 * g.D, ld);
                    bf16gemmOrThrow(false, true, g.T, g.T, g.dh, gcHead, g.D, q + 2 * g.D, ld, gd + bh * TT, g.T);
                    k.attentionSoftmaxBackward(a, gd, gs, bh * g.T, (bh + 1) * g.T);
                    k.toBf16(gs + bh * TT, block.data(), 0, TT);
                    gq.product(false, false, g.T, g.dh, g.T, block.data(), g.T, q + g.D, ld, head, ld);
                    gq.product(true, false, g.T, g.dh, g.T, block.data(), g.T, q, ld, head + g.D, ld);
                }
            });
            return {gradQkv, none, none, none, none, none, none};
        }
        const float* base = qkv.data_ptr<float>();
        const float* gc = gradContext.data_ptr<float>();
        float* gq = gradQkv.data_ptr<float>();
        parallelFor(0, std::int64_t{g.B} * g.H, 1, [&](std::int64_t begin, std::int64_t end) {
            for (auto bh = begin; bh < end; ++bh) {
                const auto b = bh / g.H, h = bh % g.H;
                const float* q = base + b * g.T * g.rowStride() + h * g.dh;
                const float* gcHead = gc + b * g.T * g.D + h * g.dh;
                float* gqHead = gq + b * g.T * g.rowStride() + h * g.dh;
                // dV = Pdᵀ · dC and dPd = dC · Vᵀ.
                sgemm(true, false, g.T, g.dh, g.T, 1.0f, pd + bh * TT, g.T, gcHead, g.D, 0.0f, gqHead + 2 * g.D, ld);
                sgemm(false, true, g.T, g.T, g.dh, 1.0f, gcHead, g.D, q + 2 * g.D, ld, 0.0f, gd + bh * TT, g.T);
                // dS (scale included), then dQ = dS · K and dK = dSᵀ · Q.
                k.attentionSoftmaxBackward(a, gd, gs, bh * g.T, (bh + 1) * g.T);
                sgemm(false, false, g.T, g.dh, g.T, 1.0f, gs + bh * TT, g.T, q + g.D, ld, 0.0f, gqHead, ld);
                sgemm(true, false, g.T, g.dh, g.T, 1.0f, gs + bh * TT, g.T, q, ld, 0.0f, gqHead + g.D, ld);
            }
        });
        return {gradQkv, none, none, none, none, none, none};
    }
};
}  // namespace

bool selfAttentionFuses(const torch::Tensor& qkv, int heads)
{
    return qkv.scalar_type() == torch::kFloat && attentionShapeFits(qkv, heads);
}

torch::Tensor selfAttentionWithSeed(const torch::Tensor& qkv, const torch::Tensor& keyPadding, int heads, bool causal,
                                    double p, std::uint64_t seed, torch::Tensor* probabilities)
{
    const auto padding = [&] {
        return keyPadding.defined() ? keyPadding.to(torch::kUInt8).contiguous() : torch::empty({0}, torch::kUInt8);
    };
    // Under mixed precision (MixedPrecision: bf16 autocast) the products run in bf16.
    const bool bf16 = mixedPrecisionOn();
    const bool floatOrBf16 = qkv.scalar_type() == torch::kFloat || qkv.scalar_type() == torch::kBFloat16;
    if (bf16 && !probabilities && !at::GradMode::is_enabled() && p == 0 && floatOrBf16 &&
        attentionShapeFits(qkv, heads)) {
        const auto x = qkv.contiguous();
        const auto g = geometryOf(x, heads);
        if (inferenceFits(g))
            return inferenceBf16(x, padding(), g, causal);
    }
    if (qkv.scalar_type() == torch::kBFloat16 && bf16 && attentionShapeFits(qkv, heads) &&
        bf16InOutFits(geometryOf(qkv, heads))) {
        auto outputs = SelfAttentionFunction::apply(qkv, padding(), std::int64_t{heads}, causal, p, seed, true);
        if (probabilities)
            *probabilities = outputs[1].detach();
        return outputs[0];
    }
    const auto x = upcastBf16(qkv);
    if (!selfAttentionFuses(x, heads))
        return reference::selfAttention(x, keyPadding, heads, causal, p, seed, probabilities);
    auto outputs = SelfAttentionFunction::apply(x, padding(), std::int64_t{heads}, causal, p, seed, bf16);
    if (probabilities)
        *probabilities = outputs[1].detach();
    return outputs[0];
}

torch::Tensor selfAttention(const torch::Tensor& qkv, const torch::Tensor& keyPadding, int heads, bool causal,
                            double p, bool training, torch::Tensor* probabilities)
{
    const double rate = training ? p : 0.0;
    const auto seed = rate > 0 ? DropoutStreams::next() : 0;
    return selfAttentionWithSeed(qkv, keyPadding, heads, causal, rate, seed, probabilities);
}

namespace reference {
torch::Tensor selfAttention(const torch::Tensor& qkv, const torch::Tensor& keyPadding, int heads, bool causal,
                            double p, std::uint64_t seed, torch::Tensor* probabilities)
{
    const auto B = qkv.size(0), T = qkv.size(1), D = qkv.size(2) / 3, dh = D / heads;
    auto parts = qkv.view({B, T, 3, heads, dh}).permute({2, 0, 3, 1, 4});
    auto q = parts[0], k = parts[1], v = parts[2];
    auto scores = torch::matmul(q, k.transpose(-2, -1));
    auto scale = 1.0 / std::sqrt(static_cast<double>(dh));
    if (probabilities)
        *probabilities = attentionProbabilities(scores, keyPadding, causal, scale, 0.0, 0).detach();
    auto probs = attentionProbabilities(scores, keyPadding, causal, scale, p, seed);
    return torch::matmul(probs, v).transpose(1, 2).reshape({B, T, D});
}
}  // namespace reference

}  // namespace lathe::kernels
