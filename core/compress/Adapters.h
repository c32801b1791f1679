#pragma once
// Internal to core (includes LibTorch): fine-tuning a trained model, fully or through LoRA
// adapters on a frozen base, and merging the adapters back into plain weights.
#include "model/Models.h"
#include "train/RunConfig.h"

namespace lathe {

// Copies every parameter (and buffer) of `from` into the same-named, same-shaped one of `to`;
// returns how many parameters were copied.
int copyMatchingParameters(SequenceModelImpl& from, SequenceModelImpl& to);

// Leaves only the LoRA adapters trainable; returns the parameters that still train.
std::int64_t freezeAllButAdapters(torch::nn::Module& model);
std::int64_t trainableParameterCount(torch::nn::Module& model);

// The same model without adapters: each adapted layer holds W + (alpha / r)·B·A as a dense
// weight. `config` becomes the plain model's configuration.
SequenceModel mergedCopy(SequenceModelImpl& model, RunConfig& config);

}  // namespace lathe
