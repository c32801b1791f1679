#pragma once
// Internal to core (includes LibTorch): encoder–decoder models (Transformer, LSTM with
// attention) and their decoding.
// The encoder is the classifier's trunk (pre-LayerNorm blocks over the source, the same module
// names); each decoder block is causal self-attention, cross-attention to the encoder's states
// (source padding masked), then the feed-forward, each pre-LayerNorm with a residual.
#include "model/Models.h"

#include <cstdint>
#include <vector>

namespace lathe {

class CrossAttentionImpl : public torch::nn::Module {
public:
    CrossAttentionImpl(const ModelConfig& c, const std::string& prefix);
    // x [B, T, D] (queries), memory [B, S, D] (keys and values), memoryPadding [B, S] (true =
    // padding, never attended). `probabilities`, when given, receives [B, H, T, S] before dropout.
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& memory, const torch::Tensor& memoryPadding,
                          torch::Tensor* probabilities);

    Projection q{nullptr}, kv{nullptr}, out{nullptr};
    torch::nn::Dropout drop{nullptr};
    int heads;
};
TORCH_MODULE(CrossAttention);

class DecoderBlockImpl : public torch::nn::Module {
public:
    DecoderBlockImpl(const ModelConfig& c, const std::string& prefix);
    torch::Tensor forward(const torch::Tensor& x, const torch::Tensor& targetPadding, const torch::Tensor& memory,
                          const torch::Tensor& memoryPadding, torch::Tensor* selfProbabilities,
                          torch::Tensor* crossProbabilities);

    torch::nn::LayerNorm ln1{nullptr}, ln2{nullptr}, ln3{nullptr};
    SelfAttention attention{nullptr};
    CrossAttention cross{nullptr};
    Projection up{nullptr}, down{nullptr};
    torch::nn::Dropout drop{nullptr};
};
TORCH_MODULE(DecoderBlock);

// Attention maps of a decoding pass, each [B, H, T, keys] per layer.
struct Seq2SeqAttention {
    AttentionMaps encoder, decoderSelf, cross;
};

// An encoder–decoder over source ids [B, S] and target ids [B, T] (int64, <pad> = 0): the
// target starts with <bos> and the model predicts each next target token. Source and target
// vocabularies may differ (sourceVocabulary = config.vocabularySize).
// As a SequenceModel it reads a source: forward gives the encoder's states [B, S, ·] (and its
// self-attention maps), features their mean over the source's tokens.
class Seq2SeqModelImpl : public SequenceModelImpl {
public:
    torch::Tensor forward(const torch::Tensor& source, AttentionMaps* attention = nullptr) override
    {
        return encode(source, attention);
    }
    torch::Tensor features(const torch::Tensor& source) override;
    bool isLanguageModel() const override { return false; }
    bool isSequenceToSequence() const override { return true; }

    // The encoder's states [B, S, ·] (self-attention maps per layer for the Transformer).
    virtual torch::Tensor encode(const torch::Tensor& source, AttentionMaps* attention = nullptr) = 0;
    // The states the output layer reads, [B, T, ·], for target ids [B, T] given the encoder's.
    virtual torch::Tensor decode(const torch::Tensor& memory, const torch::Tensor& sourcePadding,
                                 const torch::Tensor& target, Seq2SeqAttention* attention = nullptr) = 0;
    // The output layer as a dense [targetVocabulary, ·] weight and bias when it is one (a plain or
    // tied head); undefined weight: outputLogits applies it.
    OutputLayer outputLayer() override = 0;
    virtual torch::Tensor outputLogits(const torch::Tensor& states) = 0;
    virtual std::int64_t targetVocabulary() const = 0;
    // Target positions the decoder reads at most (<bos> included); 0: no limit.
    virtual int maxTargetLength() const = 0;

    // Logits [B, T, targetVocabulary] (teacher forcing).
    torch::Tensor teacherForced(const torch::Tensor& source, const torch::Tensor& target);
    // The output layer applied to decode's states.
    torch::Tensor logits(const torch::Tensor& states);
    // Mean cross-entropy of the next target tokens (label smoothing ε spreads ε over the
    // vocabulary, as torch's cross_entropy does); the output layer and loss fused when ε = 0.
    torch::Tensor loss(const torch::Tensor& source, const torch::Tensor& target, double labelSmoothing = 0);
};

