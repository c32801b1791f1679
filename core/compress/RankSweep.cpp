#include "compress/RankSweep.h"
#include "compress/Factorize.h"
#include "kernels/ClipGrad.h"
#include "kernels/Precision.h"
#include "model/ModelCost.h"
#include "data/DataError.h"
#include "data/Split.h"
#include "store/RunStore.h"
#include "train/Batches.h"
#include "train/Checkpoint.h"
#include "train/Evaluation.h"
#include "train/PairEvaluation.h"
#include "train/Training.h"
#include "util/Hash.h"
#include "util/Message.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <filesystem>
#include <numeric>
#include <limits>
#include <random>
#include <set>

namespace lathe {

namespace {
constexpr int kEvalBatch = 64;
// Weight of discarded energy that breaks ties between equal measured loss increases.
constexpr double kEnergyTieBreak = 1e-6;

// The run's training and validation sequences, drawn exactly as training drew them.
struct SweepData {
    EncodedPart train, validation;
    int numClasses = 0;
    bool bf16 = false;  // the run's matmul precision on this machine, as its training evaluated
    // Encoder–decoders: their targets' tokenizer (the checkpoint's), and how validation decodes.
    const Tokenizer* targetSide = nullptr;
    DecodeOptions decoding;
};

SweepData loadSweepData(const CheckpointContents& ck)
{
    const auto& c = ck.config;
    const bool lm = isLanguageModel(c.model.family);
    const auto ds = loadDataset(c.data.path, loadOptions(c.data, c.model.family));
    if (!lm && ds.classes != ck.classes)
        throw DataError(c.data.path, 0, LATHE_TR("Compress", "its labels are no longer the ones this run was trained on"),
                        LATHE_TR("Compress", "Restore the file the run was trained on, or train a new run on this one."));
    const auto split = splitDataset(ds, {c.data.validationFraction, c.data.testFraction, c.train.seed});
    // A sweep recovers on the examples the run trained on (--train-limit: only those).
    const auto* targetTok = ck.targetTokenizer.get();
    SweepData d{encodePart(*ck.tokenizer, ds, limitedTraining(split.train, c.data.trainLimit, c.train.seed),
                           c.model.maxLength, lm, targetTok),
                encodePart(*ck.tokenizer, ds, split.validation, c.model.maxLength, lm, targetTok),
                static_cast<int>(ck.classes.size()), checkpointPrecision(ck) == "bf16"};
    if (ds.paired()) {
        d.targetSide = &ck.targetSide();
        d.decoding.maxLength = c.model.maxLength;
        d.decoding.beamSize = c.train.beamSize;
    }
    if (d.validation.sequences.empty())
        throw DataError(c.data.path, 0, LATHE_TR("Compress", "the run's validation split is empty"),
                        LATHE_TR("Compress", "Train the run on more examples."));
    return d;
}

std::map<std::string, double> validate(SequenceModelImpl& model, const SweepData& d)
{
    kernels::MixedPrecision mixed(d.bf16);
    // An encoder–decoder: every validation source decoded and scored (exact match, error rates, BLEU).
    if (model.isSequenceToSequence()) {
        const auto r = evaluatePairs(static_cast<Seq2SeqModelImpl&>(model), *d.targetSide, d.validation, kEvalBatch,
                                     d.decoding);
        const auto metrics = r.metrics();
        return {metrics.begin(), metrics.end()};
    }
    const auto r = evaluate(model, d.validation.sequences, d.validation.labels, d.numClasses, kEvalBatch);
    if (model.isLanguageModel())
        return {{"loss", r.loss}, {"perplexity", r.perplexity}};
    return {{"loss", r.loss}, {"accuracy", r.report->accuracy}, {"macro_f1", r.report->macroF1}};
}

// A few optimizer steps on the training split to recover from the truncation.
void fineTune(SequenceModelImpl& model, const SweepData& d, const RunConfig& c, int steps, double learningRate,
              const std::atomic<bool>* cancel)
{
    if (steps <= 0 || d.train.sequences.empty())
        return;
    // Seeded, so saving a point later repeats exactly the fine-tuning the sweep measured.
    torch::manual_seed(c.train.seed);
    model.train();
    torch::optim::AdamW optimizer(model.parameters(), torch::optim::AdamWOptions(learningRate).weight_decay(0));
    std::mt19937_64 rng(c.train.seed);
    std::vector<std::size_t> order(d.train.sequences.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::shuffle(order.begin(), order.end(), rng);
    const auto batch = static_cast<std::size_t>(std::max(1, c.train.batchSize));
    std::size_t next = 0;
    for (int step = 0; step < steps && !(cancel && cancel->load()); ++step) {
        std::vector<const Sequence*> seqs, targets;
        std::vector<std::int64_t> labels;
        for (std::size_t k = 0; k < batch; ++k, ++next) {
            if (next == order.size()) {
                std::shuffle(order.begin(), order.end(), rng);
                next = 0;
            }
            seqs.push_back(&d.train.sequences[order[next]]);
            if (!d.train.labels.empty())
                labels.push_back(d.train.labels[order[next]]);
            if (!d.train.targets.empty())
                targets.push_back(&d.train.targets[order[next]]);
        }
        // A masked LM draws new masks each step; an encoder–decoder's "labels" are its padded targets.
        const auto y = !targets.empty() ? padBatch(targets) : labels.empty() ? torch::Tensor() : torch::tensor(labels);
        auto loss = batchLoss(model, padBatch(seqs), y, nullptr,
                              c.train.seed * 1000003ULL + static_cast<std::uint64_t>(step));
        optimizer.zero_grad();
        loss.backward();
        if (c.train.clipNorm > 0)
            kernels::clipGradNorm(model.parameters(), c.train.clipNorm);
        optimizer.step();
    }
    model.eval();
}

// What a sweep evaluates: the rank map and how it was asked for.
struct Plan {
    RankMap ranks;
    std::string mode;
    int rank = 0;
    double budget = 0;
    std::string layer;
    std::int64_t budgetParams = 0;  // measured mode: ranks are allocated once losses are known
    double energy = 0;
};

std::vector<Plan> plan(const SweepSettings& s, const std::vector<LayerSpectrum>& spectra)
{
    const int given = !s.ranks.empty() + !s.budgets.empty() + !s.energies.empty();
    if (given != 1)
        throw UserError(LATHE_TR("Compress", "give one of ranks, budgets or retained-energy fractions"));
    for (int r : s.ranks)
        if (r <= 0)
            throw UserError(Message(LATHE_TR("Compress", "rank %1 must be positive"), r));
    for (double b : s.budgets)
        if (!(b > 0 && b <= 1))
            throw UserError(Message(LATHE_TR("Compress", "budget %1 must be a fraction in (0, 1]"), b));
    for (double e : s.energies)
        if (!(e > 0 && e <= 1))
            throw UserError(Message(LATHE_TR("Compress", "retained energy %1 must be a fraction in (0, 1]"), e));
    const auto dense = denseWeightParameters(spectra);
    const auto share = [dense](std::int64_t params) { return static_cast<double>(params) / static_cast<double>(dense); };
    // The weight budgets global and measured modes fill: uniform's at each rank (so the curves
    // share x values), the energy thresholds', or the fractions given.
    std::vector<std::int64_t> budgets;
    for (int r : s.ranks)
        budgets.push_back(weightParameters(spectra, uniformRanks(spectra, r)));
    for (double e : s.energies)
        budgets.push_back(weightParameters(spectra, energyRanks(spectra, e)));
    for (double b : s.budgets)
        budgets.push_back(static_cast<std::int64_t>(b * static_cast<double>(dense)));
    std::vector<Plan> out;
    switch (s.mode) {
    case SweepMode::Layer:
        if (s.ranks.empty())
            throw UserError(LATHE_TR("Compress", "layer mode takes ranks, not budgets or energies"));
        for (const auto& l : spectra)
            for (int r : s.ranks)
                if (l.saves(r))
                    out.push_back({singleLayerRank(spectra, l.name, r), "layer", r, 0, l.name});
        break;
    case SweepMode::Uniform:
        for (int r : s.ranks)
            out.push_back({uniformRanks(spectra, r), "uniform", r, 0, {}});
        for (double e : s.energies) {
            Plan p{energyRanks(spectra, e), "energy", 0, 0, {}};
            p.energy = e;
            out.push_back(p);
        }
        for (double b : s.budgets) {
            const int r = uniformRankWithin(spectra, static_cast<std::int64_t>(b * static_cast<double>(dense)));
            if (r == 0)
                throw UserError(Message(LATHE_TR("Compress", "budget %1 is below rank 1 in every layer"), b));
            out.push_back({uniformRanks(spectra, r), "uniform", r, b, {}});
        }
        break;
    case SweepMode::Global:
        for (auto budget : budgets)
            out.push_back({allocateRanks(spectra, budget), "global", 0, share(budget), {}});
        break;
    case SweepMode::Measured:
        // The ranks follow from the measured losses.
        for (auto budget : budgets)
            out.push_back({{}, "measured", 0, share(budget), {}, budget});
        break;
    }
    return out;
}

// Measured mode's probes: each layer alone at 1, 2, 4, ... and at the requested ranks.
std::vector<Plan> sensitivityProbes(const SweepSettings& s, const std::vector<LayerSpectrum>& spectra)
{
    std::vector<Plan> out;
    for (const auto& l : spectra) {
        std::set<int> ranks(s.ranks.begin(), s.ranks.end());
        for (int r = 1; r < l.fullRank(); r *= 2)
            ranks.insert(r);
        for (int r : ranks)
            if (l.saves(r))
                out.push_back({singleLayerRank(spectra, l.name, r), "layer", r, 0, l.name});
    }
    return out;
}

SweepPoint describe(const Plan& p, const std::vector<LayerFactors>& factors, SequenceModelImpl& model,
                    const ModelConfig& config)
{
    SweepPoint point;
    point.mode = p.mode;
    point.rank = p.rank;
    point.budget = p.budget;
    point.layer = p.layer;
    point.energy = p.energy;
    point.params = parameterCount(model);
    point.flopsPerToken = flopsPerToken(model, config);
    std::vector<LayerSpectrum> spectra;
    for (const auto& f : factors) {
        const auto it = p.ranks.find(f.spectrum.name);
        const int rank = it == p.ranks.end() ? 0 : it->second;
        point.layers.push_back({f.spectrum.name, rank, f.spectrum.relativeError(rank)});
        spectra.push_back(f.spectrum);
    }
    point.weightParams = weightParameters(spectra, p.ranks);
    point.weightFraction = static_cast<double>(point.weightParams) / static_cast<double>(denseWeightParameters(spectra));
    return point;
}

double fineTuneRate(const SweepSettings& s, const RunConfig& c)
{
    return s.finetuneLearningRate > 0 ? s.finetuneLearningRate : c.train.learningRate / 10;
}

std::string pointName(const RunRecord& parent, const SweepPoint& p)
{
    const auto base = parent.name.empty() ? fmt::format("run {}", parent.id) : parent.name;
    if (p.mode == "layer")
        return fmt::format("{} · {} rank {}", base, p.layer, p.rank);
    if (p.mode == "uniform")
        return fmt::format("{} · rank {}", base, p.rank);
    if (p.mode == "energy")
        return fmt::format("{} · {:.0f}% energy", base, 100 * p.energy);
    return fmt::format("{} · {} {:.0f}% budget", base, p.mode, 100 * p.budget);
}

// Writes `model` as a new completed run, child of `parent`, and links the point to it.
std::int64_t saveAsRun(RunStore& store, const RunRecord& parent, const CheckpointContents& ck, const RunConfig& config,
                       SequenceModelImpl& model, const SweepPoint& point, int finetuneSteps)
{
    RunRecord r;
    r.name = pointName(parent, point);
    r.kind = parent.kind;
    r.model = parent.model;
    r.configJson = config.toJson();
    r.dataset = parent.dataset;
    r.datasetFingerprint = parent.datasetFingerprint;
    r.parameters = point.params;
    r.parentId = parent.id;
    r.tags = "svd";
    r.notes = fmt::format("Truncated SVD of run {} ({} Linear weights kept, {} fine-tuning steps).", parent.id,
                          fmt::format("{:.1f}%", 100 * point.weightFraction), finetuneSteps);
    r.steps = parent.steps + finetuneSteps;
    r.pid = 0;
    const auto id = store.createRun(r);
    const auto path = store.checkpointPath(id);
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    saveCheckpoint(path, config, *ck.tokenizer, ck.classes, r.steps, model, nullptr, checkpointPrecision(ck),
                   ck.targetTokenizer.get());
    store.addArtifact({0, id, "checkpoint", path, hashFile(path), static_cast<std::int64_t>(std::filesystem::file_size(path)),
                       r.steps});
    std::vector<MetricPoint> metrics;
    nlohmann::json summary;
    for (const auto& [key, value] : point.val) {
        metrics.push_back({"val/" + key, r.steps, nowSeconds(), value});
        summary["val/" + key] = value;
    }
    summary["flops_per_token"] = point.flopsPerToken;
    metrics.push_back({"model/flops_per_token", r.steps, nowSeconds(), static_cast<double>(point.flopsPerToken)});
    store.appendMetrics(id, std::move(metrics));
    store.finishRun(id, RunStatus::Completed, {}, summary.dump(), r.steps);
    if (point.id > 0)
        store.setPointSavedRun(point.id, id);
    return id;
}

CheckpointContents openRun(RunStore& store, std::int64_t runId, RunRecord& record)
{
    const auto run = store.run(runId);
    if (!run)
        throw UserError(Message(LATHE_TR("Compress", "there is no run %1 in %2"), runId, store.path()));
    record = *run;
    auto ck = loadCheckpoint(store.checkpointPath(runId));
    ck.archive.reset();
    ck.model->eval();
    return ck;
}
}  // namespace

SweepOutcome runRankSweep(RunStore& store, std::int64_t runId, const SweepSettings& settings, SweepListener* listener,
                          const std::atomic<bool>* cancel)
{
    const auto start = std::chrono::steady_clock::now();
    setComputeThreads(settings.threads);
    RunRecord parent;
    auto ck = openRun(store, runId, parent);
    const auto factors = decompose(*ck.model);
    SweepOutcome outcome;
    for (const auto& f : factors)
        outcome.spectra.push_back(f.spectrum);
    const auto plans = plan(settings, outcome.spectra);
    const auto data = loadSweepData(ck);

    outcome.sweepId = store.createSweep({0, runId, "svd", settings.toJson(), "[]", "{}", "running", 0, 0});
    auto referenceConfig = ck.config;
    auto reference = factorizedCopy(*ck.model, referenceConfig, factors, {});
    outcome.reference = describe({{}, "reference", 0, 0, {}}, factors, *reference, referenceConfig.model);
    outcome.reference.val = validate(*reference, data);
    store.setSweepSpectra(outcome.sweepId, spectraToJson(outcome.spectra), outcome.reference.toJson());
    if (listener)
        listener->onSpectra(outcome.spectra, outcome.reference);

    SequenceModel best;
    RunConfig bestConfig;
    std::size_t bestIndex = 0;
    const bool measured = settings.mode == SweepMode::Measured;
    const auto probes = measured ? sensitivityProbes(settings, outcome.spectra) : std::vector<Plan>();
    const int total = static_cast<int>(probes.size() + plans.size());
    // Evaluates one plan and records it; returns false once cancelled.
    const auto evaluatePlan = [&](const Plan& p, bool finetune) {
        if (cancel && cancel->load()) {
            outcome.cancelled = true;
            return false;
        }
        auto config = ck.config;
        auto model = factorizedCopy(*ck.model, config, factors, p.ranks);
        auto point = describe(p, factors, *model, config.model);
        point.val = validate(*model, data);
        if (finetune && settings.finetuneSteps > 0) {
            point.valBefore = point.val;
            fineTune(*model, data, config, settings.finetuneSteps, fineTuneRate(settings, config), cancel);
            point.val = validate(*model, data);
        }
        point.id = store.addSweepPoint(outcome.sweepId, point.toJson());
        // Probes are measurements, not candidates to keep.
        if (p.mode != "layer" || !measured)
            if (!best || point.val.at("loss") < outcome.points[bestIndex].val.at("loss")) {
                best = model;
                bestConfig = config;
                bestIndex = outcome.points.size();
            }
        outcome.points.push_back(point);
        if (listener)
            listener->onPoint(point, static_cast<int>(outcome.points.size()), total);
        return true;
    };
    LossIncrease increase;
    for (const auto& p : probes) {
        if (!evaluatePlan(p, false))
            break;
        increase[p.layer][p.rank] = outcome.points.back().val.at("loss") - outcome.reference.val.at("loss");
    }
    // Validation noise makes some probes look better than the dense layer, or a higher rank
    // worse than a lower one. Read them as: no increase below zero, never worse than a lower
    // rank, and among equal increases the rank keeping more singular-value energy.
    for (const auto& l : outcome.spectra) {
        double lowest = std::numeric_limits<double>::infinity();
        for (auto& [rank, delta] : increase[l.name]) {
            lowest = std::min(lowest, std::max(0.0, delta));
            delta = lowest + kEnergyTieBreak * (1.0 - l.energy(rank));
        }
    }
    for (auto p : plans) {
        if (outcome.cancelled)
            break;
        if (measured)
            p.ranks = allocateByMeasuredLoss(outcome.spectra, increase, p.budgetParams);
        if (!evaluatePlan(p, true))
            break;
    }
    if (settings.saveBest && best && !outcome.cancelled) {
        auto& point = outcome.points[bestIndex];
        point.savedRunId = saveAsRun(store, parent, ck, bestConfig, *best, point, settings.finetuneSteps);
    }
    outcome.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    store.finishSweep(outcome.sweepId, outcome.cancelled ? "cancelled" : "completed", outcome.seconds);
    return outcome;
}

std::int64_t savePointAsRun(RunStore& store, std::int64_t pointId)
{
    const auto record = store.sweepPoint(pointId);
    if (!record)
        throw UserError(Message(LATHE_TR("Compress", "there is no sweep point %1 in %2"), pointId, store.path()));
    if (record->savedRunId > 0 && store.run(record->savedRunId))
        return record->savedRunId;
    const auto sweep = store.sweep(record->sweepId);
    if (!sweep)
        throw UserError(Message(LATHE_TR("Compress", "the sweep of point %1 is gone from %2"), pointId, store.path()));
    auto point = SweepPoint::fromJson(record->pointJson);
    point.id = record->id;
    const auto settingsJson = nlohmann::json::parse(sweep->settingsJson);
    SweepSettings settings;
    settings.finetuneSteps = settingsJson.value("finetune_steps", 0);
    settings.finetuneLearningRate = settingsJson.value("finetune_lr", 0.0);

    RunRecord parent;
    auto ck = openRun(store, sweep->runId, parent);
    const auto factors = decompose(*ck.model);
    auto config = ck.config;
    auto model = factorizedCopy(*ck.model, config, factors, point.ranks());
    if (settings.finetuneSteps > 0) {
        const auto data = loadSweepData(ck);
        fineTune(*model, data, config, settings.finetuneSteps, fineTuneRate(settings, config), nullptr);
    }
    return saveAsRun(store, parent, ck, config, *model, point, settings.finetuneSteps);
}

}  // namespace lathe
