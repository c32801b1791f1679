#pragma once
// The kernels each instruction-set level provides, as plain function pointers over raw
// buffers (no LibTorch, no standard library: this header is included by translation units
// compiled with -mavx2 or -mavx512*). Ranges are [begin, end) so callers can split work
// across threads; every result depends only on the element index, never on the split.

namespace lathe::kernels {

// One attention softmax over rows of `keys` scores: rows are [batch, heads, queries] in order.
struct AttentionRows {
    const float* scores = nullptr;               // [rows, keys], raw q·k
    const unsigned char* keyPadding = nullptr;   // [batch, keys], nonzero = blocked; may be null
    float* probs = nullptr;                      // [rows, keys] out: softmax(scale · scores), masked
    float* dropped = nullptr;                    // [rows, keys] out: probs after dropout; null = none
    unsigned short* probsBf16 = nullptr;         // [rows, keys] out, no dropout only: probs as bf16,
                                                 // written instead of probs (which is then scratch)
    int heads = 1, queries = 1, keys = 1;
    bool causal = false;
    int causalOffset = 0;                        // query i sees keys 0 .. i + causalOffset
    float scale = 1.0f;
    unsigned long long seed = 0;                 // dropout stream's Philox key
    unsigned int threshold = 0;                  // drop when the random word < threshold (p · 2^32)
    float keepScale = 1.0f;                      // 1 / (1 - p)
};

// One AdamW update (decoupled weight decay, PyTorch's formula) for a flat span of a parameter.
struct AdamWStep {
    float lr = 0, beta1 = 0.9f, beta2 = 0.999f, eps = 1e-8f, weightDecay = 0;
    float biasCorrection1 = 1;        // 1 - beta1^t
    float invSqrtBiasCorrection2 = 1; // 1 / sqrt(1 - beta2^t)
};

// One time step of an LSTM cell (PyTorch's gate order i, f, g, o) for batch rows [begin, end).
// Row r's 4·hidden gates start at gates + r·gatesStride; c and h rows at r·stateStride.
struct LstmStep {
    float* gates = nullptr;           // in: pre-activations; out: activations σ(i), σ(f), tanh(g), σ(o)
    const float* cPrev = nullptr;     // c of the step before; null at the first step (zero state)
    float* c = nullptr;               // out: c = f·cPrev + i·g
    float* h = nullptr;               // out: h = o·tanh(c)
    long long gatesStride = 0, stateStride = 0;
    int hidden = 0;
};

// The same step backward. gradC [rows, hidden] (contiguous) holds dL/dc from the step after
// (zero at the last step) and receives dL/dcPrev; gradH is dL/dh from the layer's output and
// gradHNext (contiguous) dL/dh through the recurrence (zero at the last step).
struct LstmStepBackward {
    const float* gates = nullptr;     // activations, as forward left them
    const float* cPrev = nullptr;     // null at the first step
    const float* c = nullptr;
    const float* gradH = nullptr;     // rows at stateStride
    const float* gradHNext = nullptr; // [rows, hidden], required
    float* gradC = nullptr;           // [rows, hidden], in and out
    float* gradGates = nullptr;       // out: dL/d(pre-activations), rows at gatesStride
    long long gatesStride = 0, stateStride = 0;
    int hidden = 0;
};

// LayerNorm over rows of `width` values (biased variance, PyTorch's formula), with the
// affine weight and bias. Forward keeps each row's mean and 1/sqrt(var + eps) for backward.
struct LayerNormRows {
    const float* x = nullptr;         // [rows, width]
    const float* weight = nullptr;    // [width]
    const float* bias = nullptr;      // [width]
    float* y = nullptr;               // [rows, width] out (unused when yBf16 is set)
    unsigned short* yBf16 = nullptr;  // [rows, width] out as bf16, instead of y
    float* mean = nullptr;            // [rows] out
    float* rstd = nullptr;            // [rows] out
    int width = 0;
    float eps = 1e-5f;
};

// The same rows backward: gradX for rows [begin, end) and their share of the parameters'
// gradients, added onto gradWeight and gradBias (one accumulator per block of rows, which the
// caller sums in a fixed order, so the result never depends on the thread count).
struct LayerNormBackwardRows {
    const float* x = nullptr;
    const float* weight = nullptr;
    const float* mean = nullptr;
    const float* rstd = nullptr;
    const float* gradY = nullptr;     // [rows, width]
    float* gradX = nullptr;           // [rows, width] out
    float* gradWeight = nullptr;      // [width], accumulated
    float* gradBias = nullptr;        // [width], accumulated
    int width = 0;
};

// Cross-entropy of rows of logits, each against its target class: loss[r] = logsumexp(x_r) −
// x_r[target[r]]. With `gradient`, x_r is overwritten by the gradient of scale · loss[r],
// (softmax(x_r) − onehot(target[r])) · scale, and also written as bf16 to gradBf16 when that is
// set; without it, x_r is left as scratch.
struct CrossEntropyRows {
    float* logits = nullptr;               // [rows, classes]
    const long long* target = nullptr;     // [rows], each in [0, classes)
    float* loss = nullptr;                 // [rows] out
    unsigned short* gradBf16 = nullptr;    // [rows, classes] out, optional
    int classes = 0;
    float scale = 1.0f;
    bool gradient = false;
};

// One word2vec negative-sampling update (Mikolov et al. 2013) of input vector `in` against the
// output rows out[targets[j]] (width each), target 0 the positive one (label 1), the rest
// negatives (label 0): f = in·o, g = (label − σ(f))·alpha, neu1e += g·o, o += g·in, in order of
// j (the input itself is not changed: the caller adds neu1e to it, or to each context word).
// σ and log σ come from tables over (−maxExp, maxExp) as in word2vec; beyond it σ is 0 or 1.
// Returns Σ −log σ(±f), the targets' loss.
struct SgnsStep {
    const float* in = nullptr;
    float* neu1e = nullptr;           // [width], accumulated into
    float* out = nullptr;             // the output vectors, row-major
    const int* targets = nullptr;
    int count = 0;
    int width = 0;
    float alpha = 0;
    const float* sigmoid = nullptr;    // [tableSize]: σ at the centre of each cell
    const float* logSigmoid = nullptr; // [tableSize]: log σ likewise
    int tableSize = 0;
    float maxExp = 6;
};

struct KernelTable {
    // words[w * 16 + l] = word w of Philox4x32-10(counter first + l, key seed), l < 16.
    void (*philoxBlock)(unsigned long long seed, unsigned long long first, unsigned int* words);
    // out[i] = (keep(i) ? in[i] * scale : 0) + (add ? add[i] : 0).
    void (*maskedScale)(const float* in, const float* add, float* out, long long begin, long long end,
                        unsigned long long seed, unsigned int threshold, float scale);
    void (*attentionSoftmaxForward)(const AttentionRows& a, long long rowBegin, long long rowEnd);
    // gradScores = scale · P ∘ (g − Σ_j P∘g) with g the gradient before dropout; may alias gradDropped
    // (not a.dropped). With a.dropped set, the keep mask is where it is nonzero; else regenerated.
    void (*attentionSoftmaxBackward)(const AttentionRows& a, const float* gradDropped, float* gradScores,
                                     long long rowBegin, long long rowEnd);
    void (*adamw)(const AdamWStep& s, float* param, const float* grad, float* expAvg, float* expAvgSq,
                  long long begin, long long end);
    // y = GELU(x) = x · Φ(x) (the erf form, as torch's default), and gx = gy · GELU'(x).
    void (*gelu)(const float* x, float* y, long long begin, long long end);
    void (*geluBackward)(const float* x, const float* gy, float* gx, long long begin, long long end);
    void (*lstmStep)(const LstmStep& s, long long rowBegin, long long rowEnd);
    void (*lstmStepBackward)(const LstmStepBackward& s, long long rowBegin, long long rowEnd);
    void (*layerNormForward)(const LayerNormRows& n, long long rowBegin, long long rowEnd);
    void (*layerNormBackward)(const LayerNormBackwardRows& n, long long rowBegin, long long rowEnd);
    // out[i] = in[i] as bf16 bits, rounded to nearest (ties to even), NaN as 0x7FC0: what
    // LibTorch's conversion gives (its vector path writes NaN as 0xFFFF), for bf16 matmuls.
    void (*toBf16)(const float* in, unsigned short* out, long long begin, long long end);
    // y = bf16(GELU(x)): the activation as the next bf16 product reads it.
    void (*geluToBf16)(const float* x, unsigned short* y, long long begin, long long end);
    // Rows [rowBegin, rowEnd) of width `width`: g = gy · GELU'(x) in fp32 with gy in bf16,
    // gx = bf16(g), and gradBias[j] += g[r][j] (the layer's bias gradient, before rounding).
    void (*geluBackwardBf16)(const float* x, const unsigned short* gy, unsigned short* gx, float* gradBias,
                             long long width, long long rowBegin, long long rowEnd);
    void (*crossEntropyRows)(const CrossEntropyRows& c, long long rowBegin, long long rowEnd);
    float (*sgnsStep)(const SgnsStep& s);
};

namespace scalar { const KernelTable& table(); }
namespace avx2 { const KernelTable& table(); }
namespace avx512 { const KernelTable& table(); }

}  // namespace lathe::kernels
