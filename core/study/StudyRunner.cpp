#include "study/StudyRunner.h"

#include "metrics/SequenceMetrics.h"
#include "store/RunStore.h"
#include "study/Objectives.h"
#include "study/Pruner.h"
#include "study/StudyResults.h"
#include "study/TrialSettings.h"
#include "util/Subprocess.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <poll.h>
#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <thread>

namespace lathe::study {

std::optional<double> minimized(const StudyRecord& study, std::optional<double> value)
{
    if (!value)
        return value;
    return study.direction == "maximize" ? -*value : *value;
}

namespace {
using Clock = std::chrono::steady_clock;

bool isLanguageModelMetric(const std::string& m) { return m == "val/loss" || m == "val/perplexity"; }

// Fills in and checks what a new study needs; throws UserError naming the setting.
void checkSettings(StudySettings& s, const SearchSpace& space)
{
    auto& st = s.study;
    if (st.name.empty())
        throw UserError(Message(LATHE_TR("Study", "a study needs a name (--name)")));
    makeSampler(st.sampler, 0);  // refuses an unknown name
    makePruner(st.pruner, st.name);
    if (!st.objective.empty()) {
        if (st.objective != "branin" && st.objective != "hartmann6")
            throw UserError(Message(LATHE_TR("Study", "unknown objective '%1' (known: branin, hartmann6)"), st.objective));
        // The space must give the function's parameters: try one draw.
        std::mt19937_64 rng(1);
        Assignment a;
        for (const auto& p : space.parameters())
            a[p.name] = RandomSampler::draw(p, rng);
        objectiveValue(st.objective, a);
        if (st.direction.empty())
            st.direction = "minimize";
    } else {
        const auto& m = st.metric;
        if (m != "val/accuracy" && m != "val/loss" && m != "val/macro_f1" && m != "val/perplexity" && !isSequenceMetric(m))
            throw UserError(Message(
                LATHE_TR("Study", "unknown metric '%1' (known: val/accuracy, val/loss, val/macro_f1, val/perplexity; an "
                                  "encoder–decoder's val/exact_match, val/token_accuracy, val/token_error_rate, "
                                  "val/sequence_error_rate, val/cer, val/bleu, val/chrf)"),
                m));
        checkTrainingSpace(space, "search space");
        const bool lm = isLanguageModel(s.fixed.model.family);
        const bool pairs = isSequenceToSequence(s.fixed.model.family);
        const bool familyFixed = !space.find("model") && !space.find("model.family");
        if (familyFixed && pairs && !isSequenceMetric(m) && !isLanguageModelMetric(m))
            throw UserError(Message(LATHE_TR("Study", "%1 is a classifier's metric, but a %2 model is an encoder–decoder: "
                                                      "use val/exact_match, val/token_error_rate, val/bleu, val/chrf or "
                                                      "val/loss"),
                                    m, s.fixed.model.family));
        if (familyFixed && !pairs && isSequenceMetric(m))
            throw UserError(Message(LATHE_TR("Study", "%1 is an encoder–decoder's metric, but a %2 model is not one"), m,
                                    s.fixed.model.family));
        if (familyFixed && lm && !isLanguageModelMetric(m))
            throw UserError(Message(LATHE_TR("Study", "%1 is a classifier's metric, but a %2 model is a language model: "
                                                      "use val/loss or val/perplexity"),
                                    m, s.fixed.model.family));
        if (familyFixed && !lm && !pairs && m == "val/perplexity")
            throw UserError(Message(LATHE_TR("Study", "val/perplexity is a language model's metric, but a %1 model is a "
                                                      "classifier: use val/accuracy, val/macro_f1 or val/loss"),
                                    s.fixed.model.family));
        if (s.fixed.data.path.empty())
            throw UserError(Message(LATHE_TR("Study", "a study that trains needs a dataset (--data)")));
        if (s.workerProgram.empty())
            throw UserError(Message(LATHE_TR("Study", "no lathe-cli to run the trials with")));
        if (st.direction.empty())
            st.direction = lowerIsBetter(m) ? "minimize" : "maximize";
        st.fixedJson = s.fixed.toJson();
    }
    if (st.direction != "maximize" && st.direction != "minimize")
        throw UserError(Message(LATHE_TR("Study", "unknown direction '%1' (maximize or minimize)"), st.direction));
    if (st.workers < 1)
        throw UserError(Message(LATHE_TR("Study", "--workers must be at least 1 (it is %1)"), st.workers));
    if (st.maxTrials < 0 || st.timeout < 0)
        throw UserError(Message(LATHE_TR("Study", "the trial count and the timeout cannot be negative")));
}

struct Pending {
    Assignment params;
    std::int64_t requeuedId = 0;  // a trial row to run again (its number kept); 0: a new trial
    std::int64_t number = -1;
    int retriesLeft = 0;
};

// A `lathe-cli study worker` process: it trains one trial at a time and, once it reported the
// trial finished, waits for the next one.
struct Worker {
    std::unique_ptr<Subprocess> process;
    bool busy = false;
    std::size_t index = 0;  // the trial it trains, into the records (while busy)
    bool pruned = false;
    bool interrupted = false;
    int retriesLeft = 0;
    Clock::time_point signalled{};
};

class Coordinator {
public:
    Coordinator(RunStore& store, StudySettings settings, SearchSpace space, StudyListener* listener)
        : m_store(store), m_s(std::move(settings)), m_space(std::move(space)), m_listener(listener)
    {
        m_sampler = makeSampler(m_s.study.sampler, static_cast<std::uint64_t>(m_s.study.seed));
        m_pruner = makePruner(m_s.study.pruner, m_s.study.name);
        if (m_s.study.objective.empty())
            m_conditions = conditionSettings(m_s.fixed);
        const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
        m_threads = m_s.threadsPerWorker > 0 ? m_s.threadsPerWorker
                                             : std::max(1, static_cast<int>(cores) / static_cast<int>(m_s.study.workers));
        m_logDirectory = fmt::format("{}.studies/study-{}", store.path(), m_s.study.id);
    }

