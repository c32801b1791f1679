#include "model/ModelSize.h"
#include "report/RunSize.h"
#include "util/Message.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <limits>

namespace lathe {

namespace {

// Parameters are counted in double: exact up to 2^53, and an absurd configuration
// (width 10^9) neither overflows nor wraps to a small number.
double projection(double in, double out, int rank, bool bias, int lora)
{
    double n = rank > 0 ? rank * (in + out) : in * out;
    if (bias)
        n += out;
    if (lora > 0)
        n += lora * (in + out);
    return n;
}

double layer(const ModelConfig& c, const std::string& name, double in, double out, bool bias = true)
{
    return projection(in, out, rankOf(c, name), bias, std::max(0, loraRankOf(c, name)));
}

double transformerTrunk(const ModelConfig& c)
{
    const double w = c.width;
    const bool factorized = c.embeddingSize > 0 && c.embeddingSize != c.width;
    const double e = factorized ? c.embeddingSize : w;
    double n = double(c.vocabularySize) * e + double(c.maxLength) * w;
    if (factorized)
        n += layer(c, "embed_projection", e, w);
    for (int i = 0; i < (c.shareBlocks ? 1 : c.layers); ++i) {
        const std::string p = "blocks." + std::to_string(i);
        n += 4 * w;  // ln1, ln2
        n += layer(c, p + ".attention.qkv", w, 3 * w) + layer(c, p + ".attention.out", w, w);
        n += layer(c, p + ".up", w, c.feedForward) + layer(c, p + ".down", c.feedForward, w);
    }
    return n + 2 * w;  // the final norm
}

// torch::nn::LSTM: per layer and direction, W_ih [4h, in], W_hh [4h, h] and two biases [4h].
double lstm(const ModelConfig& c, int directions)
{
    const double h = c.hidden;
    double n = 0;
    for (int l = 0; l < c.layers; ++l) {
        const double in = l == 0 ? double(c.width) : h * directions;
        n += directions * (4 * h * in + 4 * h * h + 8 * h);
    }
    return n;
}

double parameters(const ModelConfig& c)
{
    const double w = c.width, v = c.vocabularySize;
    if (c.family == "transformer")
        return transformerTrunk(c) + layer(c, "head", w, c.numClasses);
    if (c.family == "gpt")
        return transformerTrunk(c) + (c.tieEmbeddings ? 0 : layer(c, "head", w, v, false));
    if (c.family == "mlm")
        return transformerTrunk(c) + (c.embeddingSize > 0 ? c.embeddingSize : w) +
               (c.tieEmbeddings ? 0 : layer(c, "head", w, v));
    if (c.family == "bilstm") {
        const int directions = c.bidirectional ? 2 : 1;
        return v * w + lstm(c, directions) + layer(c, "head", (c.bidirectional ? 2.0 : 3.0) * c.hidden, c.numClasses);
    }
    if (c.family == "lstm")
        return v * w + lstm(c, 1) + (c.tieEmbeddings ? 0 : layer(c, "head", c.hidden, v));
    if (c.family == "fasttext")
        return (v + std::max(1, c.buckets)) * w + layer(c, "head", w, c.numClasses);
    // Encoder–decoders (one vocabulary for both sides): model/Seq2Seq.h.
    // The target side's vocabulary (its own tokenizer's, or the source's).
    const double tv = c.targetVocabularySize > 0 ? c.targetVocabularySize : v;
    if (c.family == "seq2seq") {
        double n = transformerTrunk(c) + tv * w + double(c.maxLength) * w + 2 * w;  // target embeddings, decoder norm
        for (int i = 0; i < (c.shareBlocks ? 1 : c.layers); ++i) {
            const std::string p = "decoder_blocks." + std::to_string(i);
            n += 6 * w;  // ln1, ln2, ln3
            n += layer(c, p + ".attention.qkv", w, 3 * w) + layer(c, p + ".attention.out", w, w);
            n += layer(c, p + ".cross.q", w, w) + layer(c, p + ".cross.kv", w, 2 * w) + layer(c, p + ".cross.out", w, w);
            n += layer(c, p + ".up", w, c.feedForward) + layer(c, p + ".down", c.feedForward, w);
        }
        return n + (c.tieEmbeddings ? 0 : layer(c, "head", w, tv, false));
    }
    if (c.family == "lstm-seq2seq") {
        const double h = c.hidden;
        return (v + tv) * w + lstm(c, 2) + lstm(c, 1) + layer(c, "score", 2 * h, h, false) +
               layer(c, "combine", 3 * h, h, false) + (c.tieEmbeddings ? 0 : layer(c, "head", h, tv));
    }
    return 0;
}

// Floats kept per token for the backward pass, roughly: per Transformer layer its norms'
// inputs and outputs, q/k/v, the attention context and output, the FFN's two activations,
// the dropout masks, and two [heads, T] rows of probabilities; per LSTM layer and direction
// the four gates, the cell and the hidden state; a language model's logits thrice (logits,
// softmax, their gradient).
double activationFloatsPerToken(const ModelConfig& c)
{
    const double w = c.width, v = c.vocabularySize, t = c.maxLength;
    const bool lm = isLanguageModel(c.family);
    if (c.family == "fasttext")
        return 2;  // its feature lists; the pooled vector is per sequence
    const bool pairs = isSequenceToSequence(c.family);
    // An encoder–decoder's logits are over its target vocabulary.
    const double tv = pairs && c.targetVocabularySize > 0 ? c.targetVocabularySize : v;
    double n = 2 * w + (lm || pairs ? 3 * tv : 0);
    if (isTransformerFamily(c.family))
        n += c.layers * (10 * w + 2.0 * c.feedForward + 2.0 * c.heads * t);
    else if (c.family == "seq2seq")  // an encoder and a decoder layer (with cross-attention) per layer
        n += c.layers * (24 * w + 4.0 * c.feedForward + 6.0 * c.heads * t);
    else if (c.family == "lstm-seq2seq")
        n += c.layers * 18.0 * c.hidden + 4.0 * c.hidden + 2.0 * t;
    else
        n += c.layers * (c.family == "bilstm" && c.bidirectional ? 2 : 1) * 6.0 * c.hidden;
    return n;
}

std::int64_t readMeminfoAvailable()
{
    std::ifstream f("/proc/meminfo");
    std::string key;
    std::int64_t kb = 0;
    std::string unit;
    while (f >> key >> kb >> unit)
        if (key == "MemAvailable:")
            return kb * 1024;
    return 0;
}

// cgroup v2: memory.max ("max" when unlimited) minus memory.current.
std::int64_t readCgroupHeadroom()
{
    std::ifstream max("/sys/fs/cgroup/memory.max"), current("/sys/fs/cgroup/memory.current");
    std::string limit;
    std::int64_t used = 0;
    if (!(max >> limit) || limit == "max" || !(current >> used))
        return 0;
    try {
        return std::max<std::int64_t>(0, std::stoll(limit) - used);
    } catch (const std::exception&) {
        return 0;
    }
}

}  // namespace

int rankOf(const ModelConfig& c, const std::string& layer)
{
    if (auto it = c.ranks.find(layer); it != c.ranks.end())
        return it->second;
    // Factorized training covers the blocks' layers (an encoder–decoder's decoder blocks too); the
    // output head stays dense.
    return layer.rfind("blocks.", 0) == 0 || layer.rfind("decoder_blocks.", 0) == 0 ? c.lowRank : 0;
}

int loraRankOf(const ModelConfig& c, const std::string& layer)
{
    return layer.rfind("blocks.", 0) == 0 || layer.rfind("decoder_blocks.", 0) == 0 ? c.loraRank : 0;
}

std::int64_t modelParameters(const ModelConfig& config)
{
    const double n = parameters(config);
    constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
    return n >= double(kMax) ? kMax : static_cast<std::int64_t>(n);
}

TrainingMemory trainingMemory(const RunConfig& config)
{
    constexpr double kFloat = 4;
    TrainingMemory m;
    m.parameters = parameters(config.model);
    m.weightBytes = 2 * kFloat * m.parameters;
    m.optimizerBytes = (config.train.optimizer == "sgd" ? 1 : 2) * kFloat * m.parameters;
    const double tokens = double(std::max(1, config.train.batchSize)) * std::max(1, config.model.maxLength);
    m.activationBytes = kFloat * tokens * activationFloatsPerToken(config.model);
    return m;
}

std::int64_t availableMemory()
{
    const auto meminfo = readMeminfoAvailable();
    const auto cgroup = readCgroupHeadroom();
    if (meminfo > 0 && cgroup > 0)
        return std::min(meminfo, cgroup);
    return std::max(meminfo, cgroup);
}

Message memoryProblem(const RunConfig& config, std::int64_t available)
{
    const auto m = trainingMemory(config);
    if (available <= 0 || m.total() <= double(available))
        return {};
    const auto bytes = [](double b) {
        return formatBytes(b >= 9e18 ? std::numeric_limits<std::int64_t>::max() : static_cast<std::int64_t>(b));
    };
    return Message(LATHE_TR("Model", "the model does not fit in memory: training it needs about %1 (%2 parameters: %3 "
                                     "for weights and gradients, %4 for the %5 state; %6 of activations for a batch "
                                     "of %7 × %8 tokens), and this machine has %9 available. Lower the width, layers, "
                                     "feed-forward size, sequence length or batch size"),
                   bytes(m.total()), fmt::format("{:.1e}", m.parameters), bytes(m.weightBytes), bytes(m.optimizerBytes),
                       config.train.optimizer == "sgd" ? "SGD" : (config.train.optimizer == "adam" ? "Adam" : "AdamW"),
                   bytes(m.activationBytes), config.train.batchSize, config.model.maxLength, bytes(double(available)));
}

}  // namespace lathe
