#pragma once
// Internal to core (includes LibTorch): fused CPU operations as autograd functions, each with
// a plain-ATen reference of the same computation in kernels::reference (tests compare them).
// Float CPU tensors take the fused path on the active ISA (kernels/Cpu.h); anything else falls
// back to the reference, so results never depend on whether a kernel exists.
#include "kernels/isa/KernelTable.h"

#include <ATen/autocast_mode.h>
#include <torch/torch.h>

#include <cstdint>

namespace lathe::kernels {

// bf16 tensors (outputs of matmuls under mixed precision) as fp32; others unchanged.
inline torch::Tensor upcastBf16(const torch::Tensor& t)
{
    return t.scalar_type() == torch::kBFloat16 ? t.to(torch::kFloat) : t;
}

// Under MixedPrecision(true): LibTorch's CPU autocast on, to bf16. Lathe's products then take
// bf16 operands (kernels/Gemm.h, bf16gemm) and return fp32.
inline bool mixedPrecisionOn()
{
    return at::autocast::is_cpu_enabled() && at::autocast::get_autocast_cpu_dtype() == at::kBFloat16;
}

// A bf16 tensor's raw bits, as bf16gemm takes them.
inline std::uint16_t* bf16Bits(const torch::Tensor& t) { return reinterpret_cast<std::uint16_t*>(t.data_ptr<at::BFloat16>()); }

// A defined fp32 CPU tensor: what the fused kernels take (anything else takes the reference).
inline bool isFloatCpu(const torch::Tensor& t)
{
    return t.defined() && t.device().is_cpu() && t.scalar_type() == torch::kFloat;
}

// The kernel table of the active instruction-set level.
const KernelTable& active();

// Dropout's random streams. Inside a StepScope (the trainer opens one per optimizer step),
// the n-th dropout call of the step gets a seed made from (run seed, step, n): masks depend
// only on the run's seed and the step, for any thread count, and a resumed run draws exactly
// the masks it would have drawn. Outside one, seeds come from torch's default generator.
class DropoutStreams {
public:
    class StepScope {
    public:
        StepScope(std::uint64_t runSeed, std::int64_t step);
        ~StepScope();
        StepScope(const StepScope&) = delete;
        StepScope& operator=(const StepScope&) = delete;
    };
    static std::uint64_t next();
};

// The Philox key of a stream seed: the seed mixed (SplitMix64), so that seeds with few set bits
// (1, 2, 2024) give keys as good as any: raw small keys measurably widened the keep-rate spread.
std::uint64_t philoxKey(std::uint64_t seed);

// Drop when the stream's 32-bit word is below this: p · 2^32, so keep-rate 1 - p.
std::uint32_t dropThreshold(double p);

// residual + dropout(x, p) (residual may be undefined: plain dropout). The mask is not stored;
// backward regenerates it from the stream's seed.
torch::Tensor dropout(const torch::Tensor& x, double p, bool training, const torch::Tensor& residual = {});

// softmax(scale · scores) over the last dimension with blocked keys, then dropout.
// scores [B, H, Tq, Tk]; keyPadding [B, Tk] (bool, true = padding) or undefined; causal blocks
// keys past the query (aligned to the last query). Rows with no visible key are all zero.
// `probabilities`, when given, receives the attention before dropout (detached).
torch::Tensor attentionProbabilities(const torch::Tensor& scores, const torch::Tensor& keyPadding, bool causal,
                                     double scale, double p, bool training, torch::Tensor* probabilities = nullptr);

// Multi-head self-attention from a fused projection qkv [B, T, 3·D] (q, k, v each [T, H, dh]
// per sequence, as Linear(D, 3D) lays them out) to the context [B, T, D]: softmax(q·kᵀ/√dh)
// with keyPadding [B, T] (bool) and causal masks and dropout, times v, head by head in place.
// `probabilities`, when given, receives [B, H, T, T] before dropout (detached). In inference
// under mixed precision with no probabilities asked for, qkv may be bf16 (linearToBf16) and the
// context comes back in bf16, as the output projection takes it.
bool selfAttentionFuses(const torch::Tensor& qkv, int heads);
torch::Tensor selfAttention(const torch::Tensor& qkv, const torch::Tensor& keyPadding, int heads, bool causal,
                            double p, bool training, torch::Tensor* probabilities = nullptr);

// y = x·wᵀ + b over the last dimension (bias may be undefined), forward and backward by
// oneDNN's sgemm (kernels/Gemm.h). Under bf16 autocast (MixedPrecision) the products take bf16
// operands and still return fp32 (kernels/Linear.cpp); at::linear for other tensors.
torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias = {});

// gelu(linear(x, weight, bias)). In inference under mixed precision (no gradient, bf16 autocast)
// one oneDNN product with GELU as its epilogue, returning bf16 for the next kernels::linear,
// which takes it as it is; otherwise exactly gelu(linear(...)).
torch::Tensor linearGelu(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias);

