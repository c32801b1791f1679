#pragma once
// Word vectors learned in Lathe: word2vec (Mikolov et al. 2013, "Distributed Representations of
// Words and Phrases"), skip-gram and CBOW with negative sampling, frequent-word subsampling and a
// linearly decaying rate, trained lock-free over threads (Hogwild) as the original C tool and
// gensim train it. No LibTorch: the update is one kernel (kernels/isa, SgnsStep) per word pair.
#include "inspect/WordVectors.h"
#include "util/Message.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace lathe {

struct VectorsConfig {
    std::string method = "skipgram";  // skipgram | cbow | glove (vectors/Glove.h)
    int dim = 100;
    int window = 5;         // the largest distance; each position draws its own in [1, window]
    int negative = 5;       // noise words per positive one
    int minCount = 5;       // rarer words are dropped before training
    double sample = 1e-3;   // subsampling threshold (0: keep every word)
    double alpha = 0.025;   // starting rate, decayed linearly to minAlpha over all epochs
    double minAlpha = 1e-4;
    int epochs = 5;
    int threads = 1;        // 0: every core
    std::uint64_t seed = 1;
    // How text becomes words: "words" as Lathe's word tokenizer splits them (lowercased,
    // punctuation apart: the vectors then match a word-tokenized model's vocabulary), or
    // "whitespace" (the text's own forms, as gensim's LineSentence reads a prepared corpus).
    std::string tokens = "words";
    // GloVe only: co-occurrences counted this often weigh fully, rarer ones by (x / xMax)^0.75.
    double xMax = 10;

    // The defaults of a method: word2vec's for skipgram and cbow; for glove those of GloVe's demo
    // (window 15 each side, 15 epochs, AdaGrad rate 0.05, x_max 10; no subsampling or noise words).
    static VectorsConfig defaultsFor(const std::string& method);

    std::string toJson() const;
    static VectorsConfig fromJson(const std::string& json);  // defaults for absent keys
    std::vector<Message> problems() const;
};

// The training text as word ids: the words kept (minCount), most frequent first.
struct VectorsCorpus {
    std::vector<std::string> words;
    std::vector<std::int64_t> counts;
    // Each text, rare words dropped, cut into sentences of at most 10,000 words (empty ones left out).
    std::vector<std::vector<std::int32_t>> sentences;
    std::int64_t keptWords = 0;  // occurrences of kept words
    std::int64_t rawWords = 0;   // every occurrence, rare ones included
};

// Splits each text into words (`tokens`: "words" or "whitespace", see VectorsConfig) and keeps
// the words seen at least `minCount` times, ties in frequency in order of first appearance (as
// gensim sorts them).
VectorsCorpus buildVectorsCorpus(const std::vector<std::string>& texts, int minCount, const std::string& tokens);

struct VectorsProgress {
    std::int64_t wordsDone = 0;       // kept words processed, over all epochs
    std::int64_t wordsTotal = 0;      // keptWords · epochs
    std::int64_t effectiveWords = 0;  // words trained on after subsampling
    int epoch = 0;                    // 1-based
    double alpha = 0;
    double loss = 0;                  // mean −log σ per prediction since the last report
    double wordsPerSecond = 0;        // effective words per second since the last report
    double seconds = 0;               // since training started
};

struct VectorsOutcome {
    WordVectors vectors;
    std::int64_t effectiveWords = 0;
    double seconds = 0;
    double loss = 0;  // mean over the last epoch
    bool stopped = false;
};

// Trains `corpus` with `config`, reporting about every `reportSeconds` on the calling thread
// (the last report at the end); `report` returns false to stop early (the vectors so far are
// returned). Each worker calls `waitWhilePaused` every 10,000 words or so: it blocks while the
// user pauses and returns false to stop (TrainingControl::waitWhilePaused); paused time is left
// out of the seconds and words per second. Deterministic for one thread and a seed on one
// instruction-set level.
VectorsOutcome trainWord2Vec(const VectorsCorpus& corpus, const VectorsConfig& config,
                             const std::function<bool(const VectorsProgress&)>& report = {},
                             double reportSeconds = 0.5, const std::function<bool()>& waitWhilePaused = {});

}  // namespace lathe
