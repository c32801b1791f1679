// lathe-cli study run|list|show|best|export, and the hidden `study worker` each trial runs in.
#include "cli/Commands.h"
#include "store/RunStore.h"
#include "study/StudyResults.h"
#include "study/StudyRunner.h"
#include "study/TrialWorker.h"
#include "util/AtomicFile.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <thread>

namespace lathe::cli {

namespace {

struct StudyArgs {
    StudyRecord study;
    RunConfig flags;
    std::string spaceFile, db;
    int retries = 0;
    bool resume = false, json = false, quiet = false;
};

std::string valueText(const std::optional<double>& v) { return v ? fmt::format("{:.6g}", *v) : std::string("-"); }

std::string paramsText(const std::string& paramsJson)
{
    const auto p = nlohmann::json::parse(paramsJson, nullptr, false);
    std::string out;
    if (p.is_object())
        for (const auto& [k, v] : p.items())
            out += (out.empty() ? "" : " ") + k + "=" + (v.is_string() ? v.get<std::string>() : v.dump());
    return out;
}

// One line per finished trial on stderr, with the best so far.
class TrialPrinter : public study::StudyListener {
public:
    explicit TrialPrinter(bool quiet) : m_quiet(quiet) {}
    void onStudyStarted(const StudyRecord& study) override { m_maximize = study.direction == "maximize"; }
    void onTrial(const TrialRecord& t) override
    {
        if (m_quiet || t.state == "running")
            return;
        if (t.state == "complete" && t.value && (!m_best || (m_maximize ? *t.value > *m_best : *t.value < *m_best)))
            m_best = t.value, m_bestNumber = t.number;
        std::cerr << fmt::format("trial {:>3} {:<8} {:>10}  {}{}  best {} (trial {})\n", t.number, t.state,
                                 valueText(t.value), paramsText(t.paramsJson),
                                 t.runId > 0 ? fmt::format("  run {}", t.runId) : std::string(),
                                 valueText(m_best), m_bestNumber);
        if (t.state == "failed" && !t.message.empty())
            std::cerr << "    " << t.message.english() << "\n";
    }
private:
    bool m_quiet, m_maximize = false;
    std::optional<double> m_best;
    std::int64_t m_bestNumber = -1;
};

int runStudyCommand(CLI::App& sub, StudyArgs& a)
{
    study::StudySettings settings;
    settings.study = a.study;
    settings.retries = a.retries;
    if (!a.spaceFile.empty())
        settings.study.spaceJson = readFile(a.spaceFile);
    else if (!a.resume)
        throw UserError(Message(LATHE_TR("Study", "give the search space with --space FILE.json")));
    if (!a.study.objective.empty())
        settings.study.metric.clear();
    RunConfig fixed;
    fixed.train.evalEvery = a.flags.train.evalEvery;
    applyGivenFlags(sub, a.flags, false, fixed);
    settings.fixed = fixed;
    settings.workerProgram = std::filesystem::read_symlink("/proc/self/exe").string();
    if (settings.study.maxTrials == 0 && settings.study.timeout == 0 && settings.study.sampler != "grid" && !a.resume)
        throw UserError(Message(LATHE_TR("Study", "give a budget: --trials N and/or --timeout SECONDS")));
    RunStore store(a.db.empty() ? RunStore::defaultPath() : a.db);
    std::stop_source stop;
    auto watcher = signalWatcher([&stop] { stop.request_stop(); });
    TrialPrinter printer(a.quiet);
    const auto outcome = study::runStudy(store, settings, a.resume, &printer, stop.get_token());
    watcher.request_stop();
    const auto record = store.study(outcome.studyId);
    const auto trials = store.trials(outcome.studyId);
    if (a.json) {
        std::cout << study::studyJson(*record, trials).dump() << std::endl;
    } else {
        std::cout << fmt::format("study {} '{}' {}: {} trials\n", record->id, record->name, outcome.status, trials.size());
        if (const auto best = study::bestTrial(*record, trials))
            std::cout << fmt::format("best: trial {}  {} = {}  {}{}\n", best->number,
                                     record->objective.empty() ? record->metric : record->objective,
                                     valueText(best->value), paramsText(best->paramsJson),
                                     best->runId > 0 ? fmt::format("  run {}", best->runId) : std::string());
    }
    if (!outcome.message.empty() && outcome.status != "completed")
        std::cerr << "lathe-cli study run: " << outcome.message.english() << "\n";
    return outcome.status == "completed" ? kExitOk : kExitOther;
}

StudyRecord requireStudy(RunStore& store, const std::string& which)
{
    std::optional<StudyRecord> s;
    if (!which.empty() && which.find_first_not_of("0123456789") == std::string::npos)
        s = store.study(std::stoll(which));
    if (!s)
        s = store.studyNamed(which);
    if (!s)
        throw UserError(Message(LATHE_TR("Study", "there is no study '%1' in %2 (see: lathe-cli study list)"), which,
                                store.path()));
    // A study left 'running' by a coordinator that is gone.
    if (s->status == "running" && !store.studyLocked(s->id))
        s->status = "interrupted";
    return *s;
}

void listStudies(RunStore& store, bool json)
{
    nlohmann::json out = nlohmann::json::array();
    std::string table = fmt::format("{:>4}  {:<24} {:<11} {:<8} {:<9} {:<15} {:>6} {:>6} {:>6}  {}\n", "id", "name",
                                    "status", "sampler", "pruner", "metric", "done", "pruned", "failed", "best");
    for (auto s : store.listStudies()) {
        s = requireStudy(store, std::to_string(s.id));
        const auto trials = store.trials(s.id);
        int complete = 0, pruned = 0, failed = 0;
        for (const auto& t : trials)
            complete += t.state == "complete", pruned += t.state == "pruned", failed += t.state == "failed";
        const auto best = study::bestTrial(s, trials);
        const auto metric = s.objective.empty() ? s.metric : s.objective;
        out.push_back({{"study_id", s.id}, {"name", s.name}, {"status", s.status}, {"sampler", s.sampler},
                       {"pruner", s.pruner}, {"metric", metric}, {"direction", s.direction},
                       {"trials", trials.size()}, {"complete", complete}, {"pruned", pruned}, {"failed", failed},
                       {"best_value", best && best->value ? nlohmann::json(*best->value) : nlohmann::json(nullptr)},
                       {"created", s.created}});
        table += fmt::format("{:>4}  {:<24} {:<11} {:<8} {:<9} {:<15} {:>6} {:>6} {:>6}  {}\n", s.id, s.name, s.status,
                             s.sampler, s.pruner, metric, complete, pruned, failed,
                             best ? valueText(best->value) : std::string("-"));
    }
    std::cout << (json ? out.dump() + "\n" : table);
}

void showStudy(RunStore& store, const std::string& which, bool json)
{
    const auto s = requireStudy(store, which);
    const auto trials = store.trials(s.id);
    if (json) {
        std::cout << study::studyJson(s, trials).dump() << std::endl;
        return;
    }
    std::cout << fmt::format("study {} '{}': {}  {} {} of {}  sampler {}  pruner {}  seed {}\n", s.id, s.name, s.status,
                             s.direction, s.objective.empty() ? "" : "objective", s.objective.empty() ? s.metric : s.objective,
                             s.sampler, s.pruner, s.seed);
    if (!s.message.empty())
        std::cout << "  " << s.message.english() << "\n";
    std::cout << fmt::format("{:>6}  {:<8} {:>10} {:>7} {:>6}  {}\n", "trial", "state", "value", "steps", "run", "params");
    for (const auto& t : trials)
        std::cout << fmt::format("{:>6}  {:<8} {:>10} {:>7} {:>6}  {}\n", t.number, t.state, valueText(t.value), t.steps,
                                 t.runId > 0 ? std::to_string(t.runId) : std::string("-"), paramsText(t.paramsJson));
}

int bestOfStudy(RunStore& store, const std::string& which, bool json, bool config)
{
    const auto s = requireStudy(store, which);
    const auto best = study::bestTrial(s, store.trials(s.id));
    if (!best) {
        std::cerr << fmt::format("lathe-cli study best: study {} has no complete trial yet\n", s.id);
        return kExitOther;
    }
    if (config) {
        // The best trial's whole run configuration, for `lathe-cli train --config` (to train it
        // again, for example with more steps).
        const auto run = best->runId > 0 ? store.run(best->runId) : std::nullopt;
        if (!run) {
            std::cerr << fmt::format("lathe-cli study best: trial {} of study {} trained no run (a test function's "
                                     "trial, or its run was deleted)\n",
                                     best->number, s.id);
            return kExitOther;
        }
        std::cout << nlohmann::json::parse(run->configJson).dump(2) << std::endl;
        return kExitOk;
    }
    if (json)
        std::cout << study::studyJson(s, {*best})["best"].dump() << std::endl;
    else
        std::cout << fmt::format("trial {}  {} = {}  {}{}\n", best->number, s.objective.empty() ? s.metric : s.objective,
                                 valueText(best->value), paramsText(best->paramsJson),
                                 best->runId > 0 ? fmt::format("  run {}", best->runId) : std::string());
    return kExitOk;
}

}  // namespace

void addStudy(CLI::App& app, std::function<int()>& run)
{
    auto* study = app.add_subcommand("study", "Hyperparameter studies: search training settings over many trials");
    study->require_subcommand(1);

    auto a = std::make_shared<StudyArgs>();
    auto* r = study->add_subcommand("run", "Run (or with --resume go on with) a study; each trial trains in its own "
                                           "lathe-cli process and is a run in the database");
    auto& s = a->study;
    s.sampler = "tpe";
    s.pruner = "none";
    s.metric = "val/accuracy";
    s.direction.clear();
    r->add_option("--name", s.name, "Study name (unique in the database)")->required();
    r->add_option("--space", a->spaceFile, "Search space JSON: {\"lr\": {\"type\": \"float\", \"low\": 1e-4, \"high\": "
                                           "1e-2, \"log\": true}, ...}");
    r->add_option("--sampler", s.sampler, "Sampler")->check(CLI::IsMember({"grid", "random", "sobol", "tpe", "tpe-multivariate", "gp"}))->capture_default_str();
    r->add_option("--pruner", s.pruner, "Pruner")->check(CLI::IsMember({"none", "median", "asha", "hyperband"}))->capture_default_str();
    r->add_option("--trials", s.maxTrials, "Trials to finish (complete or pruned), counting earlier ones on --resume")
        ->check(CLI::NonNegativeNumber);
    r->add_option("--workers", s.workers, "Trials trained at once, each in its own process")->check(CLI::PositiveNumber)->capture_default_str();
    r->add_option("--timeout", s.timeout, "No new trial after this many seconds")->check(CLI::NonNegativeNumber);
    r->add_option("--metric", s.metric, "Validation metric to optimize")
        ->check(CLI::IsMember({"val/accuracy", "val/loss", "val/macro_f1", "val/perplexity", "val/exact_match",
                               "val/token_accuracy", "val/token_error_rate", "val/sequence_error_rate", "val/cer",
                               "val/bleu", "val/chrf"}))
        ->capture_default_str();
    r->add_option("--direction", s.direction, "maximize or minimize (default: from the metric)")
        ->check(CLI::IsMember({"maximize", "minimize"}));
    r->add_option("--objective", s.objective, "A test function instead of training (minimized): branin (x1, x2) or "
                                              "hartmann6 (x1 … x6)")
        ->check(CLI::IsMember({"branin", "hartmann6"}));
    r->add_option("--seed", s.seed, "Sampler seed")->capture_default_str();
    r->add_option("--retries", a->retries, "Try a trial whose worker died again, this many times")->check(CLI::NonNegativeNumber);
    r->add_flag("--resume", a->resume, "Go on with the stored study of this name (its stored settings win)");
    r->add_flag("--json", a->json, "Print the study as one JSON object as the last line");
    r->add_flag("--quiet,-q", a->quiet, "No line per trial");
    addTrainingFlags(r, a->flags, false);
    addDbOption(*r, a->db);
    r->callback([&run, r, a] {
        run = [r, a] { return reportErrors("study run", [&] { return runStudyCommand(*r, *a); }); };
    });

    struct ReadArgs {
        std::string study, db, output;
        bool json = false, config = false;
    };
    auto ra = std::make_shared<ReadArgs>();
    auto* list = study->add_subcommand("list", "Table of every study");
    list->add_flag("--json", ra->json, "Print a JSON array");
    addDbOption(*list, ra->db);
    list->callback([&run, ra] {
        run = [ra] { return withStore(ra->db, "study list", [&](RunStore& store) { return listStudies(store, ra->json), kExitOk; }); };
    });
    auto* show = study->add_subcommand("show", "A study's settings and trials");
    show->add_option("--study", ra->study, "Study ID or name")->required();
    show->add_flag("--json", ra->json, "Print one JSON object");
    addDbOption(*show, ra->db);
    show->callback([&run, ra] {
        run = [ra] { return withStore(ra->db, "study show", [&](RunStore& store) { return showStudy(store, ra->study, ra->json), kExitOk; }); };
    });
    auto* best = study->add_subcommand("best", "A study's best complete trial");
    best->add_option("--study", ra->study, "Study ID or name")->required();
    best->add_flag("--json", ra->json, "Print one JSON object");
    best->add_flag("--config", ra->config, "Print the best trial's run configuration, for train --config");
    addDbOption(*best, ra->db);
    best->callback([&run, ra] {
        run = [ra] {
            return withStore(ra->db, "study best",
                             [&](RunStore& store) { return bestOfStudy(store, ra->study, ra->json, ra->config); });
        };
    });
    auto* del = study->add_subcommand("delete", "Delete a study and its trials (their runs stay in the database)");
    del->add_option("--study", ra->study, "Study ID or name")->required();
    addDbOption(*del, ra->db);
    del->callback([&run, ra] {
        run = [ra] {
            return withStore(ra->db, "study delete", [&](RunStore& store) {
                const auto s = requireStudy(store, ra->study);
                if (store.studyLocked(s.id))
                    throw UserError(Message(LATHE_TR("Study", "study %1 is running (pid %2); stop it before deleting it"),
                                            s.id, s.pid));
                store.deleteStudy(s.id);
                std::cout << fmt::format("deleted study {} '{}'; its runs stay in the database\n", s.id, s.name);
                return kExitOk;
            });
        };
    });
    auto* exp = study->add_subcommand("export", "A study's trials as CSV (number, state, value, duration_s, params_*, run_id)");
    exp->add_option("--study", ra->study, "Study ID or name")->required();
    exp->add_option("--output,-o", ra->output, "Write to this file (default: standard output)");
    addDbOption(*exp, ra->db);
    exp->callback([&run, ra] {
        run = [ra] {
            return withStore(ra->db, "study export", [&](RunStore& store) {
                const auto s = requireStudy(store, ra->study);
                const auto csv = study::trialsCsv(store.trials(s.id));
                if (ra->output.empty())
                    std::cout << csv;
                else
                    writeFileAtomically(ra->output, csv);
                return kExitOk;
            });
        };
    });

    auto* worker = study->add_subcommand("worker", "Trials of a study (started by `study run`; reads their requests on "
                                                   "standard input)");
    worker->group("");  // not in --help: only the coordinator starts it
    worker->callback([&run] {
        run = [] {
            TrainingControl control;
            std::atomic<bool> terminating{false};
            auto watcher = signalWatcher([&] {
                terminating.store(true);  // before the stop: see runTrialWorker
                control.requestStop();
            });
            return study::runTrialWorker(std::cin, std::cout, control, terminating);
        };
    });
}

}  // namespace lathe::cli
