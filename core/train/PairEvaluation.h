#pragma once
// Internal to core/train (includes LibTorch): evaluating an encoder–decoder on source–target
// pairs — teacher-forced loss and token accuracy, then decoding every source and scoring what it
// wrote against the reference texts.
#include "metrics/SequenceMetrics.h"
#include "model/Seq2Seq.h"
#include "train/Batches.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lathe {

// Mean cross-entropy of the next target tokens of target [B, T] (<bos> first, <pad> = 0) given
// source [B, S]; the output layer fused with the loss when no logits are asked for and
// `labelSmoothing` is 0. `targets` receives the number of predicted (non-pad) tokens.
torch::Tensor pairLoss(Seq2SeqModelImpl& model, const torch::Tensor& source, const torch::Tensor& target,
                       double labelSmoothing = 0, torch::Tensor* logitsOut = nullptr, std::int64_t* targets = nullptr);

struct PairEvaluation {
    double loss = 0;           // per target token, teacher-forced, without smoothing
    double tokenAccuracy = 0;  // share of target tokens (incl. <eos>) predicted right, teacher-forced
    // Of the decoded targets: exact match and error rates against the references as the target
    // tokenizer reads them, BLEU and chrF against the raw target texts.
    SequenceScores scores;
    std::vector<std::string> hypotheses;                   // decoded texts, one per pair
    std::vector<std::vector<std::int64_t>> hypothesisTokens;
    std::vector<double> logProbabilities;                   // of each decoded hypothesis
    std::int64_t tokens = 0;   // source and target tokens read by the teacher-forced pass
    double decodeSeconds = 0;
    // The metrics as the store names them (without the "val/" prefix): loss, perplexity,
    // token_accuracy, exact_match, token_error_rate, sequence_error_rate, cer, bleu, chrf.
    std::vector<std::pair<std::string, double>> metrics() const;
};

// Evaluates `part` (a paired EncodedPart) in batches of `batchSize`, decoding with `decoding`
// (its maxLength raised to the longest reference when shorter). The model's mode is kept.
PairEvaluation evaluatePairs(Seq2SeqModelImpl& model, const Tokenizer& tokenizer, const EncodedPart& part,
                             int batchSize, DecodeOptions decoding);

// The tokens a decoded hypothesis is scored by: its ids; and the reference's: the target without
// <bos> and <eos>.
std::vector<std::int64_t> referenceTokens(const Sequence& target);

}  // namespace lathe
