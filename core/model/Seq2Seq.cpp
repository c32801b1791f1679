#include "model/Seq2Seq.h"
#include "kernels/Kernels.h"
#include "model/LstmParts.h"
#include "model/ModelSize.h"
#include "tokenize/Tokenizer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

namespace lathe {

namespace F = torch::nn::functional;

torch::Tensor Seq2SeqModelImpl::features(const torch::Tensor& source)
{
    return meanOverTokens(kernels::upcastBf16(encode(source)), source);
}

torch::Tensor Seq2SeqModelImpl::teacherForced(const torch::Tensor& source, const torch::Tensor& target)
{
    return logits(decode(encode(source), source.eq(Tokenizer::kPad), target));
}

torch::Tensor Seq2SeqModelImpl::logits(const torch::Tensor& states)
{
    const auto layer = outputLayer();
    return layer.weight.defined() ? kernels::linear(states, layer.weight, layer.bias) : outputLogits(states);
}

torch::Tensor Seq2SeqModelImpl::loss(const torch::Tensor& source, const torch::Tensor& target, double labelSmoothing)
{
    // Teacher forcing: read target[:, :-1], predict target[:, 1:] (<pad> targets ignored).
    const auto input = target.slice(1, 0, target.size(1) - 1);
    const auto next = target.slice(1, 1);
    auto states = decode(encode(source), source.eq(Tokenizer::kPad), input);
    const auto layer = outputLayer();
    if (labelSmoothing == 0 && layer.weight.defined())
        return kernels::linearCrossEntropy(states, layer.weight, layer.bias, next, Tokenizer::kPad);
    auto out = kernels::upcastBf16(logits(states));
    return F::cross_entropy(out.reshape({-1, out.size(-1)}), next.reshape({-1}),
                            F::CrossEntropyFuncOptions().ignore_index(Tokenizer::kPad).label_smoothing(labelSmoothing));
}

CrossAttentionImpl::CrossAttentionImpl(const ModelConfig& c, const std::string& prefix)
    : q(register_module("q", Projection(c.width, c.width, rankOf(c, prefix + ".q"), true, loraRankOf(c, prefix + ".q"),
                                        c.loraAlpha))),
      kv(register_module("kv", Projection(c.width, 2 * c.width, rankOf(c, prefix + ".kv"), true,
                                          loraRankOf(c, prefix + ".kv"), c.loraAlpha))),
      out(register_module("out", Projection(c.width, c.width, rankOf(c, prefix + ".out"), true,
                                            loraRankOf(c, prefix + ".out"), c.loraAlpha))),
      drop(register_module("drop", torch::nn::Dropout(c.dropout))), heads(c.heads)
{
}

torch::Tensor CrossAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& memory,
                                          const torch::Tensor& memoryPadding, torch::Tensor* probabilities)
{
    const auto B = x.size(0), T = x.size(1), S = memory.size(1), D = x.size(2);
    const auto dh = D / heads;
    auto qh = kernels::upcastBf16(q(x)).view({B, T, heads, dh}).transpose(1, 2);
    auto kvh = kernels::upcastBf16(kv(memory)).view({B, S, 2, heads, dh}).permute({2, 0, 3, 1, 4});
    auto scores = kernels::upcastBf16(torch::matmul(qh, kvh[0].transpose(-2, -1)));
    auto probs = kernels::attentionProbabilities(scores, memoryPadding, false, 1.0 / std::sqrt(static_cast<double>(dh)),
                                                 drop->options.p(), is_training(), probabilities);
    auto context = kernels::upcastBf16(torch::matmul(probs, kvh[1])).transpose(1, 2).reshape({B, T, D});
    return out(context);
}

