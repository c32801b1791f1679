#include "inspect/ModelInspector.h"
#include "train/Evaluation.h"
#include "kernels/Kernels.h"
#include "metrics/SequenceMetrics.h"
#include "model/Seq2Seq.h"
#include "train/PairEvaluation.h"
#include "kernels/Precision.h"
#include "train/Batches.h"
#include "train/Checkpoint.h"
#include "train/Training.h"
#include "util/Message.h"

#include <algorithm>
#include <cmath>

namespace lathe {

namespace F = torch::nn::functional;

namespace {
// Texts go through the model this many at a time.
constexpr std::size_t kBatch = 64;

EmbeddingTable tableFrom(const torch::Tensor& matrix)
{
    auto m = matrix.detach().to(torch::kFloat).contiguous();
    EmbeddingTable t;
    t.rows = static_cast<int>(m.size(0));
    t.dim = static_cast<int>(m.size(1));
    t.values.assign(m.data_ptr<float>(), m.data_ptr<float>() + m.numel());
    return t;
}
}  // namespace

struct ModelInspector::Impl {
    std::string path;
    CheckpointContents ck;
    bool lm = false;
    // Matmuls in the run's precision on this machine, as its training evaluated: the
    // Predictions panel's accuracy is then the run's recorded one.
    bool bf16 = false;

