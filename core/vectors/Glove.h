#pragma once
// GloVe (Pennington, Socher and Manning 2014, "GloVe: Global Vectors for Word Representation"):
// word–context co-occurrence counts weighted by 1/distance within a symmetric window, then
// weighted least squares on their logarithms, w_i·c_j + b_i + b̃_j ≈ log X_ij with weight
// min(1, (X_ij / x_max)^0.75), trained by AdaGrad over the shuffled non-zero entries, lock-free
// over threads as the reference tool does. The vectors kept are W + C (its default output).
#include "vectors/Word2Vec.h"

#include <cstdint>
#include <vector>

namespace lathe {

struct Cooccurrence {
    std::int32_t word = 0, context = 0;
    float count = 0;  // Σ 1/distance over the pair's meetings
};

// Every non-zero X_ij of `corpus` with a window of `window` words on each side, both directions
// of each pair listed (X_ij = X_ji), sorted by (word, context). Counted on `threads` threads.
std::vector<Cooccurrence> countCooccurrences(const VectorsCorpus& corpus, int window, int threads);

// Trains `corpus` with `config` (method "glove"). Progress, pauses and stops as trainWord2Vec's,
// in words: one epoch over the co-occurrences counts as one pass over the corpus's kept words; the
// loss is the mean ½·f(X)·(w·c + b + b̃ − log X)² per co-occurrence. Deterministic for one thread
// and a seed on one instruction-set level.
VectorsOutcome trainGlove(const VectorsCorpus& corpus, const VectorsConfig& config,
                          const std::function<bool(const VectorsProgress&)>& report = {}, double reportSeconds = 0.5,
                          const std::function<bool()>& waitWhilePaused = {});

// trainWord2Vec or trainGlove, as config.method says.
VectorsOutcome trainVectors(const VectorsCorpus& corpus, const VectorsConfig& config,
                            const std::function<bool(const VectorsProgress&)>& report = {},
                            double reportSeconds = 0.5, const std::function<bool()>& waitWhilePaused = {});

}  // namespace lathe
