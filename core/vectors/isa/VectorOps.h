#pragma once
// The few vector loops of word2vec outside its update kernel (kernels/isa SgnsStep), compiled
// once per instruction-set level like the kernels and chosen with kernels::activeIsa(), so
// LATHE_CPU_ISA caps them too. No standard library here (see kernels/isa/Kernels.inc).

namespace lathe::vectors {

struct VectorOps {
    // y[i] += g · x[i] for i < n.
    void (*addScaled)(float* y, const float* x, float g, int n);
    // out[r] = rows[r]·x for r < count (rows of width n, row-major).
    void (*dotRows)(const float* rows, const float* x, float* out, long long count, int n);
};

// The level kernels::activeIsa() picks (defined in Word2Vec.cpp).
const VectorOps& activeOps();

namespace scalar { const VectorOps& ops(); }
namespace avx2 { const VectorOps& ops(); }
namespace avx512 { const VectorOps& ops(); }

}  // namespace lathe::vectors
