#include "train/Inference.h"
#include "compress/Adapters.h"
#include "data/DataError.h"
#include "kernels/Precision.h"
#include "train/Batches.h"
#include "train/Checkpoint.h"
#include "train/Evaluation.h"
#include "train/PairEvaluation.h"
#include "train/Training.h"
#include "util/AtomicFile.h"
#include "util/Message.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>

namespace lathe {

CheckpointEvaluation evaluateCheckpoint(const std::string& checkpointPath, const DataConfig& data, int threads,
                                        int beamSize)
{
    setComputeThreads(threads);
    auto ck = loadCheckpoint(checkpointPath);
    const bool lm = isLanguageModel(ck.config.model.family);
    auto ds = loadDataset(data.path, loadOptions(data, ck.config.model.family));

    std::vector<std::size_t> all(ds.size());
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = i;
    CheckpointEvaluation out;
    out.dataset = data.path;
    out.examples = static_cast<std::int64_t>(ds.size());
    out.classes = ck.classes;
    // In the run's matmul precision, so a run's own split scores as its training evaluated it.
    out.precision = checkpointPrecision(ck);
    kernels::MixedPrecision mixed(out.precision == "bf16");
    const int maxLen = ck.config.model.maxLength;
    const auto timed = [&out](auto&& pass) {
        const auto start = std::chrono::steady_clock::now();
        auto r = pass();
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        out.tokensPerSecond = took.count() > 0 ? static_cast<double>(r.tokens) / took.count() : 0.0;
        return r;
    };
    if (ck.model->isSequenceToSequence()) {
        const auto part = encodePart(*ck.tokenizer, ds, all, maxLen, false, ck.targetTokenizer.get());
        DecodeOptions decoding;
        decoding.maxLength = maxLen;
        decoding.beamSize = out.beamSize = beamSize > 0 ? beamSize : ck.config.train.beamSize;
        const auto r = timed([&] {
            return evaluatePairs(static_cast<Seq2SeqModelImpl&>(*ck.model), ck.targetSide(), part, 32, decoding);
        });
        out.loss = r.loss;
        out.perplexity = std::exp(r.loss);
        out.sequenceMetrics = r.metrics();
        out.bleuSignature = r.scores.bleu.signature;
        out.chrfSignature = r.scores.chrf.signature;
        return out;
    }
    if (lm) {
        const auto windows = encodeWindows(*ck.tokenizer, ds, all, maxLen);
        const auto r = timed([&] { return evaluate(*ck.model, windows, {}, 0, 32); });
        out.loss = r.loss;
        out.perplexity = r.perplexity;
        return out;
    }
    // Map this file's class names onto the run's classes.
    std::map<std::string, int> runClass;
    for (std::size_t i = 0; i < ck.classes.size(); ++i)
        runClass[ck.classes[i]] = static_cast<int>(i);
    std::vector<int> labels;
    for (int l : ds.labels) {
        const auto& name = ds.classes[static_cast<std::size_t>(l)];
        auto it = runClass.find(name);
        if (it == runClass.end())
            throw DataError(data.path, 0, Message(LATHE_TR("Inspect", "label '%1' was never seen by this run"), name),
                            Message(LATHE_TR("Inspect", "The run knows these labels: %1"),
                                    fmt::format("{}", fmt::join(ck.classes, ", "))));
        labels.push_back(it->second);
    }
    const auto examples = encodeExamples(*ck.tokenizer, ds, all, maxLen);
    const auto r = timed([&] { return evaluate(*ck.model, examples, labels, static_cast<int>(ck.classes.size()), 32); });
    out.loss = r.loss;
    out.report = r.report;
    return out;
}

std::string generateText(const std::string& checkpointPath, const GenerateOptions& o)
{
    auto ck = loadCheckpoint(checkpointPath);
    if (ck.model->isSequenceToSequence())
        throw UserError(LATHE_TR("Inspect", "this run is an encoder–decoder: it writes a target for a source (Translate, "
                                            "or lathe-cli translate), not a continuation"));
    if (!isLanguageModel(ck.config.model.family))
        throw UserError(LATHE_TR("Inspect", "this run is a classifier; text generation needs a language-model run (gpt or lstm)"));
    if (ck.config.model.family == "mlm")
        throw UserError(LATHE_TR("Inspect", "this run is a masked language model: it fills in hidden tokens and does not "
                                            "continue text; generation needs a gpt or lstm run"));
    torch::NoGradGuard noGrad;
    kernels::MixedPrecision mixed(checkpointPrecision(ck) == "bf16");
    ck.model->eval();
    auto gen = at::detail::createCPUGenerator(o.seed);
    std::vector<std::int64_t> ids{Tokenizer::kBos};
    for (int id : ck.tokenizer->encode(o.prompt))
        ids.push_back(id);
    const auto promptLength = ids.size();
    const auto window = static_cast<std::size_t>(ck.config.model.maxLength);
    for (int i = 0; i < o.maxTokens; ++i) {
        const auto from = ids.size() > window ? ids.size() - window : 0;
        auto input = torch::tensor(std::vector<std::int64_t>(ids.begin() + static_cast<std::ptrdiff_t>(from), ids.end()))
                         .unsqueeze(0);
        auto logits = ck.model->forward(input).select(1, input.size(1) - 1).squeeze(0);
        logits.index_put_({Tokenizer::kPad}, -INFINITY);
        std::int64_t next;
        if (o.temperature <= 0) {
            next = logits.argmax().item<std::int64_t>();
        } else {
            logits = logits / o.temperature;
            if (o.topK > 0 && o.topK < logits.size(0)) {
                const auto kth = std::get<0>(logits.topk(o.topK)).min();
                logits = logits.masked_fill(logits < kth, -INFINITY);
            }
            next = torch::multinomial(torch::softmax(logits, 0), 1, false, gen).item<std::int64_t>();
        }
        if (next == Tokenizer::kEos)
            break;
        ids.push_back(next);
    }
    std::vector<int> continuation(ids.begin() + static_cast<std::ptrdiff_t>(promptLength), ids.end());
    auto text = ck.tokenizer->decode(continuation);
    // Word pieces carry no spacing of their own: separate the continuation from the prompt.
    if (ck.tokenizer->kind() == "word" && !o.prompt.empty() && !text.empty() && o.prompt.back() != ' ')
        text.insert(text.begin(), ' ');
    return text;
}

std::vector<Translation> translate(const std::string& checkpointPath, const std::vector<std::string>& sources,
                                   const TranslateOptions& o)
{
    auto ck = loadCheckpoint(checkpointPath);
    if (!ck.model->isSequenceToSequence())
        throw UserError(LATHE_TR("Inspect", "this run is not an encoder–decoder; translation needs a seq2seq or "
                                            "lstm-seq2seq run"));
    kernels::MixedPrecision mixed(checkpointPrecision(ck) == "bf16");
    auto& model = static_cast<Seq2SeqModelImpl&>(*ck.model);
    DecodeOptions decoding;
    decoding.maxLength = o.maxTokens > 0 ? o.maxTokens : ck.config.model.maxLength;
    decoding.beamSize = o.beamSize > 0 ? o.beamSize : ck.config.train.beamSize;
    decoding.lengthPenalty = o.lengthPenalty;
    decoding.temperature = o.temperature;
    decoding.topK = o.topK;
    decoding.seed = o.seed;
    std::vector<Translation> out;
    constexpr std::size_t kBatch = 32;
    for (std::size_t start = 0; start < sources.size(); start += kBatch) {
        const auto end = std::min(sources.size(), start + kBatch);
        const auto decoded =
            decode(model, inputBatch(*ck.tokenizer, sources, start, end, ck.config.model.maxLength), decoding);
        for (std::size_t j = 0; j < decoded.size(); ++j)
            out.push_back({sources[start + j], decodeIds(ck.targetSide(), decoded[j].tokens), decoded[j].logProbability,
                           decoded[j].finished});
    }
    return out;
}

void exportWeights(const std::string& checkpointPath, const std::string& outPath)
{
    auto ck = loadCheckpoint(checkpointPath);
    torch::serialize::OutputArchive archive;
    if (ck.config.model.loraRank > 0) {
        // Adapters merged: the export is a plain model that loads without them.
        auto config = ck.config;
        mergedCopy(*ck.model, config)->save(archive);
    } else {
        ck.model->save(archive);
    }
    writeFileAtomically(outPath, [&](const std::string& temp) { archive.save_to(temp); });
}

}  // namespace lathe