DecoderBlockImpl::DecoderBlockImpl(const ModelConfig& c, const std::string& prefix)
    : ln1(register_module("ln1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.width})))),
      ln2(register_module("ln2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.width})))),
      ln3(register_module("ln3", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.width})))),
      attention(register_module("attention", SelfAttention(c, true, prefix + ".attention"))),
      cross(register_module("cross", CrossAttention(c, prefix + ".cross"))),
      up(register_module("up", Projection(c.width, c.feedForward, rankOf(c, prefix + ".up"), true,
                                          loraRankOf(c, prefix + ".up"), c.loraAlpha))),
      down(register_module("down", Projection(c.feedForward, c.width, rankOf(c, prefix + ".down"), true,
                                              loraRankOf(c, prefix + ".down"), c.loraAlpha))),
      drop(register_module("drop", torch::nn::Dropout(c.dropout)))
{
}

torch::Tensor DecoderBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& targetPadding,
                                        const torch::Tensor& memory, const torch::Tensor& memoryPadding,
                                        torch::Tensor* selfProbabilities, torch::Tensor* crossProbabilities)
{
    const double p = drop->options.p();
    auto h = kernels::dropout(attention(kernels::layerNormToBf16(x, ln1), targetPadding, selfProbabilities), p,
                              is_training(), x);
    h = kernels::dropout(cross(kernels::layerNorm(h, ln2), memory, memoryPadding, crossProbabilities), p, is_training(),
                         h);
    return kernels::dropout(down(up->forwardGelu(kernels::layerNormToBf16(h, ln3))), p, is_training(), h);
}

