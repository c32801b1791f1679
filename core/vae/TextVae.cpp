#include "vae/TextVae.h"

#include "tokenize/Tokenizer.h"

namespace lathe {

namespace F = torch::nn::functional;

TextVaeImpl::TextVaeImpl(int vocabulary, int embedding, int hidden, int latentSize) : latent(latentSize)
{
    tokens = register_module("tokens", torch::nn::Embedding(torch::nn::EmbeddingOptions(vocabulary, embedding).padding_idx(0)));
    encoder = register_module("encoder", torch::nn::LSTM(torch::nn::LSTMOptions(embedding, hidden).batch_first(true)));
    toPosterior = register_module("to_posterior", torch::nn::Linear(hidden, 2 * latentSize));
    latentToState = register_module("latent_to_state", torch::nn::Linear(latentSize, hidden));
    decoder = register_module("decoder",
                              torch::nn::LSTM(torch::nn::LSTMOptions(embedding + latentSize, hidden).batch_first(true)));
    out = register_module("out", torch::nn::Linear(hidden, vocabulary));
}

TextVaeImpl::Posterior TextVaeImpl::encode(const torch::Tensor& ids)
{
    const auto states = std::get<0>(encoder->forward(tokens->forward(ids)));  // [B, T, H]
    const auto last = (ids.ne(0).sum(1) - 1).clamp_min(0);                   // index of each last real token
    const auto final = states.gather(1, last.view({-1, 1, 1}).expand({-1, 1, states.size(2)})).squeeze(1);
    const auto both = toPosterior->forward(final).chunk(2, 1);
    return {both[0], both[1]};
}

torch::Tensor TextVaeImpl::decode(const torch::Tensor& z, const torch::Tensor& input)
{
    const auto T = input.size(1);
    const auto x = torch::cat({tokens->forward(input), z.unsqueeze(1).expand({-1, T, -1})}, 2);
    const auto h0 = torch::tanh(latentToState->forward(z)).unsqueeze(0);
    const auto states = std::get<0>(decoder->forward(x, std::make_tuple(h0, torch::zeros_like(h0))));
    return out->forward(states);
}

namespace {
torch::Tensor sentenceLoss(const torch::Tensor& logits, const torch::Tensor& target)
{
    const auto loss = F::cross_entropy(logits.reshape({-1, logits.size(2)}), target.reshape({-1}),
                                       F::CrossEntropyFuncOptions().ignore_index(0).reduction(torch::kNone));
    return loss.view(target.sizes()).sum(1);
}
}  // namespace

TextVaeImpl::Terms TextVaeImpl::terms(const torch::Tensor& ids, double wordDropout, const torch::Tensor& noise)
{
    Terms t;
    t.posterior = encode(ids);
    const auto& [mean, logVariance] = t.posterior;
    const auto eps = noise.defined() ? noise : torch::randn_like(mean);
    const auto z = mean + torch::exp(0.5 * logVariance) * eps;
    auto input = ids.slice(1, 0, ids.size(1) - 1);
    if (wordDropout > 0) {
        // Words (not <bos>, not padding) replaced by <unk>: the decoder must lean on z.
        const auto drop = torch::rand(input.sizes()).lt(wordDropout).logical_and(input.gt(Tokenizer::kBos));
        input = input.masked_fill(drop, Tokenizer::kUnk);
    }
    t.reconstruction = sentenceLoss(decode(z, input), ids.slice(1, 1));
    t.klPerDimension = 0.5 * (mean.pow(2) + logVariance.exp() - logVariance - 1);
    return t;
}

torch::Tensor TextVaeImpl::reconstruction(const torch::Tensor& ids, const torch::Tensor& z)
{
    return sentenceLoss(decode(z, ids.slice(1, 0, ids.size(1) - 1)), ids.slice(1, 1));
}

std::vector<std::int64_t> TextVaeImpl::greedy(const torch::Tensor& z, int maxLength)
{
    torch::NoGradGuard noGrad;
    const auto zb = z.view({1, -1});
    auto h = torch::tanh(latentToState->forward(zb)).unsqueeze(0);
    auto state = std::make_tuple(h, torch::zeros_like(h));
    std::vector<std::int64_t> words;
    std::int64_t next = Tokenizer::kBos;
    for (int i = 0; i < maxLength - 2; ++i) {
        const auto x = torch::cat({tokens->forward(torch::tensor({next}).view({1, 1})), zb.unsqueeze(1)}, 2);
        auto [states, newState] = decoder->forward(x, state);
        state = newState;
        next = out->forward(states).squeeze().argmax().item<std::int64_t>();
        if (next == Tokenizer::kEos)
            break;
        words.push_back(next);
    }
    return words;
}

}  // namespace lathe
