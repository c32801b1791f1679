#pragma once
// Internal to core/train (includes LibTorch): model + optimizer + tokenizer + config in one file.
#include "model/Models.h"
#include "train/CheckpointHeader.h"

#include <memory>
#include <string>
#include <vector>

namespace lathe {

// The header (settings, tokenizer, classes, step, the open archive) and the model built from it.
struct CheckpointContents : CheckpointHeader {
    SequenceModel model;
};

// Written atomically: a crash mid-write leaves the previous checkpoint intact. `precision`: the
// matmul precision the model trained in ("fp32"/"bf16"; empty: not recorded).
void saveCheckpoint(const std::string& path, const RunConfig& config, const Tokenizer& tokenizer,
                    const std::vector<std::string>& classes, std::int64_t step, SequenceModelImpl& model,
                    torch::optim::Optimizer* optimizer, const std::string& precision = {},
                    const Tokenizer* targetTokenizer = nullptr, const std::string& streamState = {});
// A followed run's position in its stream (StreamFeed::stateJson), saved with its checkpoint; empty
// when the checkpoint has none.
std::string checkpointStreamState(const CheckpointHeader& checkpoint);

// The matmul precision to run a checkpoint's model in, "fp32" or "bf16": the one it trained in, so
// its evaluations, predictions and a resume match its training, whatever `auto`'s timing probe
// says in this process. A bf16 run under `auto` opened on a CPU without native bf16 runs in fp32
// (emulated bf16 is several times slower); older checkpoints resolve their settings here.
std::string checkpointPrecision(const CheckpointHeader& checkpoint);

// Throws DataError naming the file when it is missing, truncated, corrupt or from a newer Lathe
// (readCheckpointHeader), or its weights do not match the model its settings describe.
CheckpointContents loadCheckpoint(const std::string& path);
void restoreOptimizer(const CheckpointContents& checkpoint, torch::optim::Optimizer& optimizer);

}  // namespace lathe
