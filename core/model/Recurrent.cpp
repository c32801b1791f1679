#include "model/Models.h"
#include "kernels/Kernels.h"
#include "model/FastText.h"
#include "model/LstmParts.h"
#include "model/Seq2Seq.h"

#include <fmt/format.h>

namespace lathe {

namespace F = torch::nn::functional;

BiLstmClassifierImpl::BiLstmClassifierImpl(const ModelConfig& c) : m_bidirectional(c.bidirectional)
{
    tokens = register_module("tokens", torch::nn::Embedding(c.vocabularySize, c.width));
    lstm = register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(c.width, c.hidden)
                                                       .num_layers(c.layers)
                                                       .batch_first(true)
                                                       .bidirectional(c.bidirectional)
                                                       .dropout(c.layers > 1 ? c.dropout : 0.0)));
    drop = register_module("drop", torch::nn::Dropout(c.dropout));
    head = register_module("head", Projection((c.bidirectional ? 2 : 3) * c.hidden, c.numClasses, rankOf(c, "head")));
}

torch::Tensor BiLstmClassifierImpl::forward(const torch::Tensor& ids, AttentionMaps*)
{
    return head(kernels::dropout(features(ids), drop->options.p(), is_training()));
}

namespace {
using lstmparts::directionWeights;
using lstmparts::gatherTime;
using lstmparts::reversedPositions;
using lstmparts::stackedOutput;
}  // namespace

torch::Tensor BiLstmClassifierImpl::concatPooled(const torch::Tensor& ids)
{
    auto out = stackedOutput(lstm, tokens(ids), is_training());
    const auto real = ids.ne(0);
    const auto last = (real.sum(1).clamp_min(1) - 1).view({-1, 1});
    const auto lastState = gatherTime(out, last).squeeze(1);
    const auto maxPooled = out.masked_fill(real.logical_not().unsqueeze(-1), -INFINITY).amax(1);
    return torch::cat({lastState, maxPooled, meanOverTokens(out, ids)}, 1);
}

torch::Tensor BiLstmClassifierImpl::features(const torch::Tensor& ids)
{
    if (!m_bidirectional)
        return concatPooled(ids);
    // The same computation as the packed bidirectional LSTM (each direction's final state
    // covers exactly the real tokens), without packing: LibTorch's packed layer slices its input
    // per time step, and each slice's backward adds into a zero-filled copy of the whole input,
    // O(T²) (measured: 2.7 s against 0.25 s per forward + backward at T = 128). Here the forward
    // direction runs over the padded batch and is read at each sequence's last real token; the
    // backward direction runs over each sequence reversed within its length and is read there too.
    auto lengths = ids.ne(0).sum(1).clamp_min(1);
    const auto reversed = reversedPositions(lengths, ids.size(1));
    const auto last = (lengths - 1).view({-1, 1});
    const auto finalState = [&](const torch::Tensor& out) { return gatherTime(out, last).squeeze(1); };
    auto x = tokens(ids);
    torch::Tensor forwardState, backwardState;
    const int layers = static_cast<int>(lstm->options.num_layers());
    for (int l = 0; l < layers; ++l) {
        // Both directions in one fused call (kernels/Lstm.cpp): on two threads they run at once.
        auto outs = kernels::lstm({x, gatherTime(x, reversed)},
                                  {directionWeights(lstm, l, false), directionWeights(lstm, l, true)});
        const auto& forward = outs[0];
        const auto& backwardReversed = outs[1];
        forwardState = finalState(forward);
        backwardState = finalState(backwardReversed);
        if (l + 1 < layers)
            x = kernels::dropout(torch::cat({forward, gatherTime(backwardReversed, reversed)}, 2),
                                 lstm->options.dropout(), is_training());
    }
    return torch::cat({forwardState, backwardState}, 1);
}

LstmLanguageModelImpl::LstmLanguageModelImpl(const ModelConfig& c)
{
    tokens = register_module("tokens", torch::nn::Embedding(c.vocabularySize, c.width));
    lstm = register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(c.width, c.hidden)
                                                       .num_layers(c.layers)
                                                       .batch_first(true)
                                                       .dropout(c.layers > 1 ? c.dropout : 0.0)));
    drop = register_module("drop", torch::nn::Dropout(c.dropout));
    if (!c.tieEmbeddings)
        head = register_module("head", Projection(c.hidden, c.vocabularySize, rankOf(c, "head")));
}

