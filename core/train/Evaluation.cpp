#include "train/Evaluation.h"
#include "kernels/Kernels.h"
#include "train/Masking.h"
#include "train/PairEvaluation.h"
#include "util/FaultPoint.h"

#include <cmath>

namespace lathe {

namespace F = torch::nn::functional;

namespace {
// Seeds the masks of evaluation batches (any fixed value would do).
constexpr std::uint64_t kEvaluationMaskSeed = 0x5EEDFULL << 20;
}  // namespace

LanguageModelBatch languageModelBatch(SequenceModelImpl& model, const torch::Tensor& ids, std::uint64_t maskSeed)
{
    if (auto* mlm = dynamic_cast<MaskedLanguageModelImpl*>(&model)) {
        auto masked = maskTokens(mlm->window(ids), mlm->vocabularySize(), maskSeed);
        return {std::move(masked.input), std::move(masked.target)};
    }
    return {ids.slice(1, 0, ids.size(1) - 1), ids.slice(1, 1)};
}

torch::Tensor batchLoss(SequenceModelImpl& model, const torch::Tensor& ids, const torch::Tensor& labels,
                        torch::Tensor* logitsOut, std::uint64_t maskSeed, std::int64_t* targets)
{
    // An encoder–decoder's "labels" are its padded targets.
    if (model.isSequenceToSequence())
        return pairLoss(static_cast<Seq2SeqModelImpl&>(model), ids, labels, 0, logitsOut, targets);
    if (model.isLanguageModel()) {
        const auto [input, target] = languageModelBatch(model, ids, maskSeed);
        if (targets)
            *targets = target.ne(0).sum().item<std::int64_t>();
        // A dense output layer runs with the loss in blocks of rows: no [B·T, vocabulary] logits.
        if (!logitsOut) {
            if (const auto layer = model.outputLayer(); layer.weight.defined())
                return kernels::linearCrossEntropy(model.outputStates(input), layer.weight, layer.bias, target, 0);
        }
        // The loss is always taken in fp32 (logits are bf16 under mixed precision).
        auto logits = kernels::upcastBf16(model.forward(input));
        if (logitsOut)
            *logitsOut = logits;
        return F::cross_entropy(logits.reshape({-1, logits.size(-1)}), target.reshape({-1}),
                                F::CrossEntropyFuncOptions().ignore_index(0));
    }
    auto logits = kernels::upcastBf16(model.forward(ids));
    if (logitsOut)
        *logitsOut = logits;
    return F::cross_entropy(logits, labels);
}

EvalResult evaluate(SequenceModelImpl& model, const std::vector<Sequence>& sequences, const std::vector<int>& labels,
                    int numClasses, int batchSize)
{
    torch::NoGradGuard noGrad;
    const bool wasTraining = model.is_training();
    model.eval();
    EvalResult r;
    double lossSum = 0, weight = 0;
    for (std::size_t start = 0; start < sequences.size(); start += static_cast<std::size_t>(batchSize)) {
        const auto end = std::min(sequences.size(), start + static_cast<std::size_t>(batchSize));
        std::vector<const Sequence*> batch;
        for (auto i = start; i < end; ++i)
            batch.push_back(&sequences[i]);
        auto ids = padBatch(batch);
        torch::Tensor target;
        if (!model.isLanguageModel())
            target = torch::tensor(std::vector<std::int64_t>(labels.begin() + static_cast<std::ptrdiff_t>(start),
                                                             labels.begin() + static_cast<std::ptrdiff_t>(end)));
        torch::Tensor logits;
        // A masked LM scores the same masks at every evaluation: a seed per batch position.
        std::int64_t targets = 0;
        const double loss = batchLoss(model, ids, target, model.isLanguageModel() ? nullptr : &logits,
                                      kEvaluationMaskSeed + start, &targets)
                                .item<double>();
        if (model.isLanguageModel()) {
            const auto n = static_cast<double>(targets);
            lossSum += loss * n;
            weight += n;
        } else {
            lossSum += loss * static_cast<double>(end - start);
            weight += static_cast<double>(end - start);
            const auto pred = logits.argmax(1).contiguous();
            const auto* p = pred.data_ptr<std::int64_t>();
            r.predictions.insert(r.predictions.end(), p, p + pred.numel());
        }
        r.tokens += countTokens(ids);
        if (start == 0)
            faultPoint("evaluation");
    }
    r.loss = weight > 0 ? lossSum / weight : 0.0;
    if (model.isLanguageModel())
        r.perplexity = std::exp(r.loss);
    else
        r.report = classificationReport(labels, r.predictions, numClasses);
    if (wasTraining)
        model.train();
    return r;
}

}  // namespace lathe
