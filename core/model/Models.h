#pragma once
// Internal to core (includes LibTorch): the model modules. widgets/ never sees this.
#include "model/ModelSize.h"
#include "train/RunConfig.h"

#include <torch/torch.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace lathe {

// Attention probabilities of every layer, each [batch, heads, query, key].
using AttentionMaps = std::vector<torch::Tensor>;

// Every Lathe model: ids [B, T] (int64, <pad> = 0) in; logits out — [B, classes] for a
// classifier, [B, T, vocabulary] for a language model.
class SequenceModelImpl : public torch::nn::Module {
public:
    virtual torch::Tensor forward(const torch::Tensor& ids, AttentionMaps* attention = nullptr) = 0;
    // The representation of each whole sequence, [B, D]: the pooled vector a classifier's head
    // sees; for a language model, its final hidden states averaged over the real tokens.
    virtual torch::Tensor features(const torch::Tensor& ids) = 0;
    virtual bool isLanguageModel() const = 0;
    // A masked LM: its loss and evaluation read masked inputs (train/Masking.h), not the next token.
    virtual bool isMaskedLanguageModel() const { return false; }
    // An encoder–decoder (model/Seq2Seq.h): forward and features read a source and give the
    // encoder's states; the target side has its own entry points.
    virtual bool isSequenceToSequence() const { return false; }

    // A language model's output layer when it is one dense matrix (a plain or tied head): its
    // weight [vocabulary, D] and bias (undefined when it has none). The loss then runs that layer
    // on outputStates(ids) [B, T, D] together with the cross-entropy, in blocks of rows, without
    // the [B·T, vocabulary] logits (kernels::linearCrossEntropy). Undefined weight (classifiers,
    // factorized or adapted heads): the loss takes forward's logits.
    struct OutputLayer {
        torch::Tensor weight, bias;
    };
    virtual OutputLayer outputLayer() { return {}; }
    // Only models whose outputLayer() is defined have these states.
    virtual torch::Tensor outputStates(const torch::Tensor& ids) { return {}; }
};
using SequenceModel = std::shared_ptr<SequenceModelImpl>;

// A Linear layer: dense (`weight` [out, in] and `bias`, named as torch::nn::Linear names
// them, so older checkpoints load) or factorized as left [out, r] · right [r, in] — trained
// that way from the start, or a trained layer's truncated SVD.
// Optionally with a LoRA adapter: y = base(x) + (alpha / r)·B·A·x, with A [r, in] and
// B [out, r] (B starts at zero, so an adapter starts as a no-op).
class ProjectionImpl : public torch::nn::Module {
public:
    ProjectionImpl(int in, int out, int rank = 0, bool bias = true, int loraRank = 0, double loraAlpha = 16);
    torch::Tensor forward(const torch::Tensor& x);
    // gelu(forward(x)); under mixed precision its bf16 output feeds the next Projection directly.
    torch::Tensor forwardGelu(const torch::Tensor& x);
    // forward(x) for a consumer that takes bf16 (attention): a dense layer in inference under
    // mixed precision writes bf16 (kernels::linearToBf16).
    torch::Tensor forwardToBf16(const torch::Tensor& x);
    // The [out, in] matrix the layer applies (an adapter merged in).
    torch::Tensor denseWeight() const;
    // One matrix (weight) and bias: not factorized, no adapter.
    bool isDense() const { return rank == 0 && loraRank == 0; }
    // Multiply-adds for one input vector: in·out dense, r·(in + out) factorized, plus the adapter's.
    std::int64_t multiplyAdds() const;

    int in, out, rank;  // rank 0: dense
    int loraRank = 0;
    double loraScale = 0;
    torch::Tensor weight, left, right, bias, loraA, loraB;
};
TORCH_MODULE(Projection);

// The output layer of a model whose head is `head`, or the `tied` matrix (the target token
// embeddings) when it has none; undefined weight for a factorized or adapted head.
SequenceModelImpl::OutputLayer outputLayerOf(const Projection& head, const torch::Tensor& tied);

// rankOf and loraRankOf: model/ModelSize.h.
// Every Projection of a model with its module path, in registration order.
std::vector<std::pair<std::string, ProjectionImpl*>> projections(torch::nn::Module& model);

class SelfAttentionImpl : public torch::nn::Module {
public:
    // `prefix` is the module path of this attention, for rankOf.
    SelfAttentionImpl(const ModelConfig& c, bool causal, const std::string& prefix);
    // keyPadding [B, T]: true where the key is padding and must get zero attention.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& keyPadding, torch::Tensor* probabilities);

    Projection qkv{nullptr}, out{nullptr};
    torch::nn::Dropout drop{nullptr};
    int heads;
    bool causal;
};
TORCH_MODULE(SelfAttention);

// Pre-LayerNorm block: x + attn(ln(x)), then x + ffn(ln(x)).
class TransformerBlockImpl : public torch::nn::Module {
public:
    TransformerBlockImpl(const ModelConfig& c, bool causal, const std::string& prefix);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& keyPadding, torch::Tensor* probabilities);

    torch::nn::LayerNorm ln1{nullptr}, ln2{nullptr};
    SelfAttention attention{nullptr};
    Projection up{nullptr}, down{nullptr};
    torch::nn::Dropout drop{nullptr};
};
TORCH_MODULE(TransformerBlock);

