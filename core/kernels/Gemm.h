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

// C[m×n] = op(A)·op(B) (+ bias, one value per column) (+ C when accumulate), with A and B in
// bf16 (raw bits, as LibTorch's BFloat16 stores them) and C in fp32: oneDNN's matmul primitive,
// one per shape, kept per thread. Returns false, computing nothing, where oneDNN has only its
// reference implementation for it (no AVX-512 here, or its ISA capped below): the caller then
// takes another path. Runs on the calling thread's OpenMP thread count as it is now (a primitive
// is kept per shape and thread count).
bool bf16gemm(bool transA, bool transB, std::int64_t m, std::int64_t n, std::int64_t k, const std::uint16_t* a,
              std::int64_t lda, const std::uint16_t* b, std::int64_t ldb, const float* bias, bool accumulate, float* c,
              std::int64_t ldc);

// C[m×n] = GELU(A·Bᵀ + bias) in bf16 (erf form), A [m, k] and B [n, k] bf16 and row-major:
// inference's feed-forward up-projection and its activation in one pass, written as the next
// product reads it. Returns false, computing nothing, where oneDNN has no path for it.
bool bf16gemmGelu(std::int64_t m, std::int64_t n, std::int64_t k, const std::uint16_t* a, const std::uint16_t* b,
                  const float* bias, std::uint16_t* c);

// C[m×n] = op(A)·op(B) (+ bias, fp32, one value per column) rounded to bf16 (A, B and C raw
// bf16 bits): a result or gradient that goes on to another bf16 product. Returns false,
// computing nothing, where oneDNN has no path for it.
bool bf16gemmToBf16(bool transA, bool transB, std::int64_t m, std::int64_t n, std::int64_t k, const std::uint16_t* a,
                    std::int64_t lda, const std::uint16_t* b, std::int64_t ldb, const float* bias, std::uint16_t* c,
                    std::int64_t ldc);

// Whether bf16gemm has a path for this product here (false where oneDNN would run its reference
// code); what it finds is kept, so the call that follows costs no second look.
bool bf16gemmFits(bool transA, bool transB, std::int64_t m, std::int64_t n, std::int64_t k, std::int64_t lda,
                  std::int64_t ldb, std::int64_t ldc, bool bias = false, bool toBf16 = false);

// How many times faster a bf16 product runs than an fp32 one on one core here, at this
// project's shapes (a [4096, 128] · [128, 384] product, best of several): about 2 on an AMD EPYC
// with AVX512-BF16 (family 26), 0.6-0.9 on a Xeon with AVX512-BF16 but no AMX, 0 where
// bf16gemm has no path. Measured once, on a thread of its own, the first time it is asked.
double bf16Speedup();

// "oneDNN 2.6.3 (sgemm, OpenMP, avx512_core_bf16)": the library, its threading and the
// instruction set its kernels use.
std::string gemmSummary();

// Caps oneDNN's instruction set at the kernels' level when LATHE_CPU_ISA asks for one below
// the CPU's (avx2 -> AVX2, scalar -> SSE4.1, oneDNN's lowest), so a capped run exercises the
// fallbacks in the products too. oneDNN takes the cap only before its first kernel is
// generated: the mains call this first thing; setIsaCap (tests) does not move it.
void capGemmIsa();

}  // namespace lathe::kernels
