#pragma once
// Internal to core/train (includes LibTorch).
#include "metrics/Classification.h"
#include "model/Models.h"
#include "train/Batches.h"

#include <optional>

namespace lathe {

struct EvalResult {
    double loss = 0;
    double perplexity = 0;  // language models
    std::optional<ClassificationReport> report;  // classifiers
    std::vector<int> predictions;
    std::int64_t tokens = 0;
};

// Mean loss over the sequences (per example for classifiers, per token for language models).
EvalResult evaluate(SequenceModelImpl& model, const std::vector<Sequence>& sequences, const std::vector<int>& labels,
                    int numClasses, int batchSize);

// What a language model reads and predicts from a batch of ids: the next token (input: all but
// the last position, target: all but the first), or for a masked LM the tokens
// maskTokens(ids, ·, maskSeed) hides. Target <pad> (0) means no prediction there.
struct LanguageModelBatch {
    torch::Tensor input, target;
};
LanguageModelBatch languageModelBatch(SequenceModelImpl& model, const torch::Tensor& ids, std::uint64_t maskSeed);

// Cross-entropy of a batch; for language models, over languageModelBatch's targets (their count
// in `targets`); for an encoder–decoder, `labels` are the padded targets (train/PairEvaluation.h).
torch::Tensor batchLoss(SequenceModelImpl& model, const torch::Tensor& ids, const torch::Tensor& labels,
                        torch::Tensor* logitsOut = nullptr, std::uint64_t maskSeed = 0,
                        std::int64_t* targets = nullptr);

}  // namespace lathe
