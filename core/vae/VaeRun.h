#pragma once
// A sentence VAE (Bowman et al. 2016, "Generating Sentences from a Continuous Space") kept as a
// run: an LSTM encoder maps a sentence to a diagonal Gaussian q(z|x) = N(μ, σ²), z = μ + σ·ε (the
// reparameterization trick), and an LSTM decoder that starts from z and reads it at every step
// regenerates the sentence. Loss = reconstruction + β·KL(q(z|x) ‖ N(0, I)) with β annealed
// (linear or cyclical), word dropout on the decoder's input and optional free bits, so the
// decoder cannot ignore z (posterior collapse). Torch-free: the CLI and the workbench include it.
#include "inspect/ModelInspector.h"
#include "store/RunStore.h"
#include "tokenize/Tokenizer.h"
#include "train/Training.h"
#include "util/Message.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lathe {

struct VaeConfig {
    int embedding = 128;   // word embedding size
    int hidden = 256;      // LSTM state size (encoder and decoder)
    int latent = 32;       // dimensions of z
    int maxLength = 48;    // tokens per sentence, <bos> and <eos> included; longer ones are cut
    std::string klAnneal = "linear";  // linear | cyclical | none (β = 1 from the start)
    int annealSteps = 0;   // linear: steps for β to reach 1 (0: a third of the run); cyclical: unused
    int cycles = 4;        // cyclical (Fu et al. 2019): β rises over each cycle's first half, then stays 1
    double wordDropout = 0.3;  // share of the decoder's input words replaced by <unk> while training
    double freeBits = 0;       // nats per latent dimension below which its KL is not pushed down (0: off)
    int iwaeSamples = 50;      // importance samples of the final NLL bound (Burda et al. 2016)
    TokenizerOptions tokenizer;
    std::int64_t steps = 2000;
    int batchSize = 32;
    double learningRate = 1e-3;
    double clipNorm = 5.0;
    int evalEvery = 200;
    double validationFraction = 0.1;
    std::uint64_t seed = 1;
    int threads = 0;  // 0: every core

    std::string toJson() const;
    static VaeConfig fromJson(const std::string& json);  // defaults for absent keys
    std::vector<Message> problems() const;
};

// β at `step` (1-based) of `totalSteps`: linear ramps 0 → 1 over annealSteps (a third of the
// run when 0), cyclical repeats a ramp over the first half of each of `cycles` cycles, none is 1.
double klWeight(const VaeConfig& config, std::int64_t step, std::int64_t totalSteps);

struct VaeRunRequest {
    VaeConfig config;
    std::string dataPath;
    std::string format = "auto";
    std::string textColumn = "text";
    std::string labelColumn = "label";  // kept when present (the Projector colours by it); not required
    bool replaceInvalidUtf8 = false;
    std::string name, tags;
    RunStore* store = nullptr;
    TrainingListener* listener = nullptr;  // started, metrics, progress, a collapse warning (onMessage)
    TrainingControl* control = nullptr;    // pause, resume, stop
};

// The validation split's numbers (per sentence, in nats).
struct VaeScores {
    double reconstruction = 0;  // E_q[−log p(x|z)]
    double kl = 0;              // KL(q(z|x) ‖ p(z))
    double elbo = 0;            // −(reconstruction + kl): a lower bound of log p(x)
    int activeUnits = 0;        // latent dimensions whose posterior mean varies across sentences (Cov > 0.01)
    double iwaeNll = 0;         // −log p(x) bounded with iwaeSamples importance samples (0: not computed)
    double perplexity = 0;      // exp(iwaeNll summed / words and <eos> predicted)
};

struct VaeRunOutcome {
    std::int64_t runId = 0;
    RunStatus status = RunStatus::Completed;
    std::int64_t steps = 0;
    std::int64_t parameters = 0;
    double seconds = 0;
    double tokensPerSecond = 0;
    VaeScores validation;
    Message warning;  // posterior collapse, when it happened
};

// Throws DataError/UserError for bad data or settings before any run is recorded.
VaeRunOutcome trainVaeRun(const VaeRunRequest& request);

// The checkpoint of run `runId` (written at each evaluation); throws UserError when it is no VAE
// run or has none yet.
std::string vaeRunCheckpoint(const RunStore& store, std::int64_t runId);

// From a VAE checkpoint (the workbench resolves the run's on its thread, then decodes off it);
// throws UserError naming the file when it is missing or damaged.
std::vector<std::string> vaeSample(const std::string& checkpoint, int count, std::uint64_t seed);
std::string vaeReconstruct(const std::string& checkpoint, const std::string& text);
std::vector<std::string> vaeInterpolate(const std::string& checkpoint, const std::string& from, const std::string& to,
                                        int steps);

// The posterior means of the validation sentences of the run whose configuration is
// `runConfigJson` (its data read and split again as it was), at most `maxSentences`: rows are the
// sentences (labels their texts, classes their label index, or −1 without labels).
struct VaeLatents {
    EmbeddingTable table;
    std::vector<std::string> classNames;
};
VaeLatents vaeLatentMeans(const std::string& checkpoint, const std::string& runConfigJson, int maxSentences = 20'000);

// The same from a run's checkpoint; throws UserError naming the run or file.
// Sentences decoded greedily from z ~ N(0, I).
std::vector<std::string> vaeSample(const RunStore& store, std::int64_t runId, int count, std::uint64_t seed);
// The sentence decoded from the posterior mean of `text`.
std::string vaeReconstruct(const RunStore& store, std::int64_t runId, const std::string& text);
// Sentences decoded along the straight line between the posterior means of `from` and `to`,
// `steps` points including both ends.
std::vector<std::string> vaeInterpolate(const RunStore& store, std::int64_t runId, const std::string& from,
                                        const std::string& to, int steps);

}  // namespace lathe
