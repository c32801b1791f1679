#pragma once
// The part of a checkpoint read before its weights: the archive itself, its format, settings,
// tokenizer, classes, step and owning run. Apart from Checkpoint.cpp so that the fuzz preset can
// feed it any file without building the models (fuzz/fuzz_checkpoint.cpp).
#include "tokenize/Tokenizer.h"
#include "train/RunConfig.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace torch::serialize {
class InputArchive;
}

namespace lathe {

// Bump when the layout of a checkpoint changes; older readers refuse newer files.
inline constexpr std::int64_t kCheckpointFormat = 1;

struct CheckpointHeader {
    RunConfig config;
    std::unique_ptr<Tokenizer> tokenizer;
    // An encoder–decoder's target tokenizer when its target side has its own (else null).
    std::unique_ptr<Tokenizer> targetTokenizer;
    std::vector<std::string> classes;
    std::int64_t step = 0;
    // The matmul precision the run trained in ("fp32" or "bf16"; `auto` resolved on the training
    // machine). Empty in checkpoints written before it was recorded.
    std::string precision;
    // Kept open: the weights, and an optimizer built later, are read from it.
    std::shared_ptr<torch::serialize::InputArchive> archive;

    // The tokenizer of an encoder–decoder's targets: its own, or the shared one.
    const Tokenizer& targetSide() const { return targetTokenizer ? *targetTokenizer : *tokenizer; }
};

// Throws DataError naming the file, in plain words (never LibTorch's text), when it is missing,
// truncated, not a Lathe checkpoint, from a newer Lathe, copied from another run's folder, or its
// settings or tokenizer are corrupt or do not belong together.
CheckpointHeader readCheckpointHeader(const std::string& path);

// The run a file in a store's run folder belongs to: N of the nearest ".../run-N/" above it
// (the checkpoint, or a snapshot in run-N/snapshots/); 0 elsewhere.
std::int64_t runOfCheckpointPath(const std::string& path);

}  // namespace lathe
