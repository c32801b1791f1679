#include "kernels/Gemm.h"
#include "kernels/Cpu.h"

#include <dnnl.h>

#include <stdexcept>
#include <string>

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
