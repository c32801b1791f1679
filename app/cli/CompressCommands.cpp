// lathe-cli compress svd-sweep: what the Compression lab's rank sweep does, headless.
#include "cli/Commands.h"
#include "compress/RankSweep.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace lathe::cli {

namespace {

std::string metricsText(const std::map<std::string, double>& val)
{
    if (val.count("exact_match"))
        return fmt::format("loss {:.4f}  exact {:.4f}  TER {:.4f}  BLEU {:.2f}  chrF {:.2f}", val.at("loss"),
                           val.at("exact_match"), val.at("token_error_rate"), val.at("bleu"), val.at("chrf"));
    if (val.count("accuracy"))
        return fmt::format("loss {:.4f}  acc {:.4f}  F1 {:.4f}", val.at("loss"), val.at("accuracy"), val.at("macro_f1"));
    return fmt::format("loss {:.4f}  ppl {:.3f}", val.at("loss"), val.at("perplexity"));
}

std::string pointText(const SweepPoint& p, std::int64_t referenceParams)
{
    std::string what;
    if (p.mode == "layer")
        what = fmt::format("{} r={}", p.layer, p.rank);
    else if (p.mode == "uniform")
        what = p.budget > 0 ? fmt::format("r={} (budget {:.2f})", p.rank, p.budget) : fmt::format("r={}", p.rank);
    else if (p.mode == "energy")
        what = fmt::format("{:.0f}% energy per layer", 100 * p.energy);
    else if (p.mode == "global" || p.mode == "measured")
        what = fmt::format("budget {:.3f}", p.budget);
    else
        what = "unfactorized";
    auto line = fmt::format("{:<8} {:<32} params {:>9} ({:5.1f}%)  {}", p.mode, what, p.params,
                            100.0 * static_cast<double>(p.params) / static_cast<double>(referenceParams),
                            metricsText(p.val));
    if (!p.valBefore.empty())
        line += fmt::format("  [before fine-tuning: {}]", metricsText(p.valBefore));
    return line;
}

// Streams each point as it is evaluated: to stdout as a table, or to stderr with --json
// (stdout then carries only the final JSON array).
class SweepPrinter : public SweepListener {
public:
    explicit SweepPrinter(bool json) : m_out(json ? std::cerr : std::cout) {}
    void onSpectra(const std::vector<LayerSpectrum>& spectra, const SweepPoint& reference) override
    {
        m_referenceParams = reference.params;
        m_out << fmt::format("{} Linear layers; {}\n", spectra.size(), pointText(reference, reference.params));
        m_out.flush();
    }
    void onPoint(const SweepPoint& point, int done, int total) override
    {
        m_out << fmt::format("[{}/{}] {}\n", done, total, pointText(point, m_referenceParams));
        m_out.flush();
    }

private:
    std::ostream& m_out;
    std::int64_t m_referenceParams = 1;
};

}  // namespace

void addCompress(CLI::App& app, std::function<int()>& run)
{
    struct Args {
        std::string db, mode = "uniform";
        std::int64_t id = 0;
        SweepSettings settings;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* compress = app.add_subcommand("compress", "Make a trained run smaller and measure what it costs");
    compress->require_subcommand(1);
    auto* sub = compress->add_subcommand(
        "svd-sweep", "Replace Linear layers by truncated SVDs at several ranks or budgets and evaluate each");
    sub->add_option("--run", a->id, "Run ID")->required();
    auto* ranks = sub->add_option("--ranks", a->settings.ranks, "Ranks to evaluate, e.g. 4,8,16")->delimiter(',');
    auto* budgets = sub->add_option("--budgets", a->settings.budgets,
                                    "Fractions of the Linear weights' parameters to keep, e.g. 0.25,0.5")
                        ->delimiter(',');
    auto* energies = sub->add_option("--energies", a->settings.energies,
                                     "Retained-energy fractions: each layer at the smallest rank keeping that share of "
                                     "its squared singular values, e.g. 0.5,0.9")
                         ->delimiter(',');
    ranks->excludes(budgets);
    ranks->excludes(energies);
    budgets->excludes(energies);
    sub->add_option("--mode", a->mode,
                    "layer: one layer at a time; uniform: every layer at the same rank; global: ranks "
                    "allocated across layers under one parameter budget by singular-value energy per parameter; "
                    "measured: the same budgets, ranks chosen from each layer's measured loss increase (every "
                    "layer is probed alone at 1, 2, 4, ... first)")
        ->check(CLI::IsMember({"layer", "uniform", "global", "measured"}))
        ->capture_default_str();
    sub->add_option("--finetune-steps", a->settings.finetuneSteps, "Fine-tune each factorized model this many steps")
        ->check(CLI::NonNegativeNumber);
    sub->add_option("--finetune-lr", a->settings.finetuneLearningRate,
                    "Fine-tuning learning rate (default: a tenth of the run's)")
        ->check(CLI::NonNegativeNumber);
    sub->add_flag("--save-best", a->settings.saveBest, "Save the point with the lowest validation loss as a new run");
    sub->add_option("--threads", a->settings.threads, "Compute threads (0: all cores)");
    sub->add_flag("--json", a->json, "Print the points as a JSON array (the last line of stdout)");
    addDbOption(*sub, a->db);
    sub->callback([&run, a] {
        run = [a] {
            return withStore(a->db, "compress svd-sweep", [&](RunStore& store) {
                requireRun(store, a->id);
                a->settings.mode = sweepModeFromString(a->mode);
                if (a->settings.ranks.empty() && a->settings.budgets.empty() && a->settings.energies.empty())
                    throw std::invalid_argument("give the ranks (--ranks 4,8,16), the budgets (--budgets 0.25,0.5) or "
                                                "the retained-energy fractions (--energies 0.5,0.9)");
                SweepPrinter printer(a->json);
                const auto out = runRankSweep(store, a->id, a->settings, &printer);
                std::ostream& summary = a->json ? std::cerr : std::cout;
                summary << fmt::format("sweep {} of run {}: {} points in {:.1f} s", out.sweepId, a->id,
                                       out.points.size(), out.seconds);
                for (const auto& p : out.points)
                    if (p.savedRunId > 0)
                        summary << fmt::format("; saved the best point as run {}", p.savedRunId);
                summary << std::endl;
                if (a->json) {
                    auto array = nlohmann::json::array();
                    for (const auto& p : out.points)
                        array.push_back(nlohmann::json::parse(p.toJson()));
                    std::cout << array.dump() << std::endl;
                }
                return kExitOk;
            });
        };
    });
}

}  // namespace lathe::cli
