// Plain-ATen references of the fused kernels: the same computation written with ordinary
// tensor operations (Philox included), slow and obviously right. Tests compare the kernels
// against these; tensors the kernels do not take (double, non-CPU) use them directly.
#include "kernels/Kernels.h"

#include <array>
#include <limits>
#include <utility>

namespace lathe::kernels::reference {

namespace {
constexpr std::int64_t kMask32 = 0xFFFFFFFFLL;
constexpr std::int64_t kM0 = 0xD2511F53LL, kM1 = 0xCD9E8D57LL, kW0 = 0x9E3779B9LL, kW1 = 0xBB67AE85LL;

// The low and high 32 bits of m · c, for m and c below 2^32, without leaving int64.
std::pair<torch::Tensor, torch::Tensor> mulHiLo(std::int64_t m, const torch::Tensor& c)
{
    auto a = c.bitwise_and(0xFFFF) * m;  // < 2^48
    auto b = c.__rshift__(16) * m;       // < 2^48
    auto sumLo = a.bitwise_and(kMask32) + b.bitwise_and(0xFFFF).__lshift__(16);
    auto lo = sumLo.bitwise_and(kMask32);
    auto hi = a.__rshift__(32) + b.__rshift__(16) + sumLo.__rshift__(32);
    return {lo, hi.bitwise_and(kMask32)};
}

// Philox4x32-10 of counters [0, n) with key `seed`: four [n] int64 tensors of 32-bit words.
std::array<torch::Tensor, 4> philox(std::int64_t n, std::uint64_t seed)
{
    auto counter = torch::arange(n, torch::kLong);
    std::array<torch::Tensor, 4> c{counter.bitwise_and(kMask32), counter.__rshift__(32), torch::zeros({n}, torch::kLong),
                                   torch::zeros({n}, torch::kLong)};
    std::int64_t k0 = static_cast<std::int64_t>(seed & 0xFFFFFFFFULL), k1 = static_cast<std::int64_t>(seed >> 32);
    for (int round = 0; round < 10; ++round) {
        auto [lo0, hi0] = mulHiLo(kM0, c[0]);
        auto [lo1, hi1] = mulHiLo(kM1, c[2]);
        c = {hi1.bitwise_xor(c[1]).bitwise_xor(k0), lo1, hi0.bitwise_xor(c[3]).bitwise_xor(k1), lo0};
        k0 = (k0 + kW0) & kMask32;
        k1 = (k1 + kW1) & kMask32;
    }
    return c;
}
}  // namespace

torch::Tensor keepMask(std::int64_t numel, std::uint64_t seed, std::uint32_t threshold)
{
    // Element e reads word (e % 64) / 16 of counter (e / 64) * 16 + e % 16.
    const auto blocks = (numel + 63) / 64;
    auto words = philox(blocks * 16, philoxKey(seed));
    auto all = torch::stack({words[0], words[1], words[2], words[3]});  // [4, counters]
    auto e = torch::arange(numel, torch::kLong);
    auto word = e.remainder(64).div(16, "floor");
    auto counter = e.div(64, "floor") * 16 + e.remainder(16);
    return all.index({word, counter}).ge(static_cast<std::int64_t>(threshold));
}

torch::Tensor dropout(const torch::Tensor& x, double p, std::uint64_t seed, const torch::Tensor& residual)
{
    auto keep = keepMask(x.numel(), seed, dropThreshold(p)).view(x.sizes()).to(x.device());
    auto y = x * keep.to(x.dtype()) / (1.0 - p);
    return residual.defined() ? residual + y : y;
}

torch::Tensor attentionProbabilities(const torch::Tensor& scores, const torch::Tensor& keyPadding, bool causal,
                                     double scale, double p, std::uint64_t seed)
{
    const auto B = scores.size(0), Tq = scores.size(2), Tk = scores.size(3);
    auto blocked = torch::zeros({B, 1, Tq, Tk}, scores.options().dtype(torch::kBool));
    if (keyPadding.defined())
        blocked = blocked.logical_or(keyPadding.to(torch::kBool).view({B, 1, 1, Tk}));
    if (causal)
        blocked = blocked.logical_or(torch::ones({Tq, Tk}, blocked.options()).triu(Tk - Tq + 1).view({1, 1, Tq, Tk}));
    auto s = (scores * scale).masked_fill(blocked, -std::numeric_limits<double>::infinity());
    // A row with every key blocked gets zeros rather than NaN.
    // Blocked keys get exactly 0, and a row with every key blocked is zeros rather than NaN.
    auto probs = torch::softmax(s, -1).masked_fill(blocked, 0.0);
    return p > 0 ? dropout(probs, p, seed) : probs;
}

}  // namespace lathe::kernels::reference