torch::Tensor LstmLanguageModelImpl::forward(const torch::Tensor& ids, AttentionMaps*)
{
    auto output = outputStates(ids);
    // Tied: the output layer is the token embedding matrix (hidden == width).
    return head ? head(output) : kernels::linear(output, tokens->weight);
}

torch::Tensor LstmLanguageModelImpl::outputStates(const torch::Tensor& ids)
{
    return kernels::dropout(stackedOutput(lstm, tokens(ids), is_training()), drop->options.p(), is_training());
}

SequenceModelImpl::OutputLayer LstmLanguageModelImpl::outputLayer() { return outputLayerOf(head, tokens->weight); }

torch::Tensor LstmLanguageModelImpl::features(const torch::Tensor& ids)
{
    return meanOverTokens(stackedOutput(lstm, tokens(ids), is_training()), ids);
}

SequenceModel buildModel(const ModelConfig& c)
{
    if (c.vocabularySize <= 0)
        throw std::invalid_argument("the model needs a vocabulary size");
    if (c.family == "transformer")
        return std::make_shared<TransformerClassifierImpl>(c);
    if (c.family == "gpt")
        return std::make_shared<GptImpl>(c);
    if (c.family == "bilstm")
        return std::make_shared<BiLstmClassifierImpl>(c);
    if (c.family == "lstm")
        return std::make_shared<LstmLanguageModelImpl>(c);
    if (c.family == "mlm")
        return std::make_shared<MaskedLanguageModelImpl>(c);
    if (c.family == "fasttext")
        return std::make_shared<FastTextClassifierImpl>(c);
    // The target vocabulary: the target tokenizer's, or (one tokenizer for both sides) the source's.
    const int targetVocabulary = c.targetVocabularySize > 0 ? c.targetVocabularySize : c.vocabularySize;
    if (c.family == "seq2seq")
        return std::make_shared<TransformerSeq2SeqImpl>(c, targetVocabulary, c.tieEmbeddings);
    if (c.family == "lstm-seq2seq")
        return std::make_shared<LstmSeq2SeqImpl>(c, targetVocabulary, c.tieEmbeddings);
    throw std::invalid_argument(fmt::format("unknown model family '{}'", c.family));
}

std::vector<std::vector<torch::Tensor>> layerGroups(torch::nn::Module& model)
{
    // Group index by name: 0 embeddings, 1 + i block or LSTM layer i, the last everything else.
    std::vector<std::pair<int, torch::Tensor>> indexed;
    int layers = 0;
    for (const auto& item : model.named_parameters()) {
        const auto& name = item.key();
        int group = -1;  // the top
        if (name.starts_with("tokens.") || name.starts_with("positions.") || name.starts_with("embed_projection.") ||
            name.starts_with("ngrams.") || name == "mask") {
            group = 0;
        } else if (name.starts_with("blocks.")) {
            group = 1 + std::stoi(name.substr(7));
        } else if (name.starts_with("lstm.")) {
            const auto at = name.find("_l");
            if (at != std::string::npos)
                group = 1 + std::stoi(name.substr(at + 2));
        }
        layers = std::max(layers, group);
        indexed.emplace_back(group, item.value());
    }
    std::vector<std::vector<torch::Tensor>> groups(static_cast<std::size_t>(layers) + 2);
    for (auto& [group, p] : indexed)
        groups[group < 0 ? groups.size() - 1 : static_cast<std::size_t>(group)].push_back(p);
    // A group can be empty (a model without blocks): dropped, so each group is a real step down.
    std::erase_if(groups, [](const auto& g) { return g.empty(); });
    return groups;
}

std::vector<std::pair<std::string, std::int64_t>> parameterCounts(const torch::nn::Module& model)
{
    std::vector<std::pair<std::string, std::int64_t>> out;
    for (const auto& child : model.named_children()) {
        std::int64_t n = 0;
        for (const auto& p : child.value()->parameters())
            n += p.numel();
        out.emplace_back(child.key(), n);
    }
    return out;
}

std::int64_t parameterCount(const torch::nn::Module& model)
{
    std::int64_t n = 0;
    for (const auto& p : model.parameters())
        n += p.numel();
    return n;
}

}  // namespace lathe
