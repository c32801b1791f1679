#pragma once
// Using a trained run: evaluate on another file, sample text, export weights. Torch-free.
#include "metrics/Classification.h"
#include "train/RunConfig.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace lathe {

struct CheckpointEvaluation {
    std::string dataset;
    std::int64_t examples = 0;
    double loss = 0;
    double perplexity = 0;                       // language models
    std::optional<ClassificationReport> report;  // classifiers
    // Encoder–decoders: loss, perplexity, token_accuracy, exact_match, token_error_rate,
    // sequence_error_rate, cer, bleu, chrf (in that order), and BLEU's and chrF's signatures.
    std::vector<std::pair<std::string, double>> sequenceMetrics;
    std::string bleuSignature, chrfSignature;
    int beamSize = 1;
    std::vector<std::string> classes;
    std::string precision;                       // the matmul precision it ran in: the run's ("fp32" or "bf16")
    double tokensPerSecond = 0;                  // of the model's passes (not loading or tokenizing)
};

// Evaluates a checkpoint on every example of a dataset file (read with the run's column
// settings unless `data` overrides them). Throws DataError for bad files or labels the
// run never saw.
// An encoder–decoder's checkpoint decodes with a beam of `beamSize` (0: the run's setting).
CheckpointEvaluation evaluateCheckpoint(const std::string& checkpointPath, const DataConfig& data, int threads = 0,
                                        int beamSize = 0);

struct TranslateOptions {
    int beamSize = 0;          // 0: the run's setting; 1: greedy
    double lengthPenalty = 1.0;
    double temperature = 0;    // > 0: sample
    int topK = 0;
    int maxTokens = 0;         // 0: the run's sequence length
    std::uint64_t seed = 1;
};

struct Translation {
    std::string source, output;
    double logProbability = 0;
    bool finished = true;  // ended with <eos> (not at the length limit)
};

// Decodes each source text with an encoder–decoder checkpoint (in batches); throws UserError for
// any other kind of run.
std::vector<Translation> translate(const std::string& checkpointPath, const std::vector<std::string>& sources,
                                   const TranslateOptions& options);

struct GenerateOptions {
    std::string prompt;
    int maxTokens = 100;
    double temperature = 1.0;  // 0: greedy
    int topK = 0;              // 0: no cut
    std::uint64_t seed = 1;
};

// Samples a continuation from a language-model checkpoint; throws std::invalid_argument
// for a classifier.
std::string generateText(const std::string& checkpointPath, const GenerateOptions& options);

// Writes only the model's weights (named tensors) to `outPath`; LoRA adapters are merged into
// their layers, so the file holds a plain model.
void exportWeights(const std::string& checkpointPath, const std::string& outPath);

}  // namespace lathe
