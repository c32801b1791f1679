#pragma once
// The vector loops of word2vec outside its pair update (kernels/isa SgnsStep) and GloVe's update,
// compiled once per instruction-set level like the kernels and chosen with kernels::activeIsa(), so
// LATHE_CPU_ISA caps them too. No standard library here (see kernels/isa/Kernels.inc).

namespace lathe::vectors {

struct VectorOps {
    // y[i] += g · x[i] for i < n.
    void (*addScaled)(float* y, const float* x, float g, int n);
    // out[r] = rows[r]·x for r < count (rows of width n, row-major).
    void (*dotRows)(const float* rows, const float* x, float* out, long long count, int n);
    // One GloVe update (Pennington et al. 2014) on a co-occurrence: w and c are a word's and a
    // context's rows of n weights and then a bias, gw and gc their AdaGrad sums of squared
    // gradients (laid out alike). With diff = w·c + bias_w + bias_c − logX, each weight steps by
    // −eta·g/√(sum) for g = weight·diff·(the other row), then its sum grows by g². Returns
    // ½·weight·diff², or −1 (and changes nothing) when diff is not finite.
    float (*gloveStep)(float* w, float* c, float* gw, float* gc, float logX, float weight, float eta, int n);
};

// The level kernels::activeIsa() picks (defined in Word2Vec.cpp).
const VectorOps& activeOps();

namespace scalar { const VectorOps& ops(); }
namespace avx2 { const VectorOps& ops(); }
namespace avx512 { const VectorOps& ops(); }

}  // namespace lathe::vectors