// The Transformer encoder–decoder. `shareEmbeddings` ties the target embeddings to the output
// layer.
class TransformerSeq2SeqImpl : public Seq2SeqModelImpl {
public:
    TransformerSeq2SeqImpl(const ModelConfig& c, int targetVocabulary, bool shareEmbeddings = true);
    torch::Tensor encode(const torch::Tensor& source, AttentionMaps* attention = nullptr) override;
    torch::Tensor decode(const torch::Tensor& memory, const torch::Tensor& sourcePadding, const torch::Tensor& target,
                         Seq2SeqAttention* attention = nullptr) override;
    SequenceModelImpl::OutputLayer outputLayer() override;
    torch::Tensor outputLogits(const torch::Tensor& states) override { return head(states); }
    std::int64_t targetVocabulary() const override { return m_targetVocabulary; }
    int maxTargetLength() const override { return m_config.maxLength; }

    TransformerTrunk encoder;
    torch::nn::Embedding targetTokens{nullptr}, targetPositions{nullptr};
    torch::nn::ModuleList decoderBlocks;
    torch::nn::LayerNorm decoderNorm{nullptr};
    Projection head{nullptr};  // absent when shared with targetTokens

private:
    ModelConfig m_config;
    std::int64_t m_targetVocabulary;
};
TORCH_MODULE(TransformerSeq2Seq);

// The classical baseline (Luong et al. 2015, global attention, "general" score, no input
// feeding): a bidirectional LSTM encodes the source (each direction over the real tokens only);
// an LSTM reads the target from zero state; at each target position its state h attends over
// the encoder's states (score hᵀ·W·m, source padding masked) and h̃ = tanh(W_c·[context; h])
// feeds the output layer. `shareEmbeddings` ties the target embeddings to the output layer
// (needs width == hidden).
class LstmSeq2SeqImpl : public Seq2SeqModelImpl {
public:
    LstmSeq2SeqImpl(const ModelConfig& c, int targetVocabulary, bool shareEmbeddings = false);
    // The encoder's states [B, S, 2·hidden]; `attention` is not used.
    torch::Tensor encode(const torch::Tensor& source, AttentionMaps* attention = nullptr) override;
    // h̃ [B, T, hidden]; attention->cross receives the attention [B, 1, T, S] (one "head").
    torch::Tensor decode(const torch::Tensor& memory, const torch::Tensor& sourcePadding, const torch::Tensor& target,
                         Seq2SeqAttention* attention = nullptr) override;
    SequenceModelImpl::OutputLayer outputLayer() override;
    torch::Tensor outputLogits(const torch::Tensor& states) override { return head(states); }
    std::int64_t targetVocabulary() const override { return m_targetVocabulary; }
    int maxTargetLength() const override { return 0; }

    torch::nn::Embedding sourceTokens{nullptr}, targetTokens{nullptr};
    torch::nn::LSTM encoder{nullptr}, decoder{nullptr};
    Projection score{nullptr}, combine{nullptr}, head{nullptr};
    torch::nn::Dropout drop{nullptr};

private:
    std::int64_t m_targetVocabulary;
};
TORCH_MODULE(LstmSeq2Seq);

// How to turn a source into a target.
struct DecodeOptions {
    int maxLength = 64;          // target tokens to generate at most (after <bos>)
    int beamSize = 1;            // 1: greedy (unless sampling)
    double lengthPenalty = 1.0;  // beams ranked by log p / length^α (GNMT's simple form)
    double temperature = 0;      // > 0: sample instead of searching
    int topK = 0;                // sampling from the k likeliest tokens only (0: all)
    std::uint64_t seed = 1;      // sampling's generator seed
};

struct Decoded {
    std::vector<std::int64_t> tokens;  // without <bos> and <eos>
    double logProbability = 0;         // Σ log p of the tokens and the <eos> that ended them
    bool finished = false;             // ended by <eos> (not the length limit)
};

// Decodes every source row of `source` [B, S]: batched greedy search, sampling, or beam search
// (beams of all rows decoded together), in evaluation mode, without gradients.
std::vector<Decoded> decode(Seq2SeqModelImpl& model, const torch::Tensor& source, const DecodeOptions& options);

}  // namespace lathe
