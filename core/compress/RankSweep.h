#pragma once
// Rank sweeps over a trained run: replace Linear layers by their truncated SVD (one layer at a
// time, all at one rank, or ranks allocated under a parameter budget), evaluate each on the
// run's validation split, optionally fine-tune a few steps, and record every point in the
// store linked to the run. Torch-free: the GUI's sweep task and lathe-cli use it.
#include "compress/LowRank.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lathe {

class RunStore;

// Measured: global allocation by measured loss — every layer is first probed alone at
// 1, 2, 4, ... (recorded as layer points), then ranks are chosen per budget to minimize the
// summed loss increase (see allocateByMeasuredLoss).
enum class SweepMode { Layer, Uniform, Global, Measured };
std::string toString(SweepMode mode);
SweepMode sweepModeFromString(const std::string& text);  // throws std::invalid_argument

struct SweepSettings {
    SweepMode mode = SweepMode::Uniform;
    // Either ranks, or budgets (fractions of the dense Linear weights' parameters). Global
    // mode given ranks allocates the budget of uniform at each rank (equal parameter counts);
    // uniform mode given budgets takes the largest rank that fits each.
    std::vector<int> ranks;
    std::vector<double> budgets;
    // Or retained-energy fractions: each layer at the smallest rank keeping that share of its
    // Σσ² (uniform mode); global and measured modes then use the parameters those spend.
    std::vector<double> energies;
    int finetuneSteps = 0;
    double finetuneLearningRate = 0;  // 0: a tenth of the run's learning rate
    bool saveBest = false;            // save the best point (validation loss) as a new run
    int threads = 0;

    std::string toJson() const;
};

struct SweepLayer {
    std::string name;
    int rank = 0;  // 0: dense
    double relativeError = 0;
};

struct SweepPoint {
    std::string mode;   // layer | uniform | energy | global | measured | reference (the unfactorized model)
    int rank = 0;       // layer and uniform modes
    double budget = 0;  // requested fraction (global, or uniform fitted to budgets)
    double energy = 0;  // retained-energy fraction (energy points)
    std::string layer;  // layer mode
    std::int64_t params = 0;         // of the whole model
    std::int64_t weightParams = 0;   // of its Linear weights
    double weightFraction = 1;       // weightParams / the dense Linear weights
    std::int64_t flopsPerToken = 0;
    std::map<std::string, double> val;        // loss, accuracy, macro_f1 | loss, perplexity
    std::map<std::string, double> valBefore;  // before fine-tuning; empty without
    std::vector<SweepLayer> layers;
    std::int64_t id = 0;          // its row in the store
    std::int64_t savedRunId = 0;  // the run it was saved as

    RankMap ranks() const;
    // The object `lathe-cli compress svd-sweep --json` prints for a point.
    std::string toJson() const;
    static SweepPoint fromJson(const std::string& json);  // throws std::runtime_error
};

std::string spectraToJson(const std::vector<LayerSpectrum>& spectra);
std::vector<LayerSpectrum> spectraFromJson(const std::string& json);

struct SweepOutcome {
    std::int64_t sweepId = 0;
    std::vector<LayerSpectrum> spectra;
    SweepPoint reference;
    std::vector<SweepPoint> points;
    bool cancelled = false;
    double seconds = 0;
};

// Called on the sweep's thread; keep handlers cheap.
class SweepListener {
public:
    virtual ~SweepListener() = default;
    virtual void onSpectra(const std::vector<LayerSpectrum>& /*spectra*/, const SweepPoint& /*reference*/) {}
    virtual void onPoint(const SweepPoint& /*point*/, int /*done*/, int /*total*/) {}
};

// Sweeps run `runId`'s latest checkpoint. Throws DataError (checkpoint or dataset unusable)
// or std::invalid_argument (settings). `cancel` is polled between points and fine-tuning steps.
SweepOutcome runRankSweep(RunStore& store, std::int64_t runId, const SweepSettings& settings,
                          SweepListener* listener = nullptr, const std::atomic<bool>* cancel = nullptr);

// Rebuilds sweep point `pointId` (fine-tuned as its sweep did) and saves it as a new
// completed run, child of the swept run, with its checkpoint; returns the new run's id.
// A point already saved returns the run it was saved as.
std::int64_t savePointAsRun(RunStore& store, std::int64_t pointId);

}  // namespace lathe
