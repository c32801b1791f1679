#pragma once
// The matrix products the kernels make: oneDNN's sgemm (the library LibTorch already loads for
// its mkldnn backend). On this project's shapes (K or N = 128) it is 1.2-1.5x faster than
// OpenBLAS on one thread, and concurrent calls from a parallel region scale, where OpenBLAS's
// small calls contend on its buffer lock (docs/benchmarks.md). oneDNN picks its own code path
// per CPU at run time (AVX2, AVX-512, AMX); it runs on the caller's OpenMP thread count, and on
// the calling thread alone inside a parallel region.
#include <cstdint>
#include <string>

namespace lathe::kernels {

// C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C, row-major with leading dimensions.
void sgemm(bool transA, bool transB, std::int64_t m, std::int64_t n, std::int64_t k, float alpha, const float* a,
           std::int64_t lda, const float* b, std::int64_t ldb, float beta, float* c, std::int64_t ldc);

// "oneDNN 2.6.3 (sgemm, OpenMP, avx512_core_bf16)": the library, its threading and the
// instruction set its kernels use.
std::string gemmSummary();

// Caps oneDNN's instruction set at the kernels' level when LATHE_CPU_ISA asks for one below
// the CPU's (avx2 -> AVX2, scalar -> SSE4.1, oneDNN's lowest), so a capped run exercises the
// fallbacks in the products too. oneDNN takes the cap only before its first kernel is
// generated: the mains call this first thing; setIsaCap (tests) does not move it.
void capGemmIsa();

}  // namespace lathe::kernels