    torch::Tensor batchOf(const std::vector<std::string>& texts, std::size_t from, std::size_t to) const
    {
        return inputBatch(*ck.tokenizer, texts, from, to, ck.config.model.maxLength);
    }
};

ModelInspector::ModelInspector(const std::string& checkpointPath, int threads) : m(std::make_unique<Impl>())
{
    if (threads > 0)
        setComputeThreads(threads);
    m->path = checkpointPath;
    m->ck = loadCheckpoint(checkpointPath);
    m->ck.archive.reset();
    m->ck.model->eval();
    m->lm = isLanguageModel(m->ck.config.model.family);
    m->bf16 = checkpointPrecision(m->ck) == "bf16";
}

ModelInspector::~ModelInspector() = default;

const std::string& ModelInspector::path() const { return m->path; }
const RunConfig& ModelInspector::config() const { return m->ck.config; }
const std::vector<std::string>& ModelInspector::classes() const { return m->ck.classes; }
std::int64_t ModelInspector::step() const { return m->ck.step; }
bool ModelInspector::languageModel() const { return m->lm; }

bool ModelInspector::hasAttention() const
{
    const auto& f = m->ck.config.model.family;
    // Encoder–decoders: the Transformer's three attentions, the LSTM's cross-attention.
    return isTransformerFamily(f) || isSequenceToSequence(f);
}

std::vector<int> ModelInspector::encode(const std::string& text) const
{
    const auto ids = encodeInput(*m->ck.tokenizer, text, m->ck.config.model.maxLength);
    return {ids.begin(), ids.end()};
}

std::vector<std::string> ModelInspector::pieces(const std::vector<int>& ids) const
{
    std::vector<std::string> out;
    for (int id : ids)
        out.push_back(m->ck.tokenizer->piece(id));
    return out;
}

namespace {
// An encoder–decoder's decoder self- or cross-attention for `source` while it reads <bos> and the
// target (given, or decoded greedily): maps [layers, heads, T, keys].
AttentionResult decoderAttention(Seq2SeqModelImpl& model, const Tokenizer& sourceTok, const Tokenizer& tok,
                                 const RunConfig& config, const torch::Tensor& source, const std::vector<int>& sourceIds,
                                 AttentionPart part, const std::string& target)
{
    std::vector<std::int64_t> ids;
    AttentionResult r;
    if (target.empty()) {
        DecodeOptions greedy;
        greedy.maxLength = config.model.maxLength;
        ids = decode(model, source, greedy).front().tokens;
        r.decoded = true;
    } else {
        for (int id : tok.encode(target))
            ids.push_back(id);
    }
    // The decoder reads <bos> and the target, within its positions.
    const int limit = model.maxTargetLength();
    if (limit > 0 && static_cast<int>(ids.size()) >= limit)
        ids.resize(static_cast<std::size_t>(limit - 1));
    r.target = decodeIds(tok, ids);
    std::vector<std::int64_t> input{Tokenizer::kBos};
    input.insert(input.end(), ids.begin(), ids.end());
    const auto memory = model.encode(source);
    Seq2SeqAttention maps;
    model.decode(memory, source.eq(Tokenizer::kPad), torch::tensor(input).unsqueeze(0), &maps);
    const auto& chosen = part == AttentionPart::Cross ? maps.cross : maps.decoderSelf;
    if (chosen.empty())
        throw UserError(LATHE_TR("Inspect", "the LSTM encoder–decoder has no self-attention: its attention is the "
                                            "decoder's over the source (cross-attention)"));
    if (part == AttentionPart::Cross) {
        // Each row is the step that writes the next token: the target's tokens, then <eos>.
        for (auto id : ids)
            r.tokens.push_back(tok.piece(static_cast<int>(id)));
        r.tokens.push_back(tok.piece(Tokenizer::kEos));
        for (int id : sourceIds)
            r.keyTokens.push_back(sourceTok.piece(id));
    } else {
        for (auto id : input)
            r.tokens.push_back(tok.piece(static_cast<int>(id)));
        r.causal = true;
    }
    r.layers = static_cast<int>(chosen.size());
    r.heads = static_cast<int>(chosen.front().size(1));
    auto all = torch::stack(chosen).select(1, 0).to(torch::kFloat).contiguous();
    r.weights.assign(all.data_ptr<float>(), all.data_ptr<float>() + all.numel());
    return r;
}
}  // namespace

AttentionResult ModelInspector::attention(const std::string& text, AttentionPart part, const std::string& target) const
{
    if (!hasAttention())
        throw UserError(LATHE_TR("Inspect", "this run is an LSTM; attention maps need a Transformer or GPT run"));
    if (part != AttentionPart::Encoder && !sequenceToSequence())
        throw UserError(LATHE_TR("Inspect", "decoder and cross-attention belong to encoder–decoder runs"));
    if (sequenceToSequence() && (part != AttentionPart::Encoder || m->ck.config.model.family == "lstm-seq2seq")) {
        torch::NoGradGuard noGrad;
        kernels::MixedPrecision mixed(m->bf16);
        const auto ids = encode(text);
        auto source = torch::tensor(std::vector<std::int64_t>(ids.begin(), ids.end())).unsqueeze(0);
        auto r = decoderAttention(static_cast<Seq2SeqModelImpl&>(*m->ck.model), *m->ck.tokenizer, m->ck.targetSide(),
                                  m->ck.config, source, ids,
                                  part == AttentionPart::Encoder ? AttentionPart::DecoderSelf : part, target);
        r.step = m->ck.step;
        return r;
    }
    torch::NoGradGuard noGrad;
    kernels::MixedPrecision mixed(m->bf16);
    const auto ids = encode(text);
    auto input = torch::tensor(std::vector<std::int64_t>(ids.begin(), ids.end())).unsqueeze(0);
    AttentionMaps maps;
    auto logits = m->ck.model->forward(input, &maps).to(torch::kFloat);
    AttentionResult r;
    r.tokens = pieces(ids);
    r.layers = static_cast<int>(maps.size());
    r.heads = maps.empty() ? 0 : static_cast<int>(maps.front().size(1));
    // GPT and a classifier fine-tuned from one attend causally; a masked LM sees both sides.
    const auto& model = m->ck.config.model;
    r.causal = model.family == "gpt" || (model.family == "transformer" && model.causal);
    r.step = m->ck.step;
    // [layers, heads, T, T] of the single sequence.
    auto all = torch::stack(maps).select(1, 0).to(torch::kFloat).contiguous();
    r.weights.assign(all.data_ptr<float>(), all.data_ptr<float>() + all.numel());
    if (!m->lm && !m->ck.model->isSequenceToSequence()) {
        auto p = torch::softmax(logits.squeeze(0), 0).contiguous();
        r.classProbabilities.assign(p.data_ptr<float>(), p.data_ptr<float>() + p.numel());
        r.classes = m->ck.classes;
    }
    return r;
}

EmbeddingTable ModelInspector::tokenEmbeddings() const
{
    torch::NoGradGuard noGrad;
    auto params = m->ck.model->named_parameters();
    // The source side's embeddings of the LSTM encoder–decoder (one vocabulary for both sides).
    auto t = tableFrom(params[params.contains("tokens.weight") ? "tokens.weight" : "source_tokens.weight"]);
    for (int i = 0; i < t.rows; ++i)
        t.labels.push_back(m->ck.tokenizer->piece(i));
    t.classes.assign(static_cast<std::size_t>(t.rows), -1);
    return t;
}

std::vector<std::int64_t> ModelInspector::tokenFrequencies(const std::vector<std::string>& texts) const
{
    std::vector<std::int64_t> counts(static_cast<std::size_t>(m->ck.tokenizer->vocabularySize()), 0);
    for (const auto& text : texts)
        for (int id : m->ck.tokenizer->encode(text))
            if (id >= 0 && static_cast<std::size_t>(id) < counts.size())
                ++counts[static_cast<std::size_t>(id)];
    return counts;
}

EmbeddingTable ModelInspector::sentenceEmbeddings(const std::vector<std::string>& texts,
                                                  const std::vector<int>& labels) const
{
    torch::NoGradGuard noGrad;
    kernels::MixedPrecision mixed(m->bf16);
    std::vector<torch::Tensor> parts;
    for (std::size_t from = 0; from < texts.size(); from += kBatch)
        parts.push_back(m->ck.model->features(m->batchOf(texts, from, std::min(texts.size(), from + kBatch))));
    if (parts.empty())
        return {};
    auto t = tableFrom(torch::cat(parts));
    t.labels = texts;
    t.classes = labels.size() == texts.size() ? labels : std::vector<int>(texts.size(), -1);
    return t;
}

std::vector<Prediction> ModelInspector::predict(const std::vector<std::string>& texts, const std::vector<int>& labels) const
{
    if (m->ck.model->isSequenceToSequence())
        throw UserError(LATHE_TR("Inspect", "this run is an encoder–decoder: score its outputs with lathe-cli eval, or "
                                            "decode sources in the Live panel's Translate box"));
    if (!m->lm && labels.size() != texts.size())
        throw UserError(LATHE_TR("Inspect", "predictions of a classifier need one label per text"));
    torch::NoGradGuard noGrad;
    kernels::MixedPrecision mixed(m->bf16);
    std::vector<Prediction> out;
    for (std::size_t from = 0; from < texts.size(); from += kBatch) {
        const auto to = std::min(texts.size(), from + kBatch);
        auto ids = m->batchOf(texts, from, to);
        if (m->lm && ids.size(1) < 2) {
            out.resize(to, Prediction{});  // nothing to predict in an empty text
            continue;
        }
        if (m->lm) {
            // Next tokens, or a masked LM's hidden ones (a fixed set of masks: one seed per batch).
            const auto [input, target] = languageModelBatch(*m->ck.model, ids, from);
            auto logits = m->ck.model->forward(input).to(torch::kFloat);
            auto nll = F::cross_entropy(logits.transpose(1, 2), target,
                                        F::CrossEntropyFuncOptions().ignore_index(0).reduction(torch::kNone));
            auto perText = nll.sum(1) / target.ne(0).sum(1).clamp_min(1).to(nll.dtype());
            for (std::int64_t i = 0; i < perText.size(0); ++i)
                out.push_back({-1, 0.0f, perText[i].item<float>()});
            continue;
        }
        auto probs = torch::softmax(m->ck.model->forward(ids).to(torch::kFloat), 1);
        auto [confidence, predicted] = probs.max(1);
        for (std::int64_t i = 0; i < probs.size(0); ++i) {
            const int label = labels[from + static_cast<std::size_t>(i)];
            const float pTrue = probs[i][label].item<float>();
            out.push_back({static_cast<int>(predicted[i].item<std::int64_t>()), confidence[i].item<float>(),
                           -std::log(std::max(pTrue, 1e-12f))});
        }
    }
    return out;
}

bool ModelInspector::sequenceToSequence() const { return m->ck.model->isSequenceToSequence(); }

std::vector<Prediction> ModelInspector::predictPairs(const std::vector<std::string>& sources,
                                                     const std::vector<std::string>& targets, int beamSize) const
{
    if (!sequenceToSequence())
        throw UserError(LATHE_TR("Inspect", "this run is not an encoder–decoder; its predictions need labels, not targets"));
    if (sources.size() != targets.size())
        throw UserError(LATHE_TR("Inspect", "predictions of an encoder–decoder need one target per source"));
    torch::NoGradGuard noGrad;
    kernels::MixedPrecision mixed(m->bf16);
    auto& model = static_cast<Seq2SeqModelImpl&>(*m->ck.model);
    const auto& tok = m->ck.targetSide();
    const int maxLength = m->ck.config.model.maxLength;
    DecodeOptions decoding;
    decoding.maxLength = maxLength;
    decoding.beamSize = beamSize > 0 ? beamSize : m->ck.config.train.beamSize;
    // As evaluation decodes (train/PairEvaluation): long enough for the longest reference.
    for (const auto& t : encodeTargets(tok, targets, maxLength))
        decoding.maxLength = std::max(decoding.maxLength, static_cast<int>(referenceTokens(t).size()) + 1);
    std::vector<Prediction> out;
    for (std::size_t from = 0; from < sources.size(); from += kBatch) {
        const auto to = std::min(sources.size(), from + kBatch);
        const auto source = m->batchOf(sources, from, to);
        const auto encodedTargets =
            encodeTargets(tok, std::vector<std::string>(targets.begin() + static_cast<std::ptrdiff_t>(from),
                                                        targets.begin() + static_cast<std::ptrdiff_t>(to)),
                          maxLength);
        std::vector<const Sequence*> batch;
        for (const auto& t : encodedTargets)
            batch.push_back(&t);
        const auto target = padBatch(batch);
        // Teacher-forced loss per example, over its real target tokens.
        const auto next = target.slice(1, 1);
        auto logits = kernels::upcastBf16(model.teacherForced(source, target.slice(1, 0, target.size(1) - 1)));
        auto nll = F::cross_entropy(logits.transpose(1, 2), next,
                                    F::CrossEntropyFuncOptions().ignore_index(Tokenizer::kPad).reduction(torch::kNone));
        auto perExample = (nll.sum(1) / next.ne(Tokenizer::kPad).sum(1).clamp_min(1).to(nll.dtype())).contiguous();
        const auto decoded = decode(model, source, decoding);
        for (std::size_t i = 0; i < decoded.size(); ++i) {
            Prediction p;
            p.loss = perExample[static_cast<std::int64_t>(i)].item<float>();
            const auto& d = decoded[i];
            p.output = decodeIds(tok, d.tokens);
            p.confidence = static_cast<float>(std::exp(d.logProbability / static_cast<double>(d.tokens.size() + 1)));
            const auto reference = referenceTokens(encodedTargets[i]);
            const auto alignment = align(reference, d.tokens);
            p.errors = static_cast<int>(alignment.distance);
            for (auto id : reference)
                p.referencePieces.push_back(tok.piece(static_cast<int>(id)));
            for (auto id : d.tokens)
                p.outputPieces.push_back(tok.piece(static_cast<int>(id)));
            for (auto op : alignment.ops)
                p.ops.push_back(static_cast<char>(op));
            out.push_back(std::move(p));
        }
    }
    return out;
}

}  // namespace lathe
