// The Trainer's side of a run that follows its data (DataConfig::follow; StreamFeed holds the examples).
#include "store/RunStore.h"
#include "train/Trainer.h"
#include "util/Message.h"

#include <fmt/format.h>

#include <thread>

namespace lathe {

std::int64_t Trainer::reportedTotalSteps() const
{
    return m_stream && m_config.train.maxSteps <= 0 ? 0 : m_totalSteps;
}

std::int64_t Trainer::examplesSeen(std::int64_t step) const
{
    const auto initial = static_cast<std::int64_t>(m_train->sequences.size());
    const auto initialSteps = std::min(step, m_initialSteps);
    return std::min(initial, initialSteps * m_config.train.batchSize) + m_stream->freshTrained();
}

void Trainer::pollStream(std::int64_t step, bool force)
{
    if (auto arrival = m_stream->poll(step, force))
        reportArrival(*arrival);
}

void Trainer::reportArrival(const StreamArrival& arrival)
{
    log("stream/arrived", arrival.step, static_cast<double>(arrival.totalRows));
    log("stream/queued", arrival.step, static_cast<double>(arrival.queued));
    if (const auto unknown = m_stream->unknownLabelRows(); unknown > 0)
        log("stream/new_label_rows", arrival.step, static_cast<double>(unknown));
    if (auto* listener = m_request.listener) {
        for (const auto& message : m_stream->takeMessages())
            listener->onMessage(message);
        listener->onArrival(arrival);
    }
    flushMetrics(false);
}

void Trainer::evaluateStream(std::int64_t step)
{
    log("stream/examples_seen", step, static_cast<double>(examplesSeen(step)));
    if (!m_stream->newest().empty()) {
        const auto numClasses = m_languageModel ? 0 : static_cast<int>(m_classes.size());
        const auto r = evaluate(*m_model, m_stream->newest(), m_stream->newestLabels(), numClasses,
                                m_config.train.batchSize);
        m_lastStream["newest_loss"] = r.loss;
        log("stream/newest_loss", step, r.loss);
        if (!m_languageModel && r.report) {
            m_lastStream["newest_accuracy"] = r.report->accuracy;
            log("stream/newest_accuracy", step, r.report->accuracy);
        }
    }
    // Backward transfer: how far the fixed held-out metric fell from its best.
    const std::string key = m_languageModel ? "loss" : "accuracy";
    if (const auto it = m_lastValidation.find(key); it != m_lastValidation.end()) {
        m_lastStream["forgetting"] = m_stream->forgetting(it->second, m_languageModel);
        log("stream/forgetting", step, m_lastStream["forgetting"]);
    }
}

std::optional<TrainOutcome> Trainer::waitForData(std::int64_t step, std::int64_t& lastEvaluated)
{
    if (m_stream->queued() > 0) {
        // A few new examples, short of a batch's share: they wait a moment for company.
        flushMetrics(false);
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        return std::nullopt;
    }
    if (lastEvaluated != step) {
        // What was trained is evaluated and kept before the wait: a run killed while it waits
        // resumes from here.
        lastEvaluated = step;
        if (evaluateAndCheckpoint(step))
            return stopEarly(step);
    }
    if (!m_waitAnnounced) {
        // Once each time the run runs out of new examples: the idle time counts from here.
        m_waitAnnounced = true;
        m_waitingSince = std::chrono::steady_clock::now();
        if (m_request.listener)
            m_request.listener->onMessage(fmt::format("step {}: waiting for new data in {} ({} new examples trained)",
                                                      step, m_config.data.path, m_stream->freshTrained()));
    }
    const double idle = m_config.data.followIdle;
    // Idle: nothing arrived, and nothing was trained, for that long.
    const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - m_waitingSince).count();
    if (idle > 0 && m_stream->secondsSinceArrival() >= idle && waited >= idle)
        return finish(RunStatus::Completed,
                      Message(LATHE_TR("Training", "no new data arrived in %1 for %2 s: the run ends at step %3 "
                                                   "(resume it to follow the data again)"),
                              m_config.data.path, fmt::format("{:g}", idle), step),
                      step);
    flushMetrics(false);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return std::nullopt;
}

}  // namespace lathe
