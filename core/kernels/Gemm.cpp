#include "kernels/Gemm.h"
#include "kernels/Cpu.h"

#include <dnnl.h>
#include <oneapi/dnnl/dnnl.hpp>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace lathe::kernels {

void sgemm(bool transA, bool transB, std::int64_t m, std::int64_t n, std::int64_t k, float alpha, const float* a,
           std::int64_t lda, const float* b, std::int64_t ldb, float beta, float* c, std::int64_t ldc)
{
    if (m == 0 || n == 0)
        return;
    const auto status =
        dnnl_sgemm(transA ? 'T' : 'N', transB ? 'T' : 'N', m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    // Only malformed arguments fail, which is a bug in the caller.
    if (status != dnnl_success)
        throw std::logic_error("oneDNN sgemm failed (status " + std::to_string(static_cast<int>(status)) + ")");
}

namespace {
// One cached product: its primitive and the memory handles its calls point at their buffers
// (no allocation per call: attention makes six products per head), or none where oneDNN has only
// its reference code.
struct Bf16Product {
    std::optional<dnnl::matmul> primitive;
    dnnl::memory a, b, c, bias;
    std::unordered_map<int, dnnl::memory> args;
};

struct ProductKey {
    bool transA, transB, bias, accumulate, toBf16, gelu;
    std::int64_t m, n, k, lda, ldb, ldc;
    // The OpenMP thread count the primitive runs on: oneDNN fixes it when it creates the primitive
    // (its blocking is planned for that many threads), so a primitive made while the trainer ran
    // two threads keeps starting two-thread teams after the count drops to one, and with another
    // process on one core the second thread spends the step spinning at libgomp's barriers.
    int threads = 0;
    bool operator==(const ProductKey&) const = default;
};

struct ProductKeyHash {
    std::size_t operator()(const ProductKey& key) const
    {
        std::size_t h = (key.transA ? 1u : 0u) | (key.transB ? 2u : 0u) | (key.bias ? 4u : 0u) |
                        (key.accumulate ? 8u : 0u) | (key.toBf16 ? 16u : 0u) | (key.gelu ? 32u : 0u);
        for (auto v : {key.m, key.n, key.k, key.lda, key.ldb, key.ldc, std::int64_t{key.threads}})
            h = h * 1000003u ^ std::hash<std::int64_t>{}(v);
        return h;
    }
};

dnnl::engine& cpuEngine()
{
    static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
    return engine;
}

Bf16Product& productFor(ProductKey key)
{
    // Per thread: the trainer, the inspection workers and the GUI each keep their own, no lock.
    thread_local std::unordered_map<ProductKey, Bf16Product, ProductKeyHash> cache;
    key.threads = omp_get_max_threads();
    if (auto it = cache.find(key); it != cache.end())
        return it->second;
    using dt = dnnl::memory::data_type;
    using dims = dnnl::memory::dims;
    // Row-major A [m, k] (or its transpose stored [k, m]) and B [k, n] (or [n, k]), by strides.
    const dnnl::memory::desc a(dims{key.m, key.k}, dt::bf16, key.transA ? dims{1, key.lda} : dims{key.lda, 1});
    const dnnl::memory::desc b(dims{key.k, key.n}, dt::bf16, key.transB ? dims{1, key.ldb} : dims{key.ldb, 1});
    const dnnl::memory::desc c(dims{key.m, key.n}, key.toBf16 ? dt::bf16 : dt::f32, dims{key.ldc, 1});
    const dnnl::memory::desc bias = key.bias ? dnnl::memory::desc(dims{1, key.n}, dt::f32, dims{key.n, 1})
                                             : dnnl::memory::desc();
    dnnl::primitive_attr attr;
    dnnl::post_ops ops;
    if (key.accumulate)
        ops.append_sum(1.0f);
    if (key.gelu)
        ops.append_eltwise(1.0f, dnnl::algorithm::eltwise_gelu_erf, 0.0f, 0.0f);
    attr.set_post_ops(ops);
    Bf16Product product;
    try {
        const dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(a, b, bias, c), attr, cpuEngine());
        // oneDNN's reference matmul is a plain loop, hundreds of times slower than any BLAS.
        if (std::string_view(pd.impl_info_str()).rfind("ref", 0) != 0) {
            auto& engine = cpuEngine();
            product.primitive.emplace(pd);
            product.a = dnnl::memory(pd.src_desc(), engine, DNNL_MEMORY_NONE);
            product.b = dnnl::memory(pd.weights_desc(), engine, DNNL_MEMORY_NONE);
            product.c = dnnl::memory(pd.dst_desc(), engine, DNNL_MEMORY_NONE);
            product.args = {{DNNL_ARG_SRC, product.a}, {DNNL_ARG_WEIGHTS, product.b}, {DNNL_ARG_DST, product.c}};
            if (key.bias) {
                product.bias = dnnl::memory(pd.bias_desc(), engine, DNNL_MEMORY_NONE);
                product.args.emplace(DNNL_ARG_BIAS, product.bias);
            }
        }
    } catch (const dnnl::error&) {
        // No implementation for this shape or ISA: the caller takes another path.
    }
    return cache.emplace(key, std::move(product)).first->second;
}

bool run(const ProductKey& key, const std::uint16_t* a, const std::uint16_t* b, const float* bias, void* c)
{
    auto& product = productFor(key);
    if (!product.primitive)
        return false;
    if (key.m == 0 || key.n == 0)
        return true;
    // oneDNN takes non-const handles; it only reads A, B and the bias.
    product.a.set_data_handle(const_cast<std::uint16_t*>(a));
    product.b.set_data_handle(const_cast<std::uint16_t*>(b));
    product.c.set_data_handle(c);
    if (bias)
        product.bias.set_data_handle(const_cast<float*>(bias));
    thread_local dnnl::stream stream(cpuEngine());
    product.primitive->execute(stream, product.args);
    stream.wait();
    return true;
}
}  // namespace

