#include "model/Models.h"
#include "kernels/Kernels.h"
#include "kernels/MaskedMean.h"

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
    // Fused (kernels/SelfAttention.cpp): masks, softmax, dropout and both products head by head,
    // reading q, k and v where the projection wrote them (in bf16, in inference under mixed
    // precision, as the products take them).
    auto context = kernels::selfAttention(qkv->forwardToBf16(x), keyPadding, heads, causal, drop->options.p(), is_training(),
                                          probabilities);
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
    // Residual + dropout fused: the mask comes from the step's stream and is never stored. The
    // LayerNorms feed only products: bf16 in inference under mixed precision.
    const double p = drop->options.p();
    auto h = kernels::dropout(attention(kernels::layerNormToBf16(x, ln1), keyPadding, probabilities), p, is_training(), x);
    return kernels::dropout(down(up->forwardGelu(kernels::layerNormToBf16(h, ln2))), p, is_training(), h);
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

torch::Tensor TransformerTrunk::encode(const torch::Tensor& ids, AttentionMaps* attention,
                                      const torch::Tensor& maskEmbedding)
{
    const auto T = ids.size(1);
    auto pos = torch::arange(T, torch::TensorOptions().dtype(torch::kLong).device(ids.device()));
    torch::Tensor e;
    if (maskEmbedding.defined()) {
        const auto masked = ids.eq(tokens->weight.size(0));
        e = torch::where(masked.unsqueeze(-1), maskEmbedding, tokens(ids.masked_fill(masked, Tokenizer::kUnk)));
    } else {
        e = tokens(ids);
    }
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
    return kernels::layerNorm(x, norm);
}

TransformerClassifierImpl::TransformerClassifierImpl(const ModelConfig& c) : m_config(c)
{
    m_trunk.build(*this, c, c.causal);
    head = register_module("head", Projection(c.width, c.numClasses, rankOf(c, "head")));
}

torch::Tensor meanOverTokens(const torch::Tensor& x, const torch::Tensor& ids)
{
    return kernels::maskedMean(x, ids);
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
    return head ? head(h) : kernels::linear(h, m_trunk.tokens->weight);
}

SequenceModelImpl::OutputLayer GptImpl::outputLayer() { return outputLayerOf(head, m_trunk.tokens->weight); }

torch::Tensor GptImpl::outputStates(const torch::Tensor& ids) { return m_trunk.encode(ids, nullptr); }

torch::Tensor GptImpl::features(const torch::Tensor& ids)
{
    return meanOverTokens(m_trunk.encode(ids, nullptr), ids);
}

MaskedLanguageModelImpl::MaskedLanguageModelImpl(const ModelConfig& c) : m_config(c)
{
    m_trunk.build(*this, c, false);
    const int embedding = c.embeddingSize > 0 ? c.embeddingSize : c.width;
    // Initialized like a token embedding (N(0, 1)).
    mask = register_parameter("mask", torch::randn({embedding}));
    if (!c.tieEmbeddings)
        head = register_module("head", Projection(c.width, c.vocabularySize, rankOf(c, "head")));
}

torch::Tensor MaskedLanguageModelImpl::forward(const torch::Tensor& ids, AttentionMaps* attention)
{
    auto h = m_trunk.encode(ids, attention, mask);
    return head ? head(h) : kernels::linear(h, m_trunk.tokens->weight);
}

SequenceModelImpl::OutputLayer MaskedLanguageModelImpl::outputLayer() { return outputLayerOf(head, m_trunk.tokens->weight); }

torch::Tensor MaskedLanguageModelImpl::outputStates(const torch::Tensor& ids)
{
    return m_trunk.encode(ids, nullptr, mask);
}

torch::Tensor MaskedLanguageModelImpl::features(const torch::Tensor& ids)
{
    return meanOverTokens(m_trunk.encode(ids, nullptr, mask), ids);
}

}  // namespace lathe