    StudyOutcome run(std::stop_token stop)
    {
        m_records = m_store.trials(m_s.study.id);
        m_history = samplerTrials(m_s.study, m_records);
        for (std::size_t i = 0; i < m_records.size(); ++i) {
            m_byNumber[m_records[i].number] = i;
            m_nextNumber = std::max(m_nextNumber, m_records[i].number + 1);
            if (m_records[i].state == "running") {  // left by a coordinator that died
                if (m_records[i].runId > 0)
                    m_store.markRunCrashed(m_records[i].runId);
                m_pending.push_back({m_history[i].params, m_records[i].id, m_records[i].number, m_s.retries});
            }
        }
        const auto start = Clock::now();
        bool stopping = false;
        Message why;
        std::string status = "completed";
        const auto takeStop = [&] {
            if (stop.stop_requested() && !stopping) {
                stopping = true;
                status = "stopped";
                why = Message(LATHE_TR("Study", "stopped by the user"));
                for (auto& w : m_workers)
                    if (w.busy)
                        interrupt(w);
            }
        };
        for (;;) {
            takeStop();
            if (m_s.study.timeout > 0 &&
                std::chrono::duration<double>(Clock::now() - start).count() >= m_s.study.timeout)
                m_budgetSpent = true;
            while (!stopping && !m_budgetSpent && !stop.stop_requested() && busy() < static_cast<std::size_t>(m_s.study.workers)) {
                if (tooManyFailures()) {
                    stopping = true;
                    status = "failed";
                    why = Message(LATHE_TR("Study", "%1 trials failed in a row; the last said: %2"), m_failuresInRow,
                                  m_lastFailure);
                    break;
                }
                if (!launchNext())
                    break;
            }
            takeStop();
            if (busy() == 0)
                break;
            waitForEvents(stopping);
        }
        closeWorkers();
        // Trials to run again that the budget or a stop left out are not left 'running'.
        for (const auto& p : m_pending)
            if (p.requeuedId > 0) {
                const auto index = m_byNumber.at(p.number);
                finish(index, "failed", std::nullopt, 0,
                       Message(LATHE_TR("Study", "not run again: the study ended before its turn came")));
            }
        m_store.finishStudy(m_s.study.id, status, why);
        return {m_s.study.id, status, why};
    }

private:
    std::int64_t counted() const
    {
        std::int64_t n = 0;
        for (const auto& r : m_records)
            n += r.state == "complete" || r.state == "pruned";
        return n;
    }

