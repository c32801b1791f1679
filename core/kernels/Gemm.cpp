#include "kernels/Gemm.h"

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

std::string gemmSummary()
{
    const auto* v = dnnl_version();
    return "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." + std::to_string(v->patch) +
           " (sgemm, " + (v->cpu_runtime == DNNL_RUNTIME_OMP ? "OpenMP" : "other threading") + ")";
}

}  // namespace lathe::kernels
