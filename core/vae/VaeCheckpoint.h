#pragma once
// Internal to core (includes LibTorch): a VAE run's checkpoint (vae.pt in its folder): the
// weights, its VaeConfig and its tokenizer, so it decodes alone.
#include "vae/TextVae.h"
#include "vae/VaeRun.h"

#include <memory>
#include <string>

namespace lathe {

struct VaeCheckpoint {
    VaeConfig config;
    std::unique_ptr<Tokenizer> tokenizer;
    TextVae model{nullptr};
};

// Written atomically; the step it was written at is kept too.
void saveVaeCheckpoint(const std::string& path, const VaeConfig& config, const Tokenizer& tokenizer, TextVaeImpl& model,
                       std::int64_t step);
// Throws UserError naming the file: missing, cut short or not a VAE checkpoint.
VaeCheckpoint loadVaeCheckpoint(const std::string& path);
// vaeRunCheckpoint (VaeRun.h).
inline std::string vaeCheckpointPath(const RunStore& store, std::int64_t runId) { return vaeRunCheckpoint(store, runId); }

// [<bos>] + the text's ids cut to maxLength − 2 + [<eos>].
std::vector<std::int64_t> vaeSentence(const Tokenizer& tokenizer, const std::string& text, int maxLength);

}  // namespace lathe
