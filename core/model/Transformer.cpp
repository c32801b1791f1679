#include "model/Models.h"

#include <cmath>

namespace lathe {

namespace F = torch::nn::functional;

SelfAttentionImpl::SelfAttentionImpl(const ModelConfig& c, bool causal_, const std::string& prefix)
    : qkv(register_module("qkv", Projection(c.width, 3 * c.width, rankOf(c, prefix + ".qkv"), true,
                                            loraRankOf(c, prefix + ".qkv"), c.loraAlpha))),
      out(register_module("out", Projection(c.width, c.width, rankOf(c, prefix + ".out"), true,
                                            loraRankOf(c, prefix + ".out"), c.loraAlpha))),
      drop(register_module("drop", torch::nn::Dropout(c.dropout))), heads(c.heads), causal(causal_)
{
}

torch::Tensor SelfAttentionImpl::forward(const torch::Tensor& x, const torch::Tensor& keyPadding,
                                         torch::Tensor* probabilities)
{
    const auto B = x.size(0), T = x.size(1), D = x.size(2), dh = D / heads;
    // [B, T, 3, H, dh] -> three [B, H, T, dh]
    auto parts = qkv(x).view({B, T, 3, heads, dh}).permute({2, 0, 3, 1, 4});
    auto q = parts[0], k = parts[1], v = parts[2];
    auto scores = torch::matmul(q, k.transpose(-2, -1)) / std::sqrt(static_cast<double>(dh));
    auto blocked = keyPadding.view({B, 1, 1, T});
    if (causal) {
        auto future = torch::ones({T, T}, torch::TensorOptions().dtype(torch::kBool).device(x.device())).triu(1);
        blocked = blocked.logical_or(future.view({1, 1, T, T}));
    }
    scores = scores.masked_fill(blocked, -std::numeric_limits<float>::infinity());
    auto probs = torch::softmax(scores, -1);
    if (probabilities)
        *probabilities = probs.detach();
    auto context = torch::matmul(drop(probs), v).transpose(1, 2).reshape({B, T, D});
    return out(context);
}

TransformerBlockImpl::TransformerBlockImpl(const ModelConfig& c, bool causal, const std::string& prefix)
    : ln1(register_module("ln1", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.width})))),
      ln2(register_module("ln2", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.width})))),
      attention(register_module("attention", SelfAttention(c, causal, prefix + ".attention"))),
      up(register_module("up", Projection(c.width, c.feedForward, rankOf(c, prefix + ".up"), true,
                                          loraRankOf(c, prefix + ".up"), c.loraAlpha))),
      down(register_module("down", Projection(c.feedForward, c.width, rankOf(c, prefix + ".down"), true,
                                              loraRankOf(c, prefix + ".down"), c.loraAlpha))),
      drop(register_module("drop", torch::nn::Dropout(c.dropout)))
{
}

torch::Tensor TransformerBlockImpl::forward(const torch::Tensor& x, const torch::Tensor& keyPadding,
                                            torch::Tensor* probabilities)
{
    auto h = x + drop(attention(ln1(x), keyPadding, probabilities));
    return h + drop(down(F::gelu(up(ln2(h)))));
}

void TransformerTrunk::build(torch::nn::Module& owner, const ModelConfig& c, bool causal)
{
    const bool factorized = c.embeddingSize > 0 && c.embeddingSize != c.width;
    const int embedding = factorized ? c.embeddingSize : c.width;
    tokens = owner.register_module("tokens", torch::nn::Embedding(torch::nn::EmbeddingOptions(c.vocabularySize, embedding)));
    positions = owner.register_module("positions", torch::nn::Embedding(c.maxLength, c.width));
    if (factorized)
        embedProjection = owner.register_module(
            "embed_projection", Projection(embedding, c.width, rankOf(c, "embed_projection")));
    blocks = owner.register_module("blocks", torch::nn::ModuleList());
    // Shared: one set of block parameters, applied at every layer (gradients from each add up).
    for (int i = 0; i < (c.shareBlocks ? 1 : c.layers); ++i)
        blocks->push_back(TransformerBlock(c, causal, "blocks." + std::to_string(i)));
    norm = owner.register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({c.width})));
    layers = c.layers;
}

torch::Tensor TransformerTrunk::encode(const torch::Tensor& ids, AttentionMaps* attention)
{
    const auto T = ids.size(1);
    auto pos = torch::arange(T, torch::TensorOptions().dtype(torch::kLong).device(ids.device()));
    auto e = tokens(ids);
    if (embedProjection)
        e = embedProjection(e);
    auto x = e + positions(pos).unsqueeze(0);
    const auto padding = ids.eq(0);
    for (int l = 0; l < layers; ++l) {
        auto* block = (*blocks)[static_cast<std::size_t>(l) % blocks->size()]->as<TransformerBlockImpl>();
        torch::Tensor probs;
        x = block->forward(x, padding, attention ? &probs : nullptr);
        if (attention)
            attention->push_back(probs);
    }
    return norm(x);
}

TransformerClassifierImpl::TransformerClassifierImpl(const ModelConfig& c) : m_config(c)
{
    m_trunk.build(*this, c, false);
    head = register_module("head", Projection(c.width, c.numClasses, rankOf(c, "head")));
}

torch::Tensor meanOverTokens(const torch::Tensor& x, const torch::Tensor& ids)
{
    auto keep = ids.ne(0).unsqueeze(-1).to(x.dtype());
    return (x * keep).sum(1) / keep.sum(1).clamp_min(1.0);
}

torch::Tensor TransformerClassifierImpl::pooled(const torch::Tensor& ids, AttentionMaps* attention)
{
    auto x = m_trunk.encode(ids, attention);
    return m_config.pooling == "first" ? x.select(1, 0) : meanOverTokens(x, ids);
}

torch::Tensor TransformerClassifierImpl::forward(const torch::Tensor& ids, AttentionMaps* attention)
{
    return head(pooled(ids, attention));
}

GptImpl::GptImpl(const ModelConfig& c) : m_config(c)
{
    m_trunk.build(*this, c, true);
    if (!c.tieEmbeddings)
        head = register_module("head", Projection(c.width, c.vocabularySize, rankOf(c, "head"), false));
}

torch::Tensor GptImpl::forward(const torch::Tensor& ids, AttentionMaps* attention)
{
    auto h = m_trunk.encode(ids, attention);
    return head ? head(h) : F::linear(h, m_trunk.tokens->weight);
}

torch::Tensor GptImpl::features(const torch::Tensor& ids)
{
    return meanOverTokens(m_trunk.encode(ids, nullptr), ids);
}

}  // namespace lathe