// linear(x, weight, bias) for a consumer that takes bf16 (attention's q, k and v): in inference
// under mixed precision one oneDNN product writing bf16 (the bias added before rounding);
// otherwise exactly linear(...).
torch::Tensor linearToBf16(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias);

// An fp32 tensor rounded to bf16 (nearest, ties to even; bit for bit LibTorch's .to(kBFloat16)
// but for NaN's payload), contiguous, by the active ISA's kernel.
torch::Tensor toBf16(const torch::Tensor& x);

// GELU (erf form, torch's default) by the active ISA's kernel, forward and backward; bf16 input
// (a matmul's output under mixed precision) is computed in fp32; other tensors use at::gelu.
torch::Tensor gelu(const torch::Tensor& x);

// LayerNorm over the last dimension with affine weight and bias [x.size(-1)], forward and
// backward by the active ISA's kernel (bf16 input in fp32); other tensors use at::layer_norm.
// The module form reads a torch::nn::LayerNorm's parameters and eps (its checkpoint layout).
torch::Tensor layerNorm(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias, double eps);
torch::Tensor layerNorm(const torch::Tensor& x, const torch::nn::LayerNorm& module);
// The same for an output that only feeds products: in inference under mixed precision written
// straight in bf16 (the kernel rounds each value as it makes it); otherwise exactly layerNorm.
torch::Tensor layerNormToBf16(const torch::Tensor& x, const torch::nn::LayerNorm& module);

// LSTM directions from zero state over batch-first inputs [B, T, C], PyTorch's formulas and gate
// order (i, f, g, o), as one fused autograd function (kernels/Lstm.cpp): inputs[d] with
// weights[d] = {w_ih [4H, C], w_hh [4H, H], b_ih [4H], b_hh [4H]}, one or two directions of the
// same shape (two run at once on two threads); returns each direction's h for every step,
// [B, T, H]. Other tensors fall back to at::lstm per direction.
std::vector<torch::Tensor> lstm(const std::vector<torch::Tensor>& inputs,
                                const std::vector<std::vector<torch::Tensor>>& weights);

// cross_entropy(linear(x, weight, bias), target) averaged over the rows whose target is not
// ignoreIndex: a language model's output layer and loss in one, in blocks of blockRows rows (0:
// about 16 MB of logits a block), never holding the [rows, classes] logits (kernels/
// LinearCrossEntropy.cpp). x [..., D], weight [V, D], bias [V] or undefined, target x's leading
// sizes (int64). Forward computes the gradients too when autograd will want them; backward
// scales them. Under mixed precision the products take bf16 operands as kernels::linear's do.
// No row to predict gives 0 (cross_entropy gives NaN). Other tensors take the reference.
torch::Tensor linearCrossEntropy(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                                 const torch::Tensor& target, std::int64_t ignoreIndex, std::int64_t blockRows = 0);

namespace reference {
torch::Tensor linearCrossEntropy(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias,
                                 const torch::Tensor& target, std::int64_t ignoreIndex);
torch::Tensor layerNorm(const torch::Tensor& x, const torch::Tensor& weight, const torch::Tensor& bias, double eps);
// One direction by at::lstm, from zero state.
torch::Tensor lstm(const torch::Tensor& x, const std::vector<torch::Tensor>& weights);
// The keep mask of `numel` elements of stream `seed` (bool), with Philox written in ATen ops.
torch::Tensor keepMask(std::int64_t numel, std::uint64_t seed, std::uint32_t threshold);
torch::Tensor dropout(const torch::Tensor& x, double p, std::uint64_t seed, const torch::Tensor& residual = {});
torch::Tensor attentionProbabilities(const torch::Tensor& scores, const torch::Tensor& keyPadding, bool causal,
                                     double scale, double p, std::uint64_t seed);
torch::Tensor selfAttention(const torch::Tensor& qkv, const torch::Tensor& keyPadding, int heads, bool causal,
                            double p, std::uint64_t seed, torch::Tensor* probabilities = nullptr);
}  // namespace reference

// The same kernels with an explicit seed (tests and the references' comparisons).
torch::Tensor dropoutWithSeed(const torch::Tensor& x, double p, std::uint64_t seed, const torch::Tensor& residual = {});
torch::Tensor attentionProbabilitiesWithSeed(const torch::Tensor& scores, const torch::Tensor& keyPadding, bool causal,
                                             double scale, double p, std::uint64_t seed);
torch::Tensor selfAttentionWithSeed(const torch::Tensor& qkv, const torch::Tensor& keyPadding, int heads, bool causal,
                                    double p, std::uint64_t seed, torch::Tensor* probabilities = nullptr);

}  // namespace lathe::kernels
