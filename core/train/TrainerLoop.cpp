#include "kernels/ClipGrad.h"
#include "kernels/Cpu.h"
#include "kernels/Kernels.h"
#include "kernels/Precision.h"
#include "kernels/Threads.h"
#include "model/ModelCost.h"
#include "store/RunStore.h"
#include "train/Distillation.h"
#include "train/PairEvaluation.h"
#include "train/Snapshots.h"
#include "train/Trainer.h"
#include "util/FaultPoint.h"
#include "util/Hash.h"
#include "util/PeakMemory.h"
#include "util/Message.h"

#include <torch/csrc/autograd/profiler_legacy.h>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <optional>
#include <random>

namespace lathe {

namespace {
using Clock = std::chrono::steady_clock;
// Metrics reach the store and the listener at most this often (the GUI redraws at ~20 Hz).
constexpr auto kFlushInterval = std::chrono::milliseconds(250);
// Throughput is logged every this many steps.
constexpr std::int64_t kThroughputEvery = 10;
}  // namespace

std::vector<const Sequence*> Trainer::batchAt(std::int64_t step, torch::Tensor& labels)
{
    if (m_stream && step >= m_initialSteps) {
        std::vector<std::int64_t> y;
        m_streamBatch = m_stream->batch(step, m_config.train.batchSize, y);
        std::vector<const Sequence*> batch;
        for (const auto& s : m_streamBatch)
            batch.push_back(&s);
        if (!m_languageModel)
            labels = torch::tensor(y);
        return batch;
    }
    const auto epoch = step / m_stepsPerEpoch;
    if (epoch != m_orderEpoch) {
        m_order.resize(m_train->sequences.size());
        for (std::size_t i = 0; i < m_order.size(); ++i)
            m_order[i] = i;
        std::mt19937_64 rng(m_config.train.seed * 1000003ULL + static_cast<std::uint64_t>(epoch));
        std::shuffle(m_order.begin(), m_order.end(), rng);
        m_orderEpoch = epoch;
    }
    const auto bs = static_cast<std::size_t>(m_config.train.batchSize);
    const auto start = static_cast<std::size_t>(step % m_stepsPerEpoch) * bs;
    const auto end = std::min(m_order.size(), start + bs);
    std::vector<const Sequence*> batch, targets;
    std::vector<std::int64_t> y;
    for (auto i = start; i < end; ++i) {
        batch.push_back(&m_train->sequences[m_order[i]]);
        if (m_pairs)
            targets.push_back(&m_train->targets[m_order[i]]);
        else if (!m_languageModel)
            y.push_back(m_train->labels[m_order[i]]);
    }
    if (m_pairs)
        labels = padBatch(targets);
    else if (!m_languageModel)
        labels = torch::tensor(y);
    return batch;
}

void Trainer::log(const std::string& key, std::int64_t step, double value)
{
    m_pending.push_back({key, step, nowSeconds(), value});
}

void Trainer::flushMetrics(bool force)
{
    if (m_pending.empty() || (!force && Clock::now() - m_lastFlush < kFlushInterval))
        return;
    if (m_request.listener)
        m_request.listener->onMetrics(m_pending);
    m_request.store->appendMetrics(m_runId, std::move(m_pending));
    m_pending.clear();
    m_lastFlush = Clock::now();
    // Nobody waits for metric writes: a failed one (disk full) surfaces here, one flush later.
    if (auto failure = m_request.store->takeWriteFailure(); !failure.empty())
        throw StoreError(Message(LATHE_TR("Training", "the experiment database could not be written (%1)"),
                                 std::move(failure)));
}

Message Trainer::keptCheckpoint() const
{
    return m_checkpointStep >= 0
               ? Message(LATHE_TR("Training", "The checkpoint of step %1 is kept: free space, then resume run %2 "
                                              "(Resume in the Runs panel, or lathe-cli train --resume %2)"),
                         m_checkpointStep, m_runId)
               : Message(LATHE_TR("Training", "No checkpoint was written yet: free space, then train the run again"));
}

void Trainer::saveCheckpointAt(std::int64_t step)
{
    // Every metric up to `step` is committed before a checkpoint of `step` exists: a run killed
    // after it is resumed from it, and only what came later is dropped (tst_faults found the
    // queued rows of the last interval lost when the kill came before their commit).
    flushMetrics(true);
    m_request.store->flush();
    try {
        saveCheckpoint(m_checkpointPath, m_config, *m_tokenizer, m_classes, step, *m_model, m_optimizer.get(),
                       m_precision, m_targetTokenizer.get(), m_stream ? m_stream->stateJson() : std::string());
    } catch (const std::exception& e) {
        // Written to a temporary file and renamed: the one before is still whole.
        std::string what = e.what();
        throw Failure(Message(LATHE_TR("Training", "could not write the checkpoint (%1). Is the disk full? %2"),
                                what.substr(0, what.find('\n')), keptCheckpoint()));
    }
    m_checkpointStep = step;
    m_request.store->addArtifact({0, m_runId, "checkpoint", m_checkpointPath, hashFile(m_checkpointPath),
                                  static_cast<std::int64_t>(std::filesystem::file_size(m_checkpointPath)), step});
}

void Trainer::keepSnapshot(std::int64_t step)
{
    auto* store = m_request.store;
    const auto path = store->snapshotPath(m_runId, step);
    saveCheckpoint(path, m_config, *m_tokenizer, m_classes, step, *m_model, nullptr, m_precision, m_targetTokenizer.get());
    store->addArtifact({0, m_runId, "snapshot", path, hashFile(path),
                        static_cast<std::int64_t>(std::filesystem::file_size(path)), step});
    std::vector<std::int64_t> steps;
    std::map<std::int64_t, std::string> paths;
    for (const auto& a : store->artifacts(m_runId))
        if (a.kind == "snapshot") {
            steps.push_back(a.step);
            paths[a.step] = a.path;
        }
    for (auto drop : snapshotsToDrop(steps)) {
        std::error_code ec;
        std::filesystem::remove(paths[drop], ec);
        store->removeArtifact(m_runId, paths[drop]);
    }
}

bool Trainer::evaluateAndCheckpoint(std::int64_t step)
{
    const auto numClasses = static_cast<int>(m_classes.size());
    const auto evalStart = Clock::now();
    kernels::MixedPrecision mixed(m_precision == "bf16");
    if (m_pairs)
        return evaluatePairsAndCheckpoint(step, evalStart);
    const auto r = evaluate(*m_model, m_validation->sequences, m_validation->labels, numClasses, m_config.train.batchSize);
    m_evalSeconds += std::chrono::duration<double>(Clock::now() - evalStart).count();
    m_evalTokens += r.tokens;
    m_lastValidation = {{"loss", r.loss}};
    log("val/loss", step, r.loss);
    if (m_languageModel) {
        m_lastValidation["perplexity"] = r.perplexity;
        log("val/perplexity", step, r.perplexity);
    } else {
        m_lastValidation["accuracy"] = r.report->accuracy;
        m_lastValidation["macro_f1"] = r.report->macroF1;
        log("val/accuracy", step, r.report->accuracy);
        log("val/macro_f1", step, r.report->macroF1);
        m_request.store->addEvaluation({m_runId, step, "validation", r.report->toJson(m_classes), 0});
    }
    if (m_stream)
        evaluateStream(step);
    return checkpointAndWatch(step);
}

bool Trainer::evaluatePairsAndCheckpoint(std::int64_t step, std::chrono::steady_clock::time_point evalStart)
{
    DecodeOptions decoding;
    decoding.maxLength = m_config.model.maxLength;
    decoding.beamSize = m_config.train.beamSize;
    const auto r = evaluatePairs(static_cast<Seq2SeqModelImpl&>(*m_model),
                                 m_targetTokenizer ? *m_targetTokenizer : *m_tokenizer, *m_validation,
                                 m_config.train.batchSize, decoding);
    m_evalSeconds += std::chrono::duration<double>(Clock::now() - evalStart).count();
    m_evalTokens += r.tokens;
    m_lastValidation.clear();
    for (const auto& [key, value] : r.metrics()) {
        m_lastValidation[key] = value;
        log("val/" + key, step, value);
    }
    m_lastSignatures = {r.scores.bleu.signature, r.scores.chrf.signature};
    return checkpointAndWatch(step);
}

bool Trainer::checkpointAndWatch(std::int64_t step)
{
    flushMetrics(true);
    saveCheckpointAt(step);
    keepSnapshot(step);
    m_request.store->heartbeat(m_runId, step);

    const auto& metric = m_config.train.earlyStopMetric;
    const std::string key = metric.substr(metric.find('/') + 1);
    if (m_config.train.patience <= 0 || !m_lastValidation.count(key))
        return false;
    const bool lower = lowerIsBetter(key);
    const double v = m_lastValidation[key];
    if (!m_haveBest || (lower ? v < m_best : v > m_best)) {
        m_best = v;
        m_haveBest = true;
        m_evalsWithoutImprovement = 0;
        return false;
    }
    return ++m_evalsWithoutImprovement >= m_config.train.patience;
}

TrainOutcome Trainer::stopEarly(std::int64_t step)
{
    return finish(RunStatus::Completed,
                  Message(LATHE_TR("Training", "stopped early at step %1: %2 did not improve for %3 evaluations"), step,
                          m_config.train.earlyStopMetric, m_config.train.patience),
                  step);
}

TrainOutcome Trainer::finish(RunStatus status, Message message, std::int64_t steps)
{
    flushMetrics(true);
    TrainOutcome o;
    o.status = status;
    o.runId = m_runId;
    o.steps = steps;
    o.parameters = m_parameters;
    o.tokensPerSecond = m_trainSeconds > 0 ? static_cast<double>(m_trainTokens) / m_trainSeconds : 0.0;
    o.seconds = std::chrono::duration<double>(Clock::now() - m_started).count();
    o.validation = m_lastValidation;
    o.message = std::move(message);
    o.checkpoint = m_checkpointPath;
    o.embeddingsCovered = m_embeddingCoverage.covered;
    o.embeddingsVocabulary = m_embeddingCoverage.vocabulary;
    nlohmann::json summary;
    for (const auto& [k, v] : m_lastValidation)
        summary["val/" + k] = v;
    summary["tokens_per_s"] = o.tokensPerSecond;
    summary["precision"] = m_precision;
    summary["isa"] = kernels::isaName(kernels::activeIsa());
    // The count most steps ran with (under --threads 0 it was chosen by timing steps).
    int threads = m_threads;
    std::int64_t most = 0;
    for (const auto& [n, steps] : m_stepsAtThreads)
        if (steps > most)
            most = steps, threads = n;
    summary["threads"] = threads;
    if (m_tuner)
        summary["threads_chosen_by_timing"] = true;
    summary["cpu"] = kernels::cpuModelName();
    summary["flops_per_token"] = m_flopsPerToken;
    if (m_trainable != m_parameters)
        summary["trainable_parameters"] = m_trainable;
    if (m_evalSeconds > 0)
        summary["eval_tokens_per_s"] = static_cast<double>(m_evalTokens) / m_evalSeconds;
    if (m_stepTimes.steps > 0)
        summary["step_ms"] = m_stepTimes.toJson();
    if (m_peakTrainBytes > 0)
        summary["peak_train_bytes"] = m_peakTrainBytes;
    if (!m_lastSignatures.first.empty())
        summary["signatures"] = {{"bleu", m_lastSignatures.first}, {"chrf", m_lastSignatures.second}};
    if (m_stream) {
        auto stream = nlohmann::json::parse(m_stream->summaryJson());
        for (const auto& [k, v] : m_lastStream)
            stream[k] = v;
        summary["stream"] = stream;
    }
    if (m_embeddingCoverage.vocabulary > 0)
        summary["embedding_coverage"] = {{"covered", m_embeddingCoverage.covered},
                                         {"vocabulary", m_embeddingCoverage.vocabulary}};
    m_request.store->finishRun(m_runId, status, o.message, summary.dump(), steps);
    if (m_request.listener && !o.message.empty())
        m_request.listener->onMessage(o.message.english());
    m_lock.reset();
    return o;
}

TrainOutcome Trainer::run()
{
    m_started = m_lastFlush = Clock::now();
    auto* listener = m_request.listener;
    auto* control = m_request.control;
    if (listener)
        listener->onStarted(m_runId, reportedTotalSteps(), m_parameters);
    if (m_stream)
        for (const auto& arrival : m_stream->begin(m_tokenizer, m_classes, *m_train, m_startStep))
            reportArrival(arrival);
    m_model->train();
    std::int64_t step = m_startStep;
    std::int64_t lastEvaluated = -1;
    m_flopsPerToken = flopsPerToken(*m_model, m_config.model);
    log("model/flops_per_token", step, static_cast<double>(m_flopsPerToken));
    std::optional<PeakMemoryProbe> probe;
    // LATHE_PROFILE=trace.json records a Chrome trace of every op in steps 5-9 (after warm-up):
    // where the engine's time goes, op by op, for whoever tunes it.
    const char* profilePath = std::getenv("LATHE_PROFILE");
    std::optional<torch::autograd::profiler::RecordProfile> profile;
    try {
        while (step < m_totalSteps) {
            if (control && !control->waitWhilePaused()) {
                saveCheckpointAt(step);
                return finish(RunStatus::Stopped, Message(LATHE_TR("Training", "stopped by the user at step %1"), step), step);
            }
            if (m_stream) {
                pollStream(step);
                if (step >= m_initialSteps && !m_stream->ready()) {
                    if (auto end = waitForData(step, lastEvaluated))
                        return std::move(*end);
                    continue;
                }
                m_waitAnnounced = false;
            }
            // The first step allocates gradients and optimizer state too: its peak is the one to report.
            if (step == m_startStep)
                probe.emplace();
            if (profilePath && step == m_startStep + 5)
                profile.emplace(std::string(profilePath));
            if (profile && step == m_startStep + 10)
                profile.reset();
            const auto t0 = Clock::now();
            // This step's dropout masks: a function of (seed, step) only, so a resumed run continues exactly.
            kernels::DropoutStreams::StepScope streams(m_config.train.seed, step);
            torch::Tensor labels;
            auto ids = padBatch(batchAt(step, labels));
            const auto tData = Clock::now();
            const double lr = learningRate(step);
            // Discriminative rates: each layer group at its scale of the schedule's rate.
            auto& groups = m_optimizer->param_groups();
            for (std::size_t g = 0; g < groups.size(); ++g)
                groups[g].options().set_lr(lr * (g < m_groupScales.size() ? m_groupScales[g] : 1.0));
            unfreezeFor(step);
            // Gradients start undefined (PyTorch's zero_grad(set_to_none=True)): backward writes
            // them instead of adding into zeroed buffers (a parameter the loss does not reach is left
            // alone, without weight decay, as in PyTorch).
            for (auto& group : m_optimizer->param_groups())
                for (auto& p : group.params())
                    p.mutable_grad() = torch::Tensor();
            torch::Tensor logits;
            torch::Tensor loss;
            std::optional<kernels::MixedPrecision> mixed(std::in_place, m_precision == "bf16");
            if (m_teacher) {
                const auto terms = distillationBatchLoss(*m_model, *m_teacher->model, ids, labels,
                                                         m_config.train.distillAlpha,
                                                         m_config.train.distillTemperature, &logits);
                loss = terms.loss;
                log("train/ce", step + 1, terms.ce.item<double>());
                log("train/distill_kl", step + 1, terms.kl.item<double>());
                // Batch accuracy is a classifier's (an encoder–decoder's logits are per target token).
                if (!labels.defined() || m_pairs)
                    logits = torch::Tensor();
            } else if (m_pairs) {
                // The output layer and the loss fused (no logits) unless labels are smoothed.
                loss = pairLoss(static_cast<Seq2SeqModelImpl&>(*m_model), ids, labels, m_config.train.labelSmoothing);
            } else {
                // A masked LM's masks, like dropout's, follow (seed, step).
                loss = batchLoss(*m_model, ids, labels, labels.defined() ? &logits : nullptr,
                                 m_config.train.seed * 1000003ULL + static_cast<std::uint64_t>(step));
            }
            mixed.reset();  // backward runs outside autocast, in the dtypes the forward recorded
            const double lossValue = loss.item<double>();
            const auto tForward = Clock::now();
            if (!std::isfinite(lossValue))
                return finish(RunStatus::Diverged,
                              Message(LATHE_TR("Training", "training diverged at step %1: the loss became %2 "
                                                           "(learning rate %3). Lower the learning rate, add warm-up "
                                                           "steps, or keep gradient clipping on"),
                                      step + 1, fmt::format("{}", lossValue), fmt::format("{:.3g}", lr)),
                              step);
            loss.backward();
            faultPoint("step");
            const auto tBackward = Clock::now();
            const double clip = m_config.train.clipNorm > 0 ? m_config.train.clipNorm : INFINITY;
            const double gradNorm = kernels::clipGradNorm(m_model->parameters(), clip);
            if (!std::isfinite(gradNorm))
                return finish(RunStatus::Diverged,
                              Message(LATHE_TR("Training", "training diverged at step %1: the gradient norm became %2 "
                                                           "(learning rate %3). Lower the learning rate or keep "
                                                           "gradient clipping on"),
                                      step + 1, fmt::format("{}", gradNorm), fmt::format("{:.3g}", lr)),
                              step);
            m_optimizer->step();
            const auto tOptimizer = Clock::now();
            ++step;
            if (probe) {
                // fp32 weights were resident before the step; the rise is activations, gradients and
                // optimizer state.
                if (probe->available()) {
                    m_peakTrainBytes = 4 * m_parameters + probe->riseBytes();
                    log("model/peak_train_bytes", step, static_cast<double>(m_peakTrainBytes));
                }
                probe.reset();
            }
            m_trainTokens += countTokens(ids) + (m_pairs ? countTokens(labels) : 0);
            m_trainSeconds += std::chrono::duration<double>(Clock::now() - t0).count();
            const double tps = m_trainSeconds > 0 ? static_cast<double>(m_trainTokens) / m_trainSeconds : 0.0;
            log("train/loss", step, lossValue);
            log("train/lr", step, lr);
            log("train/grad_norm", step, gradNorm);
            if (logits.defined())
                log("train/accuracy", step, logits.argmax(-1).eq(labels).to(torch::kFloat).mean().item<double>());
            if (step % kThroughputEvery == 0) {
                log("train/tokens_per_s", step, tps);
                // Fractional, so charts can put any step on an epoch axis.
                log("train/epoch", step, static_cast<double>(step) / static_cast<double>(m_stepsPerEpoch));
            }
            if (m_stream && step % kThroughputEvery == 0)
                log("stream/examples_seen", step, static_cast<double>(examplesSeen(step)));
            if (listener)
                listener->onProgress(step, reportedTotalSteps(), tps);
            m_stepTimes.add(t0, tData, tForward, tBackward, tOptimizer, Clock::now());
            ++m_stepsAtThreads[m_threads];
            if (m_tuner) {
                m_tuner->record(std::chrono::duration<double>(tOptimizer - t0).count());
                if (m_tuner->threads() != m_threads) {
                    m_threads = kernels::applyComputeThreads(m_tuner->threads());
                    log("train/threads", step, m_threads);
                }
            }
            if (step % m_config.train.evalEvery == 0 || step == m_totalSteps) {
                lastEvaluated = step;
                if (evaluateAndCheckpoint(step))
                    return stopEarly(step);
            }
            flushMetrics(false);
        }
        if (lastEvaluated != step)
            evaluateAndCheckpoint(step);
        return finish(RunStatus::Completed, {}, step);
    } catch (const StoreError& e) {
        // The database cannot take the run's end either: say what is kept, and try once.
        const Message message(LATHE_TR("Training", "training stopped at step %1: %2. Is the disk full? %3"), step,
                              e.message(), keptCheckpoint());
        try {
            m_request.store->finishRun(m_runId, RunStatus::Failed, message, "{}", step);
        } catch (const std::exception&) {
            // Still 'running' on disk; the next open finds its lock gone and marks it crashed.
        }
        m_lock.reset();
        throw StoreError(message);
    } catch (const std::exception& e) {
        std::string what = e.what();
        // Our own messages keep their translation; another library's first line is shown as it is.
        const auto* own = dynamic_cast<const HasMessage*>(&e);
        return finish(RunStatus::Failed,
                      Message(LATHE_TR("Training", "training failed at step %1: %2"), step,
                              own ? own->message() : Message::verbatim(what.substr(0, what.find('\n')))),
                      step);
    }
}

}  // namespace lathe
