#include "train/PairEvaluation.h"
#include "kernels/Kernels.h"

#include <chrono>
#include <cmath>

namespace lathe {

namespace F = torch::nn::functional;

torch::Tensor pairLoss(Seq2SeqModelImpl& model, const torch::Tensor& source, const torch::Tensor& target,
                       double labelSmoothing, torch::Tensor* logitsOut, std::int64_t* targets)
{
    const auto next = target.slice(1, 1);
    if (targets)
        *targets = next.ne(Tokenizer::kPad).sum().item<std::int64_t>();
    if (!logitsOut)
        return model.loss(source, target, labelSmoothing);
    auto logits = kernels::upcastBf16(model.teacherForced(source, target.slice(1, 0, target.size(1) - 1)));
    *logitsOut = logits;
    return F::cross_entropy(logits.reshape({-1, logits.size(-1)}), next.reshape({-1}),
                            F::CrossEntropyFuncOptions().ignore_index(Tokenizer::kPad).label_smoothing(labelSmoothing));
}

std::vector<std::int64_t> referenceTokens(const Sequence& target)
{
    std::vector<std::int64_t> out;
    for (auto id : target)
        if (id != Tokenizer::kBos && id != Tokenizer::kEos && id != Tokenizer::kPad)
            out.push_back(id);
    return out;
}

std::vector<std::pair<std::string, double>> PairEvaluation::metrics() const
{
    return {{"loss", loss},
            {"perplexity", std::exp(loss)},
            {"token_accuracy", tokenAccuracy},
            {"exact_match", scores.exactMatch},
            {"token_error_rate", scores.tokenErrorRate},
            {"sequence_error_rate", scores.sequenceErrorRate},
            {"cer", scores.characterErrorRate},
            {"bleu", scores.bleu.score},
            {"chrf", scores.chrf.score}};
}

PairEvaluation evaluatePairs(Seq2SeqModelImpl& model, const Tokenizer& tokenizer, const EncodedPart& part,
                             int batchSize, DecodeOptions decoding)
{
    torch::NoGradGuard noGrad;
    const bool wasTraining = model.is_training();
    model.eval();
    PairEvaluation r;
    std::vector<std::vector<std::int64_t>> references;
    int longest = 0;
    for (const auto& t : part.targets) {
        references.push_back(referenceTokens(t));
        longest = std::max(longest, static_cast<int>(references.back().size()));
    }
    decoding.maxLength = std::max(decoding.maxLength, longest + 1);
    double lossSum = 0, predicted = 0, correct = 0;
    const auto n = part.sequences.size();
    for (std::size_t start = 0; start < n; start += static_cast<std::size_t>(batchSize)) {
        const auto end = std::min(n, start + static_cast<std::size_t>(batchSize));
        std::vector<const Sequence*> sources, targets;
        for (auto i = start; i < end; ++i) {
            sources.push_back(&part.sequences[i]);
            targets.push_back(&part.targets[i]);
        }
        const auto source = padBatch(sources);
        const auto target = padBatch(targets);
        torch::Tensor logits;
        std::int64_t count = 0;
        const double loss = pairLoss(model, source, target, 0, &logits, &count).item<double>();
        const auto next = target.slice(1, 1);
        const auto real = next.ne(Tokenizer::kPad);
        lossSum += loss * static_cast<double>(count);
        predicted += static_cast<double>(count);
        correct += logits.argmax(-1).eq(next).logical_and(real).sum().item<double>();
        r.tokens += countTokens(source) + countTokens(target);

        const auto t0 = std::chrono::steady_clock::now();
        for (auto& d : decode(model, source, decoding)) {
            r.hypotheses.push_back(decodeIds(tokenizer, d.tokens));
            r.hypothesisTokens.push_back(std::move(d.tokens));
            r.logProbabilities.push_back(d.logProbability);
        }
        r.decodeSeconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    r.loss = predicted > 0 ? lossSum / predicted : 0.0;
    r.tokenAccuracy = predicted > 0 ? correct / predicted : 0.0;
    // Exact match and the error rates compare the output with the reference as the target
    // tokenizer reads it (its lowercasing, spacing or <unk> are not the model's errors: an output
    // of the right tokens is right); BLEU and chrF score it against the raw references, as sacreBLEU.
    std::vector<std::string> readReferences;
    readReferences.reserve(references.size());
    for (const auto& ref : references)
        readReferences.push_back(decodeIds(tokenizer, ref));
    r.scores = scoreSequences(r.hypotheses, readReferences, r.hypothesisTokens, references);
    r.scores.bleu = corpusBleu(r.hypotheses, part.targetTexts);
    r.scores.chrf = corpusChrf(r.hypotheses, part.targetTexts);
    model.train(wasTraining);
    return r;
}

}  // namespace lathe