// What the Transformer classifier and GPT share: token embeddings (optionally factorized as
// vocabulary × E then E → width), learned positions, the blocks (or one block applied
// `layers` times when shared) and the final LayerNorm, registered on the owning model under
// the names tokens, positions, embed_projection, blocks and norm.
struct TransformerTrunk {
    void build(torch::nn::Module& owner, const ModelConfig& c, bool causal);
    // The final hidden states [B, T, width]. With `maskEmbedding` ([E], a masked LM's), ids equal
    // to the vocabulary size are [MASK] and read that vector instead of a token's.
    torch::Tensor encode(const torch::Tensor& ids, AttentionMaps* attention, const torch::Tensor& maskEmbedding = {});

    torch::nn::Embedding tokens{nullptr}, positions{nullptr};
    Projection embedProjection{nullptr};  // only with factorized embeddings
    torch::nn::ModuleList blocks;         // one block when shared
    torch::nn::LayerNorm norm{nullptr};
    int layers = 0;
};

class TransformerClassifierImpl : public SequenceModelImpl {
public:
    explicit TransformerClassifierImpl(const ModelConfig& c);
    torch::Tensor forward(const torch::Tensor& ids, AttentionMaps* attention = nullptr) override;
    torch::Tensor features(const torch::Tensor& ids) override { return pooled(ids, nullptr); }
    bool isLanguageModel() const override { return false; }

private:
    torch::Tensor pooled(const torch::Tensor& ids, AttentionMaps* attention);
    ModelConfig m_config;
    TransformerTrunk m_trunk;
    Projection head{nullptr};
};

class GptImpl : public SequenceModelImpl {
public:
    explicit GptImpl(const ModelConfig& c);
    torch::Tensor forward(const torch::Tensor& ids, AttentionMaps* attention = nullptr) override;
    torch::Tensor features(const torch::Tensor& ids) override;
    bool isLanguageModel() const override { return true; }
    OutputLayer outputLayer() override;
    torch::Tensor outputStates(const torch::Tensor& ids) override;

private:
    ModelConfig m_config;
    TransformerTrunk m_trunk;
    Projection head{nullptr};  // absent when tied to the token embeddings
};

// BERT-style masked language model: the Transformer encoder (bidirectional attention) predicts
// the tokens hidden behind [MASK] (id = vocabularySize, a learned vector `mask`) from both sides.
// Its trunk has the classifier's names, so `train --base` turns it into a classifier.
class MaskedLanguageModelImpl : public SequenceModelImpl {
public:
    explicit MaskedLanguageModelImpl(const ModelConfig& c);
    torch::Tensor forward(const torch::Tensor& ids, AttentionMaps* attention = nullptr) override;
    torch::Tensor features(const torch::Tensor& ids) override;
    bool isLanguageModel() const override { return true; }
    OutputLayer outputLayer() override;
    torch::Tensor outputStates(const torch::Tensor& ids) override;
    bool isMaskedLanguageModel() const override { return true; }
    std::int64_t vocabularySize() const { return m_config.vocabularySize; }
    // Language-model windows are maxLength + 1 tokens (input and shifted target); a masked LM
    // reads the first maxLength of them.
    torch::Tensor window(const torch::Tensor& ids) const
    {
        return ids.size(1) > m_config.maxLength ? ids.slice(1, 0, m_config.maxLength) : ids;
    }

private:
    ModelConfig m_config;
    TransformerTrunk m_trunk;
    torch::Tensor mask;
    Projection head{nullptr};  // absent when tied to the token embeddings
};

class BiLstmClassifierImpl : public SequenceModelImpl {
public:
    explicit BiLstmClassifierImpl(const ModelConfig& c);
    torch::Tensor forward(const torch::Tensor& ids, AttentionMaps* attention = nullptr) override;
    torch::Tensor features(const torch::Tensor& ids) override;
    bool isLanguageModel() const override { return false; }

private:
    // One direction (bidirectional = false): [last state, max, mean] of the top layer's outputs.
    torch::Tensor concatPooled(const torch::Tensor& ids);
    bool m_bidirectional = true;
    torch::nn::Embedding tokens{nullptr};
    torch::nn::LSTM lstm{nullptr};
    torch::nn::Dropout drop{nullptr};
    Projection head{nullptr};
};

class LstmLanguageModelImpl : public SequenceModelImpl {
public:
    explicit LstmLanguageModelImpl(const ModelConfig& c);
    torch::Tensor forward(const torch::Tensor& ids, AttentionMaps* attention = nullptr) override;
    torch::Tensor features(const torch::Tensor& ids) override;
    bool isLanguageModel() const override { return true; }
    OutputLayer outputLayer() override;
    torch::Tensor outputStates(const torch::Tensor& ids) override;

private:
    torch::nn::Embedding tokens{nullptr};
    torch::nn::LSTM lstm{nullptr};
    torch::nn::Dropout drop{nullptr};
    Projection head{nullptr};
};

// The model's parameters in layer groups from the bottom (embeddings) to the top (final norm
// and head), for discriminative learning rates and gradual unfreezing: embeddings, then each
// Transformer block or LSTM layer, then the rest.
std::vector<std::vector<torch::Tensor>> layerGroups(torch::nn::Module& model);

// Builds the model the config names (vocabularySize and numClasses must be set).
SequenceModel buildModel(const ModelConfig& config);

// Mean of x [B, T, D] over the positions where ids [B, T] is not <pad>.
torch::Tensor meanOverTokens(const torch::Tensor& x, const torch::Tensor& ids);

// Parameters of each top-level submodule, in registration order, then the total.
std::vector<std::pair<std::string, std::int64_t>> parameterCounts(const torch::nn::Module& model);
std::int64_t parameterCount(const torch::nn::Module& model);

}  // namespace lathe
