#pragma once
// What a model costs before it exists: its parameter count from the configuration alone,
// and the memory training it would take. No LibTorch here: the training form counts
// parameters on every keystroke, and a 10^8-wide model must be refused, not allocated.
#include "train/RunConfig.h"

#include <cstdint>
#include <string>

namespace lathe {

// The rank layer `layer` (a module path such as "blocks.0.attention.qkv") is built with:
// config.ranks when it names the layer, else config.lowRank for the blocks' layers; 0 dense.
int rankOf(const ModelConfig& config, const std::string& layer);
// The LoRA adapter rank of layer `layer`: config.loraRank for the blocks' layers, else 0.
int loraRankOf(const ModelConfig& config, const std::string& layer);

// The parameters buildModel(config) registers (vocabularySize and numClasses as set; the
// count saturates at INT64_MAX instead of overflowing).
std::int64_t modelParameters(const ModelConfig& config);

// Bytes a training step holds at its peak, as an estimate: fp32 weights and their
// gradients, the optimizer's state, and the activations kept for the backward pass.
struct TrainingMemory {
    double parameters = 0;
    double weightBytes = 0;     // weights + gradients
    double optimizerBytes = 0;  // AdamW: two moments; SGD: momentum
    double activationBytes = 0;
    double total() const { return weightBytes + optimizerBytes + activationBytes; }
};
TrainingMemory trainingMemory(const RunConfig& config);

// Bytes this process can still take: the kernel's MemAvailable, lowered to the cgroup's
// limit minus its usage when one is set; 0 when neither can be read.
std::int64_t availableMemory();

// Why training `config` would not fit in `available` bytes, for the user; empty when it
// fits or `available` is 0 (unknown).
Message memoryProblem(const RunConfig& config, std::int64_t available);

}  // namespace lathe
