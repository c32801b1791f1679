#include "model/Models.h"
#include "kernels/Kernels.h"

#include <fmt/format.h>

namespace lathe {

namespace F = torch::nn::functional;

BiLstmClassifierImpl::BiLstmClassifierImpl(const ModelConfig& c)
{
    tokens = register_module("tokens", torch::nn::Embedding(c.vocabularySize, c.width));
    lstm = register_module("lstm", torch::nn::LSTM(torch::nn::LSTMOptions(c.width, c.hidden)
                                                       .num_layers(c.layers)
                                                       .batch_first(true)
                                                       .bidirectional(true)
                                                       .dropout(c.layers > 1 ? c.dropout : 0.0)));
    drop = register_module("drop", torch::nn::Dropout(c.dropout));
    head = register_module("head", Projection(2 * c.hidden, c.numClasses, rankOf(c, "head")));
}

torch::Tensor BiLstmClassifierImpl::forward(const torch::Tensor& ids, AttentionMaps*)
{
    return head(kernels::dropout(features(ids), drop->options.p(), is_training()));
}

torch::Tensor BiLstmClassifierImpl::features(const torch::Tensor& ids)
{
    // Packed, so the backward direction starts at each sequence's last real token, not at padding.
    auto lengths = ids.ne(0).sum(1).clamp_min(1).to(torch::kCPU);
    auto packed = torch::nn::utils::rnn::pack_padded_sequence(tokens(ids), lengths, true, false);
    auto [output, state] = lstm->forward_with_packed_input(packed);
    auto h = std::get<0>(state);  // [layers * 2, B, hidden]
    return torch::cat({h[-2], h[-1]}, 1);
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
    auto [output, state] = lstm->forward(tokens(ids));
    // Tied: the output layer is the token embedding matrix (hidden == width).
    output = kernels::dropout(output, drop->options.p(), is_training());
    return head ? head(output) : kernels::linear(output, tokens->weight);
}

torch::Tensor LstmLanguageModelImpl::features(const torch::Tensor& ids)
{
    return meanOverTokens(std::get<0>(lstm->forward(tokens(ids))), ids);
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
    throw std::invalid_argument(fmt::format("unknown model family '{}'", c.family));
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