bool bf16gemm(bool transA, bool transB, std::int64_t m, std::int64_t n, std::int64_t k, const std::uint16_t* a,
              std::int64_t lda, const std::uint16_t* b, std::int64_t ldb, const float* bias, bool accumulate, float* c,
              std::int64_t ldc)
{
    return run(ProductKey{transA, transB, bias != nullptr, accumulate, false, false, m, n, k, lda, ldb, ldc}, a, b, bias, c);
}

bool bf16gemmGelu(std::int64_t m, std::int64_t n, std::int64_t k, const std::uint16_t* a, const std::uint16_t* b,
                  const float* bias, std::uint16_t* c)
{
    return run(ProductKey{false, true, true, false, true, true, m, n, k, k, k, n}, a, b, bias, c);
}

bool bf16gemmToBf16(bool transA, bool transB, std::int64_t m, std::int64_t n, std::int64_t k, const std::uint16_t* a,
                    std::int64_t lda, const std::uint16_t* b, std::int64_t ldb, const float* bias, std::uint16_t* c,
                    std::int64_t ldc)
{
    return run(ProductKey{transA, transB, bias != nullptr, false, true, false, m, n, k, lda, ldb, ldc}, a, b, bias, c);
}


bool bf16gemmFits(bool transA, bool transB, std::int64_t m, std::int64_t n, std::int64_t k, std::int64_t lda,
                  std::int64_t ldb, std::int64_t ldc, bool bias, bool toBf16)
{
    return productFor(ProductKey{transA, transB, bias, false, toBf16, false, m, n, k, lda, ldb, ldc}).primitive.has_value();
}

double bf16Speedup()
{
    static const double speedup = [] {
        double result = 0;
        // A thread of its own with one OpenMP thread: the answer does not depend on the caller's
        // thread count, and no caller (the GUI thread) grows an OpenMP pool for it.
        std::thread probe([&result] {
            omp_set_num_threads(1);
            constexpr std::int64_t M = 4096, K = 128, N = 384;
            std::vector<float> af(M * K, 0.5f), bf(N * K, 0.25f), c(M * N);
            std::vector<std::uint16_t> ab(M * K, 0x3F00), bb(N * K, 0x3E80);
            const auto seconds = [](auto&& product) {
                const auto start = std::chrono::steady_clock::now();
                product();
                return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            };
            const auto bf16Product = [&] {
                bf16gemm(false, true, M, N, K, ab.data(), K, bb.data(), K, nullptr, false, c.data(), N);
            };
            const auto fp32Product = [&] { sgemm(false, true, M, N, K, 1.0f, af.data(), K, bf.data(), K, 0.0f, c.data(), N); };
            if (!bf16gemm(false, true, M, N, K, ab.data(), K, bb.data(), K, nullptr, false, c.data(), N))
                return;
            fp32Product();
            // Interleaved, fastest of each: a slow spell (another process, a frequency change)
            // would have to cover every round of one kind and none of the other to flip `auto`.
            double bf16 = 1e30, fp32 = 1e30;
            for (int round = 0; round < 8; ++round) {
                bf16 = std::min(bf16, seconds(bf16Product));
                fp32 = std::min(fp32, seconds(fp32Product));
            }
            result = fp32 / bf16;
        });
        probe.join();
        return result;
    }();
    return speedup;
}

namespace {
const char* isaName(dnnl_cpu_isa_t isa)
{
    switch (isa) {
    case dnnl_cpu_isa_sse41: return "sse41";
    case dnnl_cpu_isa_avx: return "avx";
    case dnnl_cpu_isa_avx2: return "avx2";
    case dnnl_cpu_isa_avx2_vnni: return "avx2_vnni";
    case dnnl_cpu_isa_avx512_core: return "avx512_core";
    case dnnl_cpu_isa_avx512_core_vnni: return "avx512_core_vnni";
    case dnnl_cpu_isa_avx512_core_bf16: return "avx512_core_bf16";
    case dnnl_cpu_isa_avx512_core_amx: return "avx512_core_amx";
    default: return "other ISA";
    }
}
}  // namespace

std::string gemmSummary()
{
    const auto* v = dnnl_version();
    return "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch) +
           " (sgemm, " + (v->cpu_runtime == DNNL_RUNTIME_OMP ? "OpenMP" : "other threading") + ", " +
           isaName(dnnl_get_effective_cpu_isa()) + ")";
}

void capGemmIsa()
{
    static const bool once = [] {
        const Isa isa = activeIsa();
        if (isa == detectedIsa())
            return false;
        return dnnl_set_max_cpu_isa(isa == Isa::Avx2 ? dnnl_cpu_isa_avx2 : dnnl_cpu_isa_sse41) == dnnl_success;
    }();
    (void)once;
}

}  // namespace lathe::kernels