TransformerSeq2SeqImpl::TransformerSeq2SeqImpl(const ModelConfig& c, int targetVocabulary, bool shareEmbeddings)
    : m_config(c), m_targetVocabulary(targetVocabulary)
{
    encoder.build(*this, c, false);
    targetTokens = register_module("target_tokens", torch::nn::Embedding(targetVocabulary, c.width));
    targetPositions = register_module("target_positions", torch::nn::Embedding(c.maxLength, c.width));
    decoderBlocks = register_module("decoder_blocks", torch::nn::ModuleList());
    // Shared blocks (ALBERT): one decoder block applied `layers` times, as the encoder's.
    for (int i = 0; i < (c.shareBlocks ? 1 : c.layers); ++i)
        decoderBlocks->push_back(DecoderBlock(c, "decoder_blocks." + std::to_string(i)));
    decoderNorm = register_module("decoder_norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.width})));
    if (!shareEmbeddings)
        head = register_module("head", Projection(c.width, targetVocabulary, rankOf(c, "head"), false));
}

torch::Tensor TransformerSeq2SeqImpl::encode(const torch::Tensor& source, AttentionMaps* attention)
{
    return encoder.encode(source, attention);
}

torch::Tensor TransformerSeq2SeqImpl::decode(const torch::Tensor& memory, const torch::Tensor& sourcePadding,
                                             const torch::Tensor& target, Seq2SeqAttention* attention)
{
    const auto T = target.size(1);
    TORCH_CHECK(T <= m_config.maxLength, "the target is ", T, " tokens; the model reads at most ", m_config.maxLength);
    auto pos = torch::arange(T, torch::TensorOptions().dtype(torch::kLong).device(target.device()));
    auto x = targetTokens(target) + targetPositions(pos).unsqueeze(0);
    const auto padding = target.eq(Tokenizer::kPad);
    for (int l = 0; l < m_config.layers; ++l) {
        torch::Tensor selfProbs, crossProbs;
        auto* block = decoderBlocks[static_cast<std::size_t>(m_config.shareBlocks ? 0 : l)]->as<DecoderBlockImpl>();
        x = block->forward(x, padding, memory, sourcePadding, attention ? &selfProbs : nullptr,
                           attention ? &crossProbs : nullptr);
        if (attention) {
            attention->decoderSelf.push_back(selfProbs);
            attention->cross.push_back(crossProbs);
        }
    }
    return kernels::layerNorm(x, decoderNorm);
}

SequenceModelImpl::OutputLayer TransformerSeq2SeqImpl::outputLayer() { return outputLayerOf(head, targetTokens->weight); }

LstmSeq2SeqImpl::LstmSeq2SeqImpl(const ModelConfig& c, int targetVocabulary, bool shareEmbeddings)
    : m_targetVocabulary(targetVocabulary)
{
    TORCH_CHECK(!shareEmbeddings || c.width == c.hidden, "shared target embeddings need width (", c.width,
                ") equal to hidden (", c.hidden, ")");
    const double between = c.layers > 1 ? c.dropout : 0.0;
    sourceTokens = register_module("source_tokens", torch::nn::Embedding(c.vocabularySize, c.width));
    targetTokens = register_module("target_tokens", torch::nn::Embedding(targetVocabulary, c.width));
    encoder = register_module("encoder", torch::nn::LSTM(torch::nn::LSTMOptions(c.width, c.hidden)
                                                             .num_layers(c.layers)
                                                             .batch_first(true)
                                                             .bidirectional(true)
                                                             .dropout(between)));
    decoder = register_module("decoder", torch::nn::LSTM(torch::nn::LSTMOptions(c.width, c.hidden)
                                                             .num_layers(c.layers)
                                                             .batch_first(true)
                                                             .dropout(between)));
    score = register_module("score", Projection(2 * c.hidden, c.hidden, rankOf(c, "score"), false));
    combine = register_module("combine", Projection(3 * c.hidden, c.hidden, rankOf(c, "combine"), false));
    drop = register_module("drop", torch::nn::Dropout(c.dropout));
    if (!shareEmbeddings)
        head = register_module("head", Projection(c.hidden, targetVocabulary, rankOf(c, "head")));
}

torch::Tensor LstmSeq2SeqImpl::encode(const torch::Tensor& source, AttentionMaps*)
{
    // Both directions over the real tokens only: the backward one reads each source reversed
    // within its length, and its outputs go back to their positions.
    const auto lengths = source.ne(Tokenizer::kPad).sum(1).clamp_min(1);
    const auto reversed = lstmparts::reversedPositions(lengths, source.size(1));
    auto x = sourceTokens(source);
    const int layers = static_cast<int>(encoder->options.num_layers());
    for (int l = 0; l < layers; ++l) {
        auto outs = kernels::lstm({x, lstmparts::gatherTime(x, reversed)},
                                  {lstmparts::directionWeights(encoder, l, false),
                                   lstmparts::directionWeights(encoder, l, true)});
        x = torch::cat({outs[0], lstmparts::gatherTime(outs[1], reversed)}, 2);
        if (l + 1 < layers)
            x = kernels::dropout(x, encoder->options.dropout(), is_training());
    }
    return x;
}

torch::Tensor LstmSeq2SeqImpl::decode(const torch::Tensor& memory, const torch::Tensor& sourcePadding,
                                      const torch::Tensor& target, Seq2SeqAttention* attention)
{
    auto h = lstmparts::stackedOutput(decoder, targetTokens(target), is_training());
    const auto B = h.size(0), T = h.size(1), S = memory.size(1);
    auto keys = kernels::upcastBf16(score(memory));                                     // [B, S, H]
    auto scores = kernels::upcastBf16(torch::matmul(h, keys.transpose(1, 2))).view({B, 1, T, S});
    torch::Tensor probabilities;
    auto p = kernels::attentionProbabilities(scores, sourcePadding, false, 1.0, 0.0, false,
                                             attention ? &probabilities : nullptr);
    if (attention)
        attention->cross.push_back(probabilities);
    auto context = kernels::upcastBf16(torch::matmul(p.view({B, T, S}), memory));      // [B, T, 2H]
    auto tilde = torch::tanh(kernels::upcastBf16(combine(torch::cat({context, h}, 2))));
    return kernels::dropout(tilde, drop->options.p(), is_training());
}

SequenceModelImpl::OutputLayer LstmSeq2SeqImpl::outputLayer() { return outputLayerOf(head, targetTokens->weight); }

namespace {
// Log-probabilities of the next token after each row's prefix [N, t] (the last position only).
torch::Tensor nextLogProbabilities(Seq2SeqModelImpl& model, const torch::Tensor& memory,
                                   const torch::Tensor& sourcePadding, const torch::Tensor& prefix)
{
    const auto last = model.decode(memory, sourcePadding, prefix).select(1, prefix.size(1) - 1);
    auto logits = kernels::upcastBf16(model.logits(last)).clone();
    // <pad> and <bos> are never an output token.
    logits.select(1, Tokenizer::kPad).fill_(-std::numeric_limits<float>::infinity());
    logits.select(1, Tokenizer::kBos).fill_(-std::numeric_limits<float>::infinity());
    return torch::log_softmax(logits, -1);
}

double rankOfBeam(double logProbability, std::size_t length, double alpha)
{
    return logProbability / std::pow(static_cast<double>(std::max<std::size_t>(length, 1)), alpha);
}

// A token drawn from softmax(log p / temperature) over the top k (or all) of a row of log p.
std::int64_t sampleToken(const float* row, std::int64_t V, const DecodeOptions& o, std::mt19937_64& generator)
{
    std::vector<std::int64_t> order(static_cast<std::size_t>(V));
    for (std::int64_t v = 0; v < V; ++v)
        order[static_cast<std::size_t>(v)] = v;
    const auto k = o.topK > 0 ? std::min<std::int64_t>(o.topK, V) : V;
    std::partial_sort(order.begin(), order.begin() + k, order.end(),
                      [&](std::int64_t a, std::int64_t c) { return row[a] > row[c]; });
    std::vector<double> weights(static_cast<std::size_t>(k));
    const double top = row[order[0]];
    for (std::int64_t i = 0; i < k; ++i)
        weights[static_cast<std::size_t>(i)] = std::exp((row[order[static_cast<std::size_t>(i)]] - top) / o.temperature);
    std::discrete_distribution<std::int64_t> pick(weights.begin(), weights.end());
    return order[static_cast<std::size_t>(pick(generator))];
}

std::vector<Decoded> greedyOrSample(Seq2SeqModelImpl& model, const torch::Tensor& memory,
                                    const torch::Tensor& sourcePadding, const DecodeOptions& o, int steps)
{
    const auto B = memory.size(0);
    std::vector<Decoded> out(static_cast<std::size_t>(B));
    std::mt19937_64 generator(o.seed);
    auto prefix = torch::full({B, 1}, Tokenizer::kBos, torch::kLong);
    for (int t = 0; t < steps; ++t) {
        auto logp = nextLogProbabilities(model, memory, sourcePadding, prefix).contiguous();
        std::vector<std::int64_t> chosen(static_cast<std::size_t>(B), Tokenizer::kPad);
        const auto V = logp.size(1);
        const float* lp = logp.data_ptr<float>();
        bool anyOpen = false;
        for (std::int64_t b = 0; b < B; ++b) {
            auto& d = out[static_cast<std::size_t>(b)];
            if (d.finished)
                continue;
            const float* row = lp + b * V;
            const std::int64_t token = o.temperature > 0 ? sampleToken(row, V, o, generator)
                                                         : std::max_element(row, row + V) - row;
            // The last step (maxTokens reached) only lets a hypothesis end with <eos>.
            if (t + 1 == steps && token != Tokenizer::kEos)
                continue;
            d.logProbability += row[token];
            if (token == Tokenizer::kEos) {
                d.finished = true;
            } else {
                d.tokens.push_back(token);
                chosen[static_cast<std::size_t>(b)] = token;
                anyOpen = true;
            }
        }
        if (!anyOpen)
            break;
        prefix = torch::cat({prefix, torch::tensor(chosen, torch::kLong).unsqueeze(1)}, 1);
    }
    return out;
}

struct Beam {
    std::vector<std::int64_t> tokens;
    double logProbability = 0;
};

std::vector<Decoded> beamSearch(Seq2SeqModelImpl& model, const torch::Tensor& memory,
                                 const torch::Tensor& sourcePadding, const DecodeOptions& o, int steps)
{
    const auto B = memory.size(0);
    const auto K = static_cast<std::size_t>(o.beamSize);
    std::vector<std::vector<Beam>> open(static_cast<std::size_t>(B), std::vector<Beam>(1));
    std::vector<std::vector<Decoded>> done(static_cast<std::size_t>(B));
    for (int t = 0; t < steps; ++t) {
        // Every open beam of every row in one batch.
        std::vector<std::int64_t> rowOf;
        std::vector<std::int64_t> flat;
        for (std::size_t b = 0; b < open.size(); ++b)
            for (const auto& beam : open[b]) {
                rowOf.push_back(static_cast<std::int64_t>(b));
                flat.push_back(Tokenizer::kBos);
                flat.insert(flat.end(), beam.tokens.begin(), beam.tokens.end());
            }
        if (rowOf.empty())
            break;
        const auto N = static_cast<std::int64_t>(rowOf.size());
        auto prefix = torch::tensor(flat, torch::kLong).view({N, t + 1});
        auto index = torch::tensor(rowOf, torch::kLong);
        auto logp = nextLogProbabilities(model, memory.index_select(0, index), sourcePadding.index_select(0, index),
                                         prefix)
                        .contiguous();
        const auto V = logp.size(1);
        const float* lp = logp.data_ptr<float>();
        std::int64_t n = 0;
        for (std::size_t b = 0; b < open.size(); ++b) {
            // Candidates: each open beam extended by each token; keep the K best by log p.
            std::vector<std::pair<double, std::pair<std::size_t, std::int64_t>>> candidates;
            for (std::size_t i = 0; i < open[b].size(); ++i, ++n) {
                const float* row = lp + n * V;
                for (std::int64_t v = 0; v < V; ++v)
                    candidates.push_back({open[b][i].logProbability + row[v], {i, v}});
            }
            const auto keep = std::min(candidates.size(), 2 * K);
            std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(keep),
                              candidates.end(), [](const auto& a, const auto& c) { return a.first > c.first; });
            std::vector<Beam> next;
            for (std::size_t c = 0; c < keep && next.size() < K; ++c) {
                const auto& [score, from] = candidates[c];
                const auto& parent = open[b][from.first];
                if (from.second == Tokenizer::kEos) {
                    if (done[b].size() < K)
                        done[b].push_back({parent.tokens, score, true});
                    continue;
                }
                if (t + 1 == steps)
                    continue;  // the last step only lets a hypothesis end with <eos>
                Beam beam{parent.tokens, score};
                beam.tokens.push_back(from.second);
                next.push_back(std::move(beam));
            }
            // A row stops once it has K finished hypotheses; at the last step the open beams stay
            // as they are (unfinished, at the length limit).
            if (done[b].size() >= K)
                open[b].clear();
            else if (t + 1 < steps)
                open[b] = std::move(next);
        }
    }
    std::vector<Decoded> out(static_cast<std::size_t>(B));
    for (std::size_t b = 0; b < out.size(); ++b) {
        for (const auto& beam : open[b])
            done[b].push_back({beam.tokens, beam.logProbability, false});
        const auto best = std::max_element(done[b].begin(), done[b].end(), [&](const Decoded& a, const Decoded& c) {
            // Finished hypotheses first; then by length-normalized log p (the <eos> counts).
            if (a.finished != c.finished)
                return !a.finished;
            return rankOfBeam(a.logProbability, a.tokens.size() + (a.finished ? 1 : 0), o.lengthPenalty) <
                   rankOfBeam(c.logProbability, c.tokens.size() + (c.finished ? 1 : 0), o.lengthPenalty);
        });
        if (best != done[b].end())
            out[b] = *best;
    }
    return out;
}
}  // namespace

std::vector<Decoded> decode(Seq2SeqModelImpl& model, const torch::Tensor& source, const DecodeOptions& options)
{
    torch::NoGradGuard noGrad;
    // Evaluation mode while decoding, the caller's mode after (also when decoding throws).
    struct EvalMode {
        Seq2SeqModelImpl& model;
        bool wasTraining;
        ~EvalMode() { model.train(wasTraining); }
    } mode{model, model.is_training()};
    model.eval();
    const auto padding = source.eq(Tokenizer::kPad);
    const auto memory = model.encode(source);
    // At most maxLength tokens, and the decoder reads <bos> plus the tokens so far (within the
    // Transformer's positions); one more step only to see whether a hypothesis ends there.
    const int limit = model.maxTargetLength();
    const int maxTokens = std::max(0, limit > 0 ? std::min(options.maxLength, limit - 1) : options.maxLength);
    const int steps = maxTokens + 1;
    return options.beamSize > 1 && options.temperature <= 0 ? beamSearch(model, memory, padding, options, steps)
                                                             : greedyOrSample(model, memory, padding, options, steps);
}

}  // namespace lathe
