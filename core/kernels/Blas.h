#pragma once
// The one BLAS call the fused kernels make, declared here: the standard CBLAS ABI exported by
// the OpenBLAS that LibTorch already links (Debian's cblas.h is the reference BLAS's header).
// Called inside a parallel region, OpenMP OpenBLAS runs it on the calling thread.

extern "C" {
enum LatheCblasOrder { LatheCblasRowMajor = 101 };
enum LatheCblasTranspose { LatheCblasNoTrans = 111, LatheCblasTrans = 112 };
void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, const float* a, int lda,
                 const float* b, int ldb, float beta, float* c, int ldc);
}

namespace lathe::kernels {

// C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C, row-major with leading dimensions.
inline void sgemm(bool transA, bool transB, int m, int n, int k, float alpha, const float* a, int lda, const float* b,
                  int ldb, float beta, float* c, int ldc)
{
    cblas_sgemm(LatheCblasRowMajor, transA ? LatheCblasTrans : LatheCblasNoTrans,
                transB ? LatheCblasTrans : LatheCblasNoTrans, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

}  // namespace lathe::kernels
