#include "study/TrialWorker.h"

#include "store/RunStore.h"
#include "train/TrainingCache.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>
#include <mutex>
#include <optional>

#include <fcntl.h>
#include <unistd.h>

namespace lathe::study {

namespace {
class WorkerListener : public TrainingListener {
public:
    WorkerListener(std::istream& in, std::ostream& out, TrainingControl& control, std::string metric, bool prune)
        : m_in(in), m_out(out), m_control(control), m_metric(std::move(metric)), m_prune(prune) {}

    void onStarted(std::int64_t runId, std::int64_t totalSteps, std::int64_t) override
    {
        m_total = totalSteps;
        send({{"event", "started"}, {"run_id", runId}, {"total_steps", totalSteps}});
    }
    void onMetrics(const std::vector<MetricPoint>& points) override
    {
        for (const auto& p : points) {
            if (p.key != m_metric)
                continue;
            const bool last = m_total > 0 && p.step >= m_total;
            send({{"event", "value"}, {"step", p.step}, {"value", p.value}, {"final", last}});
            if (!m_prune || last || m_control.stopRequested())
                continue;
            std::string reply;
            if (!std::getline(m_in, reply) || reply == "prune") {
                m_pruned = true;
                m_control.requestStop();
            }
        }
    }
    void onProgress(std::int64_t step, std::int64_t totalSteps, double tokensPerSecond) override
    {
        const auto now = std::chrono::steady_clock::now();
        if (now - m_lastProgress < std::chrono::seconds(1))
            return;
        m_lastProgress = now;
        send({{"event", "progress"}, {"step", step}, {"total_steps", totalSteps}, {"tokens_per_s", tokensPerSecond}});
    }
    void send(const nlohmann::json& event)
    {
        std::lock_guard lock(m_mutex);
        m_out << event.dump() << '\n' << std::flush;
    }
    bool pruned() const { return m_pruned; }

private:
    std::istream& m_in;
    std::ostream& m_out;
    TrainingControl& m_control;
    std::string m_metric;
    bool m_prune;
    bool m_pruned = false;
    std::int64_t m_total = 0;
    std::chrono::steady_clock::time_point m_lastProgress;
    std::mutex m_mutex;
};

void finished(std::ostream& out, const std::string& status, std::int64_t steps, const nlohmann::json& value,
              std::int64_t runId, const Message& message)
{
    out << nlohmann::json{{"event", "finished"}, {"status", status}, {"steps", steps}, {"value", value},
                          {"run_id", runId}, {"message", message.english()}, {"message_parts", message.empty() ? "" : message.toJson()}}
               .dump()
        << '\n'
        << std::flush;
}

// Standard error from now on goes to `path` (appended), so each trial keeps its own log.
void logTo(const std::string& path)
{
    if (path.empty())
        return;
    std::cerr.flush();
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        return;  // the log stays where it was
    ::dup2(fd, 2);
    ::close(fd);
}

// One trial; returns its exit code.
int runTrial(const std::string& line, std::istream& in, std::ostream& out, TrainingControl& control,
             std::optional<RunStore>& store, TrainingCache& cache)
{
    nlohmann::json request;
    RunConfig config;
    try {
        request = nlohmann::json::parse(line);
        if (request.contains("log") && request["log"].is_string())
            logTo(request["log"].get<std::string>());
        config.mergeJson(request.at("config").dump(), "trial request");
    } catch (const std::exception& e) {
        finished(out, "failed", 0, nullptr, 0, messageOf(e));
        return 2;
    }
    const std::string metric = request.value("metric", std::string("val/loss"));
    std::string db = request.value("db", std::string());
    if (db.empty())
        db = RunStore::defaultPath();
    WorkerListener listener(in, out, control, metric, request.value("prune", false));
    try {
        if (!store || store->path() != db)
            store.emplace(db);  // kept open for the next trial
        TrainRequest req{config, &*store, 0, 0, request.value("tags", std::string()), &listener, &control, &cache};
        const auto outcome = train(req);
        const auto key = metric.substr(metric.find('/') + 1);
        nlohmann::json value = nullptr;
        if (const auto it = outcome.validation.find(key); it != outcome.validation.end())
            value = it->second;
        std::string status = toString(outcome.status);
        if (listener.pruned())
            status = "pruned";
        finished(out, status, outcome.steps, value, outcome.runId, outcome.message);
        return outcome.status == RunStatus::Completed ? 0 : 1;
    } catch (const std::exception& e) {
        finished(out, "failed", 0, nullptr, 0, messageOf(e));
        return dynamic_cast<const std::invalid_argument*>(&e) ? 2 : 1;
    }
}
}  // namespace

int runTrialWorker(std::istream& in, std::ostream& out, TrainingControl& control, const std::atomic<bool>& terminating)
{
    int code = 0;
    std::optional<RunStore> store;
    TrainingCache cache;  // every trial of a study reads the same file
    std::string line;
    while (!terminating.load() && std::getline(in, line)) {
        // A trial this worker pruned left the control stopped. A SIGTERM sets `terminating`
        // before it stops the control, so one that lands before this rearm is seen just below and
        // one after it stops the trial.
        control.rearm();
        if (terminating.load())
            break;
        code = runTrial(line, in, out, control, store, cache);
    }
    return code;
}

}  // namespace lathe::study
