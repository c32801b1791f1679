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

// Cross-entropy of a batch; for language models, next-token loss with <pad> targets ignored;
// for a masked LM, the loss on the tokens maskTokens(ids, ·, maskSeed) hides (their count in
// `targets`).
torch::Tensor batchLoss(SequenceModelImpl& model, const torch::Tensor& ids, const torch::Tensor& labels,
                        torch::Tensor* logitsOut = nullptr, std::uint64_t maskSeed = 0,
                        std::int64_t* targets = nullptr);

}  // namespace lathe