    std::size_t busy() const
    {
        return static_cast<std::size_t>(std::count_if(m_workers.begin(), m_workers.end(),
                                                      [](const Worker& w) { return w.busy; }));
    }

    bool tooManyFailures() const { return m_failuresInRow >= std::max<std::int64_t>(3, m_s.study.workers * 2); }

    // Starts the next trial; false when the budget or the sampler is done.
    bool launchNext()
    {
        if (m_s.study.maxTrials > 0 && counted() + static_cast<std::int64_t>(busy()) >= m_s.study.maxTrials) {
            m_budgetSpent = true;
            return false;
        }
        Pending next;
        if (!m_pending.empty()) {
            next = std::move(m_pending.front());
            m_pending.pop_front();
        } else {
            const int number = static_cast<int>(m_nextNumber);
            auto values = m_sampler->sample(m_space, m_history, m_conditions, number);
            if (!values) {
                m_budgetSpent = true;  // a grid that is done
                return false;
            }
            next.params = std::move(*values);
            next.retriesLeft = m_s.retries;
        }
        nlohmann::json params = nlohmann::json::object();
        for (const auto& [k, v] : next.params)
            params[k] = v;
        std::size_t index;
        if (next.requeuedId > 0) {
            m_store.requeueTrial(next.requeuedId);
            index = m_byNumber.at(next.number);
            auto& r = m_records[index];
            r.state = "running", r.value.reset(), r.intermediate.clear(), r.runId = 0, r.steps = 0, r.attempts += 1;
            r.started = nowSeconds(), r.finished = 0, r.message = Message();
            m_history[index].state = TrialState::Running;
            m_history[index].value.reset();
            m_history[index].intermediate.clear();
        } else {
            TrialRecord r;
            r.studyId = m_s.study.id;
            r.number = m_nextNumber++;
            r.paramsJson = params.dump();
            r.started = nowSeconds();
            r.id = m_store.createTrial(r);
            index = m_records.size();
            m_byNumber[r.number] = index;
            m_records.push_back(r);
            m_history.push_back({static_cast<int>(r.number), TrialState::Running, next.params, std::nullopt, {}});
        }
        notify(index);
        if (!m_s.study.objective.empty()) {
            try {
                const double v = objectiveValue(m_s.study.objective, next.params);
                finish(index, "complete", v, 0, Message());
            } catch (const std::exception& e) {
                finish(index, "failed", std::nullopt, 0, messageOf(e));
            }
            return true;
        }
        RunConfig config;
        try {
            config = trialConfig(m_s.fixed, next.params);
        } catch (const std::exception& e) {
            finish(index, "failed", std::nullopt, 0, messageOf(e));
            return true;
        }
        config.name = fmt::format("{} #{}", m_s.study.name, m_records[index].number);
        if (config.train.threads <= 0)
            config.train.threads = m_threads;
        const auto log = fmt::format("{}/trial-{}.log", m_logDirectory, m_records[index].number);
        const nlohmann::json request{{"config", nlohmann::json::parse(config.toJson())},
                                     {"db", m_store.path()},
                                     {"metric", m_s.study.metric},
                                     {"tags", fmt::format("study:{},trial:{}", m_s.study.name, m_records[index].number)},
                                     {"prune", m_pruner != nullptr},
                                     {"log", log}};
        // An idle worker takes it; one that cannot (it died since) is replaced by a new process.
        Worker* worker = nullptr;
        for (auto& w : m_workers)
            if (!w.busy && w.process->writeLine(request.dump())) {
                worker = &w;
                break;
            }
        if (!worker) {
            Worker w;
            try {
                std::filesystem::create_directories(m_logDirectory);
                w.process = std::make_unique<Subprocess>(
                    std::vector<std::string>{m_s.workerProgram, "study", "worker"}, log);
            } catch (const std::exception& e) {
                finish(index, "failed", std::nullopt, 0, messageOf(e));
                return true;
            }
            w.process->writeLine(request.dump());
            m_workers.push_back(std::move(w));
            worker = &m_workers.back();
        }
        worker->busy = true;
        worker->index = index;
        worker->retriesLeft = next.retriesLeft;
        worker->pruned = worker->interrupted = false;
        return true;
    }

