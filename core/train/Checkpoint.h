#pragma once
// Internal to core/train (includes LibTorch): model + optimizer + tokenizer + config in one file.
#include "model/Models.h"
#include "tokenize/Tokenizer.h"
#include "train/RunConfig.h"

#include <memory>
#include <string>
#include <vector>

namespace lathe {

struct CheckpointContents {
    RunConfig config;
    std::unique_ptr<Tokenizer> tokenizer;
    std::vector<std::string> classes;
    std::int64_t step = 0;
    SequenceModel model;
    // Kept open so an optimizer built later can take its state from it.
    std::shared_ptr<torch::serialize::InputArchive> archive;
};

// Written atomically: a crash mid-write leaves the previous checkpoint intact.
void saveCheckpoint(const std::string& path, const RunConfig& config, const Tokenizer& tokenizer,
                    const std::vector<std::string>& classes, std::int64_t step, SequenceModelImpl& model,
                    torch::optim::Optimizer* optimizer);

// Throws DataError naming the file when it is missing, truncated, corrupt or from a newer Lathe.
CheckpointContents loadCheckpoint(const std::string& path);
void restoreOptimizer(const CheckpointContents& checkpoint, torch::optim::Optimizer& optimizer);

}  // namespace lathe
