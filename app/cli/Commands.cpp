#include "cli/Commands.h"
#include "data/DataError.h"
#include "report/RunReports.h"
#include "store/RunStore.h"
#include "train/Inference.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <iostream>
#include <memory>

namespace lathe::cli {

// Opens the store and runs `body`, turning errors into messages and exit codes.
int withStore(const std::string& db, const char* command, const std::function<int(RunStore&)>& body)
{
    return reportErrors(command, [&] {
        RunStore store(db.empty() ? RunStore::defaultPath() : db);
        return body(store);
    });
}

RunRecord requireRun(RunStore& store, std::int64_t id)
{
    auto r = store.run(id);
    if (!r)
        throw std::invalid_argument(fmt::format("there is no run {} in {} (see: lathe-cli runs list)", id, store.path()));
    return *r;
}

std::string checkpointOf(RunStore& store, std::int64_t id)
{
    requireRun(store, id);
    return store.checkpointPath(id);
}


// An encoder–decoder's evaluation: its metrics one per line, or one JSON object.
void printSequenceEvaluation(std::int64_t runId, const CheckpointEvaluation& r, bool json);

void addEval(CLI::App& app, std::function<int()>& run)
{
    struct Args {
        std::int64_t runId = 0;
        DataConfig data;
        std::string db;
        int threads = 0;
        int beam = 0;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("eval", "Evaluate a run's checkpoint on a dataset file");
    sub->add_option("--run", a->runId, "Run ID")->required();
    sub->add_option("--data", a->data.path, "Dataset to evaluate on")->required();
    sub->add_option("--format", a->data.format, "Dataset format")->check(CLI::IsMember({"auto", "csv", "tsv", "jsonl", "folder", "text"}));
    sub->add_option("--text-column", a->data.textColumn, "Text column")->capture_default_str();
    sub->add_option("--label-column", a->data.labelColumn, "Label column")->capture_default_str();
    auto* source = sub->add_option("--source-column", a->data.textColumn,
                                   "Encoder–decoders: source column (default: the run's)");
    auto* target = sub->add_option("--target-column", a->data.targetColumn,
                                   "Encoder–decoders: target column (default: the run's)");
    sub->add_option("--beam", a->beam, "Encoder–decoders: beam size (default: the run's; 1: greedy)")
        ->check(CLI::Range(1, 64));
    sub->add_option("--threads", a->threads, "Compute threads (0: all cores)");
    sub->add_flag("--json", a->json, "Print the report as JSON");
    addDbOption(*sub, a->db);
    sub->callback([&run, a, sub, source, target] {
        // An encoder–decoder's pairs are read with the run's source and target columns unless given.
        const bool sourceGiven = source->count() > 0 || sub->get_option("--text-column")->count() > 0;
        const bool targetGiven = target->count() > 0;
        run = [a, sourceGiven, targetGiven] {
            return withStore(a->db, "eval", [&](RunStore& store) {
                const auto record = requireRun(store, a->runId);
                if (record.kind == "seq2seq") {
                    RunConfig config;
                    config.mergeJson(record.configJson, "run settings");
                    if (!sourceGiven)
                        a->data.textColumn = config.data.textColumn;
                    if (!targetGiven)
                        a->data.targetColumn = config.data.targetColumn;
                }
                const auto r = evaluateCheckpoint(checkpointOf(store, a->runId), a->data, a->threads, a->beam);
                if (!r.sequenceMetrics.empty()) {
                    printSequenceEvaluation(a->runId, r, a->json);
                    return kExitOk;
                }
                if (r.report)
                    store.addEvaluation({a->runId, 0, a->data.path, r.report->toJson(r.classes), 0});
                if (a->json) {
                    nlohmann::json j{{"run_id", a->runId},       {"dataset", r.dataset},
                                     {"examples", r.examples},   {"loss", r.loss},
                                     {"precision", r.precision}, {"tokens_per_s", r.tokensPerSecond}};
                    if (r.report)
                        j["report"] = nlohmann::json::parse(r.report->toJson(r.classes));
                    else
                        j["perplexity"] = r.perplexity;
                    std::cout << j.dump() << std::endl;
                } else {
                    std::cout << fmt::format("{} examples  loss {:.4f}", r.examples, r.loss);
                    if (r.report)
                        std::cout << fmt::format("  accuracy {:.4f}  macro-F1 {:.4f}  weighted-F1 {:.4f}\n",
                                                 r.report->accuracy, r.report->macroF1, r.report->weightedF1);
                    else
                        std::cout << fmt::format("  perplexity {:.3f}\n", r.perplexity);
                    std::cout << fmt::format("{} matmuls, {:.0f} tokens/s\n", r.precision, r.tokensPerSecond);
                }
                return kExitOk;
            });
        };
    });
}

void printSequenceEvaluation(std::int64_t runId, const CheckpointEvaluation& r, bool json)
{
    if (json) {
        nlohmann::json j{{"run_id", runId},         {"dataset", r.dataset},   {"examples", r.examples},
                         {"beam", r.beamSize},      {"precision", r.precision}, {"tokens_per_s", r.tokensPerSecond}};
        for (const auto& [key, value] : r.sequenceMetrics)
            j[key] = value;
        j["signatures"] = {{"bleu", r.bleuSignature}, {"chrf", r.chrfSignature}};
        std::cout << j.dump() << std::endl;
        return;
    }
    std::cout << fmt::format("{} pairs, beam {}\n", r.examples, r.beamSize);
    for (const auto& [key, value] : r.sequenceMetrics)
        std::cout << fmt::format("  {:<20} {:.4f}\n", key, value);
    std::cout << fmt::format("  BLEU {}\n  chrF {}\n", r.bleuSignature, r.chrfSignature);
}

int reportErrors(const char* command, const std::function<int()>& body)
{
    try {
        return body();
    } catch (const DataError& e) {
        std::cerr << "lathe-cli " << command << ": " << e.what() << "\n";
        return kExitBadInput;
    } catch (const StoreError& e) {
        std::cerr << "lathe-cli " << command << ": " << e.what() << "\n";
        return kExitBadInput;
    } catch (const std::invalid_argument& e) {
        std::cerr << "lathe-cli " << command << ": " << e.what() << "\n";
        return kExitBadInput;
    } catch (const std::exception& e) {
        std::cerr << "lathe-cli " << command << ": " << e.what() << "\n";
        return kExitOther;
    }
}

void addRuns(CLI::App& app, std::function<int()>& run)
{
    struct Args {
        std::string db;
        bool json = false;
        std::int64_t id = 0;
        std::vector<std::int64_t> ids;
    };
    auto a = std::make_shared<Args>();
    auto* runs = app.add_subcommand("runs", "List, show and compare runs in the experiment database");
    runs->require_subcommand(1);
    auto* list = runs->add_subcommand("list", "Table of every run");
    list->add_flag("--json", a->json, "Print a JSON array");
    addDbOption(*list, a->db);
    list->callback([&run, a] {
        run = [a] {
            return withStore(a->db, "runs list", [&](RunStore& store) {
                const auto all = store.listRuns();
                std::cout << (a->json ? runsJson(all) + "\n" : runsTable(all));
                return kExitOk;
            });
        };
    });
    auto* show = runs->add_subcommand("show", "Everything about one run");
    show->add_option("id", a->id, "Run ID")->required();
    addDbOption(*show, a->db);
    show->callback([&run, a] {
        run = [a] {
            return withStore(a->db, "runs show", [&](RunStore& store) {
                std::cout << runDetail(store, requireRun(store, a->id));
                return kExitOk;
            });
        };
    });
    auto* compare = runs->add_subcommand("compare", "Settings that differ and final metrics, side by side");
    compare->add_option("ids", a->ids, "Two or more run IDs")->required()->expected(2, 64);
    addDbOption(*compare, a->db);
    compare->callback([&run, a] {
        run = [a] {
            return withStore(a->db, "runs compare", [&](RunStore& store) {
                std::vector<RunRecord> rs;
                for (auto id : a->ids)
                    rs.push_back(requireRun(store, id));
                std::cout << compareRuns(rs);
                return kExitOk;
            });
        };
    });
}

void addExport(CLI::App& app, std::function<int()>& run)
{
    struct Args {
        std::string db, out, what = "metrics";
        std::vector<std::int64_t> ids;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("export", "Export runs' metrics as CSV, or a run's model weights");
    sub->add_option("what", a->what, "metrics | weights")->check(CLI::IsMember({"metrics", "weights"}))->required();
    sub->add_option("--run", a->ids, "Run ID (several for metrics)")->required();
    sub->add_option("--out,-o", a->out, "Output file (metrics: default stdout)");
    addDbOption(*sub, a->db);
    sub->callback([&run, a] {
        run = [a] {
            return withStore(a->db, "export", [&](RunStore& store) {
                if (a->what == "weights") {
                    if (a->out.empty())
                        throw std::invalid_argument("give the output file with --out FILE.pt");
                    exportWeights(checkpointOf(store, a->ids.front()), a->out);
                    std::cerr << "wrote " << a->out << "\n";
                    return kExitOk;
                }
                for (auto id : a->ids)
                    requireRun(store, id);
                if (a->out.empty()) {
                    writeMetricsCsv(store, a->ids, std::cout);
                } else {
                    std::ofstream f(a->out);
                    if (!f)
                        throw std::runtime_error(fmt::format("{}: cannot write", a->out));
                    writeMetricsCsv(store, a->ids, f);
                }
                return kExitOk;
            });
        };
    });
}

void addGenerate(CLI::App& app, std::function<int()>& run)
{
    struct Args {
        std::string db;
        std::int64_t id = 0;
        GenerateOptions g;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("generate", "Sample text from a language-model run");
    sub->add_option("--run", a->id, "Run ID")->required();
    sub->add_option("--prompt", a->g.prompt, "Text to continue");
    sub->add_option("--length", a->g.maxTokens, "Tokens to generate")->capture_default_str();
    sub->add_option("--temperature", a->g.temperature, "Sampling temperature (0: greedy)")->capture_default_str();
    sub->add_option("--top-k", a->g.topK, "Sample among the k likeliest tokens (0: all)")->capture_default_str();
    sub->add_option("--seed", a->g.seed, "Random seed")->capture_default_str();
    addDbOption(*sub, a->db);
    sub->callback([&run, a] {
        run = [a] {
            return withStore(a->db, "generate", [&](RunStore& store) {
                std::cout << a->g.prompt << generateText(checkpointOf(store, a->id), a->g) << std::endl;
                return kExitOk;
            });
        };
    });
}

}  // namespace lathe::cli