    // At the end of the study: idle workers read end of input and exit; one that does not within
    // the stop grace is killed.
    void closeWorkers()
    {
        for (auto& w : m_workers)
            w.process->closeInput();
        const auto since = Clock::now();
        for (auto& w : m_workers) {
            std::vector<std::string> lines;
            while (w.process->readLines(lines) &&
                   std::chrono::duration<double>(Clock::now() - since).count() < m_s.stopGraceSeconds) {
                pollfd fd{w.process->fd(), POLLIN, 0};
                ::poll(&fd, 1, 100);
            }
        }
        m_workers.clear();  // reaps them (and kills one still running)
    }

    void interrupt(Worker& a)
    {
        if (a.interrupted)
            return;
        a.interrupted = true;
        a.signalled = Clock::now();
        a.process->signal(SIGTERM);
    }

    void waitForEvents(bool stopping)
    {
        std::vector<pollfd> fds;
        for (const auto& w : m_workers)
            fds.push_back({w.process->fd(), POLLIN, 0});
        ::poll(fds.data(), fds.size(), 200);
        for (auto& a : m_workers) {
            std::vector<std::string> lines;
            const bool open = a.process->readLines(lines);
            for (const auto& line : lines) {
                if (!a.busy)
                    continue;  // an idle worker has nothing to say
                try {
                    handle(a, line);
                } catch (const nlohmann::json::exception&) {
                    // A line of the right shape with a field of the wrong type: not ours either.
                }
            }
            if (!open) {
                const int code = *a.process->exitCode(true);
                if (a.busy)
                    workerDied(a, code);
                a.process.reset();
            } else if (a.busy && a.interrupted && stopping &&
                       std::chrono::duration<double>(Clock::now() - a.signalled).count() > m_s.stopGraceSeconds) {
                a.process->signal(SIGKILL);
            }
        }
        std::erase_if(m_workers, [](const Worker& w) { return !w.process; });
    }

    void handle(Worker& a, const std::string& line)
    {
        const auto event = nlohmann::json::parse(line, nullptr, false);
        if (!event.is_object() || !event.contains("event"))
            return;  // not ours (a library printing to stdout); the log keeps stderr
        auto& r = m_records[a.index];
        const auto kind = event["event"].get<std::string>();
        if (kind == "started") {
            r.runId = event.value("run_id", std::int64_t(0));
            m_store.setTrialRun(r.id, r.runId);
            notify(a.index);
        } else if (kind == "progress") {
            r.steps = event.value("step", std::int64_t(0));
            notify(a.index);
        } else if (kind == "value") {
            const auto step = event.value("step", std::int64_t(0));
            const double v = event["value"].is_number() ? event["value"].get<double>() : std::nan("");
            r.intermediate.emplace_back(step, v);
            r.steps = std::max(r.steps, step);
            m_store.addTrialValue(r.id, step, v);
            m_history[a.index].intermediate.emplace_back(step, *minimized(m_s.study, v));
            if (m_pruner && !event.value("final", false)) {
                const bool prune = !a.interrupted && m_pruner->prune(m_history, m_history[a.index]);
                a.pruned = a.pruned || prune;
                a.process->writeLine(prune ? "prune" : "continue");
            }
            notify(a.index);
        } else if (kind == "finished") {
            a.busy = false;  // free for the next trial; one stopped with the study exits by itself
            if (r.runId == 0 && event.value("run_id", std::int64_t(0)) > 0) {
                r.runId = event["run_id"].get<std::int64_t>();
                m_store.setTrialRun(r.id, r.runId);
            }
            const auto status = event.value("status", std::string());
            const auto steps = event.value("steps", std::int64_t(0));
            std::optional<double> value;
            if (event.contains("value") && event["value"].is_number())
                value = event["value"].get<double>();
            Message message = Message::verbatim(event.value("message", std::string()));
            if (const auto parts = event.value("message_parts", std::string()); !parts.empty()) {
                try {
                    message = Message::fromJson(parts);
                } catch (const std::invalid_argument&) {
                }
            }
            if (a.pruned || status == "pruned") {
                std::optional<double> last;
                if (!r.intermediate.empty())
                    last = r.intermediate.back().second;
                finish(a.index, "pruned", last, steps, Message(LATHE_TR("Study", "pruned at step %1"), steps));
            } else if (a.interrupted) {
                finish(a.index, "failed", std::nullopt, steps,
                       Message(LATHE_TR("Study", "stopped with the study at step %1"), steps));
            } else if (status == "completed" && value && !std::isnan(*value)) {
                finish(a.index, "complete", value, steps, Message());
            } else {
                if (message.empty())
                    message = Message(LATHE_TR("Study", "the trial's run ended (status %1) without a value of %2"), status,
                                      m_s.study.metric);
                finish(a.index, "failed", std::nullopt, steps, message);
            }
        }
    }

