#pragma once
// Internal to core (includes LibTorch): the model modules. widgets/ never sees this.
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
};
using SequenceModel = std::shared_ptr<SequenceModelImpl>;

class SelfAttentionImpl : public torch::nn::Module {
public:
    SelfAttentionImpl(int width, int heads, double dropout, bool causal);
    // keyPadding [B, T]: true where the key is padding and must get zero attention.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& keyPadding, torch::Tensor* probabilities);

    torch::nn::Linear qkv{nullptr}, out{nullptr};
    torch::nn::Dropout drop{nullptr};
    int heads;
    bool causal;
};
TORCH_MODULE(SelfAttention);

// Pre-LayerNorm block: x + attn(ln(x)), then x + ffn(ln(x)).
class TransformerBlockImpl : public torch::nn::Module {
public:
    TransformerBlockImpl(const ModelConfig& c, bool causal);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& keyPadding, torch::Tensor* probabilities);

    torch::nn::LayerNorm ln1{nullptr}, ln2{nullptr};
    SelfAttention attention{nullptr};
    torch::nn::Linear up{nullptr}, down{nullptr};
    torch::nn::Dropout drop{nullptr};
};
TORCH_MODULE(TransformerBlock);

class TransformerClassifierImpl : public SequenceModelImpl {
public:
    explicit TransformerClassifierImpl(const ModelConfig& c);
    torch::Tensor forward(const torch::Tensor& ids, AttentionMaps* attention = nullptr) override;
    torch::Tensor features(const torch::Tensor& ids) override { return pooled(ids, nullptr); }
    bool isLanguageModel() const override { return false; }

private:
    torch::Tensor pooled(const torch::Tensor& ids, AttentionMaps* attention);
    ModelConfig m_config;
    torch::nn::Embedding tokens{nullptr}, positions{nullptr};
    torch::nn::ModuleList blocks;
    torch::nn::LayerNorm norm{nullptr};
    torch::nn::Linear head{nullptr};
};

class GptImpl : public SequenceModelImpl {
public:
    explicit GptImpl(const ModelConfig& c);
    torch::Tensor forward(const torch::Tensor& ids, AttentionMaps* attention = nullptr) override;
    torch::Tensor features(const torch::Tensor& ids) override;
    bool isLanguageModel() const override { return true; }

private:
    ModelConfig m_config;
    torch::nn::Embedding tokens{nullptr}, positions{nullptr};
    torch::nn::ModuleList blocks;
    torch::nn::LayerNorm norm{nullptr};
    torch::nn::Linear head{nullptr};
};

class BiLstmClassifierImpl : public SequenceModelImpl {
public:
    explicit BiLstmClassifierImpl(const ModelConfig& c);
    torch::Tensor forward(const torch::Tensor& ids, AttentionMaps* attention = nullptr) override;
    torch::Tensor features(const torch::Tensor& ids) override;
    bool isLanguageModel() const override { return false; }

private:
    torch::nn::Embedding tokens{nullptr};
    torch::nn::LSTM lstm{nullptr};
    torch::nn::Dropout drop{nullptr};
    torch::nn::Linear head{nullptr};
};

class LstmLanguageModelImpl : public SequenceModelImpl {
public:
    explicit LstmLanguageModelImpl(const ModelConfig& c);
    torch::Tensor forward(const torch::Tensor& ids, AttentionMaps* attention = nullptr) override;
    torch::Tensor features(const torch::Tensor& ids) override;
    bool isLanguageModel() const override { return true; }

private:
    torch::nn::Embedding tokens{nullptr};
    torch::nn::LSTM lstm{nullptr};
    torch::nn::Dropout drop{nullptr};
    torch::nn::Linear head{nullptr};
};

// Builds the model the config names (vocabularySize and numClasses must be set).
SequenceModel buildModel(const ModelConfig& config);

// Mean of x [B, T, D] over the positions where ids [B, T] is not <pad>.
torch::Tensor meanOverTokens(const torch::Tensor& x, const torch::Tensor& ids);

// Parameters of each top-level submodule, in registration order, then the total.
std::vector<std::pair<std::string, std::int64_t>> parameterCounts(const torch::nn::Module& model);
std::int64_t parameterCount(const torch::nn::Module& model);

}  // namespace lathe