    void workerDied(Worker& a, int code)
    {
        auto& r = m_records[a.index];
        if (r.runId > 0)
            m_store.markRunCrashed(r.runId);
        const Message why = code > 128 ? Message(LATHE_TR("Study", "the worker process was killed by signal %1 (see %2)"),
                                                 code - 128, fmt::format("{}/trial-{}.log", m_logDirectory, r.number))
                                       : Message(LATHE_TR("Study", "the worker process exited with code %1 before "
                                                                   "finishing (see %2)"),
                                                 code, fmt::format("{}/trial-{}.log", m_logDirectory, r.number));
        finish(a.index, "failed", std::nullopt, r.steps, why);
        if (!a.interrupted && a.retriesLeft > 0)
            m_pending.push_back({m_history[a.index].params, 0, -1, a.retriesLeft - 1});
    }

    void finish(std::size_t index, const std::string& state, std::optional<double> value, std::int64_t steps,
                const Message& message)
    {
        auto& r = m_records[index];
        r.state = state;
        r.value = value;
        r.steps = std::max(r.steps, steps);
        r.finished = nowSeconds();
        r.message = message;
        m_store.finishTrial(r.id, state, value, r.steps, message);
        auto& t = m_history[index];
        t.state = trialStateFromString(state);
        t.value = state == "complete" ? minimized(m_s.study, value) : std::nullopt;
        if (state == "failed") {
            m_lastFailure = message;
            ++m_failuresInRow;
        } else {
            m_failuresInRow = 0;
        }
        notify(index);
    }

    void notify(std::size_t index)
    {
        if (m_listener)
            m_listener->onTrial(m_records[index]);
    }

    RunStore& m_store;
    StudySettings m_s;
    SearchSpace m_space;
    StudyListener* m_listener;
    std::unique_ptr<Sampler> m_sampler;
    std::unique_ptr<Pruner> m_pruner;
    nlohmann::json m_conditions = nlohmann::json::object();
    int m_threads = 1;
    std::string m_logDirectory;
    std::vector<TrialRecord> m_records;
    std::vector<Trial> m_history;
    std::map<std::int64_t, std::size_t> m_byNumber;
    std::int64_t m_nextNumber = 0;
    std::deque<Pending> m_pending;
    std::vector<Worker> m_workers;
    bool m_budgetSpent = false;
    std::int64_t m_failuresInRow = 0;
    Message m_lastFailure;
};
}  // namespace

StudyOutcome runStudy(RunStore& store, StudySettings settings, bool resume, StudyListener* listener,
                      std::stop_token stop)
{
    const auto existing = store.studyNamed(settings.study.name);
    if (existing && resume) {
        // The stored settings win; the budget and workers given now replace the stored ones.
        StudyRecord s = *existing;
        if (settings.study.maxTrials > 0)
            s.maxTrials = settings.study.maxTrials;
        if (settings.study.timeout > 0)
            s.timeout = settings.study.timeout;
        s.workers = settings.study.workers > 0 ? settings.study.workers : s.workers;
        settings.study = s;
        if (s.objective.empty())
            settings.fixed.mergeJson(s.fixedJson, fmt::format("study '{}'", s.name));
    }
    const auto space = SearchSpace::fromJson(settings.study.spaceJson, "search space");
    if (!existing || !resume) {
        checkSettings(settings, space);
        settings.study.id = store.createStudy(settings.study);
    } else if (settings.study.workers < 1) {
        throw UserError(Message(LATHE_TR("Study", "--workers must be at least 1 (it is %1)"), settings.study.workers));
    }
    const auto lock = store.lockStudy(settings.study.id);
    store.claimStudy(settings.study.id, settings.study.maxTrials, settings.study.timeout, settings.study.workers);
    if (listener)
        listener->onStudyStarted(settings.study);
    Coordinator coordinator(store, std::move(settings), space, listener);
    return coordinator.run(stop);
}

}  // namespace lathe::study
