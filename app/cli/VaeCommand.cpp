// lathe-cli train --model vae (a sentence VAE kept as a run) and lathe-cli vae sample |
// reconstruct | interpolate from such a run's checkpoint.
#include "cli/Commands.h"
#include "cli/Progress.h"
#include "store/RunStore.h"
#include "vae/VaeRun.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace lathe::cli {

void addVaeTrainingFlags(CLI::App* sub, VaeConfig& v)
{
    sub->add_option("--latent", v.latent, "VAE: dimensions of the latent z")->capture_default_str();
    sub->add_option("--kl-anneal", v.klAnneal, "VAE: how the KL weight rises to 1 (linear over --anneal-steps, "
                                               "cyclical, none)")
        ->check(CLI::IsMember({"linear", "cyclical", "none"}))
        ->capture_default_str();
    sub->add_option("--anneal-steps", v.annealSteps, "VAE: steps of the linear KL ramp (0: a third of the run)")
        ->capture_default_str();
    sub->add_option("--cycles", v.cycles, "VAE: cycles of the cyclical KL schedule")->capture_default_str();
    sub->add_option("--word-dropout", v.wordDropout, "VAE: share of the decoder's input words replaced by <unk>")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    sub->add_option("--free-bits", v.freeBits, "VAE: nats per latent dimension its KL is not pushed below (0: off)")
        ->capture_default_str();
    sub->add_option("--iwae-samples", v.iwaeSamples, "VAE: importance samples of the final NLL bound")
        ->capture_default_str();
}

int runVaeTrain(CLI::App& sub, const RunConfig& config, VaeConfig vae, const std::string& tags, RunStore& store,
                bool json, bool quiet)
{
    const auto given = [&sub](const char* name) {
        const auto* option = sub.get_option_no_throw(name);
        return option && option->count() > 0;
    };
    // The shared flags where the user gave them; the VAE's own defaults elsewhere.
    if (given("--width"))
        vae.embedding = config.model.width;
    if (given("--hidden"))
        vae.hidden = config.model.hidden;
    if (given("--max-length"))
        vae.maxLength = config.model.maxLength;
    if (given("--steps"))
        vae.steps = config.train.maxSteps;
    if (given("--eval-every"))
        vae.evalEvery = config.train.evalEvery;
    if (given("--lr"))
        vae.learningRate = config.train.learningRate;
    if (given("--clip"))
        vae.clipNorm = config.train.clipNorm;
    vae.batchSize = config.train.batchSize;
    vae.tokenizer = config.tokenizer;
    vae.seed = config.train.seed;
    vae.threads = config.train.threads;
    vae.validationFraction = config.data.validationFraction;
    if (config.data.path.empty()) {
        std::cerr << "lathe-cli train: no dataset; give --data PATH\n";
        return kExitBadInput;
    }
    VaeRunRequest request;
    request.config = vae;
    request.dataPath = config.data.path;
    request.format = config.data.format;
    request.textColumn = config.data.textColumn;
    request.labelColumn = config.data.labelColumn;
    request.replaceInvalidUtf8 = config.data.replaceInvalidUtf8;
    request.name = config.name;
    request.tags = tags;
    request.store = &store;
    TrainingControl control;
    ProgressPrinter progress(quiet || json);
    request.listener = &progress;
    request.control = &control;
    const auto watcher = signalWatcher([&control] { control.requestStop(); });
    VaeRunOutcome outcome;
    if (const int rc = reportErrors("train", [&] {
            outcome = trainVaeRun(request);
            return kExitOk;
        });
        rc != kExitOk)
        return rc;
    progress.finishLine();
    const auto& s = outcome.validation;
    if (json) {
        nlohmann::json val{{"loss", s.reconstruction + s.kl}, {"elbo", s.elbo}, {"reconstruction", s.reconstruction},
                           {"kl", s.kl}, {"active_units", s.activeUnits}};
        if (s.iwaeNll > 0) {
            val["iwae_nll"] = s.iwaeNll;
            val["perplexity"] = s.perplexity;
        }
        std::cout << nlohmann::json{{"run_id", outcome.runId}, {"status", toString(outcome.status)},
                                    {"steps", outcome.steps}, {"params", outcome.parameters},
                                    {"tokens_per_s", outcome.tokensPerSecond}, {"seconds", outcome.seconds},
                                    {"val", val}, {"message", outcome.warning.english()}}
                         .dump()
                  << std::endl;
    } else {
        std::cout << fmt::format("run {} {} after {} steps ({:.1f} s, {:.0f} tokens/s)\n", outcome.runId,
                                 toString(outcome.status), outcome.steps, outcome.seconds, outcome.tokensPerSecond);
        std::cout << fmt::format("  val/elbo           {:.4f}\n  val/reconstruction {:.4f}\n  val/kl             {:.4f}\n"
                                 "  val/active_units   {}\n",
                                 s.elbo, s.reconstruction, s.kl, s.activeUnits);
        if (s.iwaeNll > 0)
            std::cout << fmt::format("  val/iwae_nll       {:.4f}  (perplexity {:.2f})\n", s.iwaeNll, s.perplexity);
        if (!outcome.warning.empty())
            std::cerr << "warning: " << outcome.warning.english() << "\n";
    }
    switch (outcome.status) {
    case RunStatus::Completed: return kExitOk;
    case RunStatus::Diverged: return kExitDiverged;
    default: return kExitOther;
    }
}

namespace {
struct VaeArgs {
    std::int64_t run = 0;
    std::string db, text, from, to;
    int count = 10, steps = 5;
    std::uint64_t seed = 1;
    bool json = false;
};

void printLines(const std::vector<std::string>& lines, const char* key, bool json)
{
    if (json) {
        std::cout << nlohmann::json{{key, lines}}.dump() << std::endl;
        return;
    }
    for (const auto& l : lines)
        std::cout << l << "\n";
}
}  // namespace

void addVae(CLI::App& app, std::function<int()>& run)
{
    auto* vae = app.add_subcommand("vae", "A text VAE run's latent space: sample, reconstruct, interpolate");
    vae->require_subcommand(1);
    auto a = std::make_shared<VaeArgs>();
    const auto common = [&a](CLI::App* sub) {
        sub->add_option("--run", a->run, "A VAE run (lathe-cli train --model vae)")->required();
        sub->add_flag("--json", a->json, "Print JSON");
        addDbOption(*sub, a->db);
    };
    auto* sample = vae->add_subcommand("sample", "Sentences decoded from z drawn from the prior N(0, I)");
    common(sample);
    sample->add_option("--count", a->count, "How many")->check(CLI::Range(1, 1000))->capture_default_str();
    sample->add_option("--seed", a->seed, "Random seed")->capture_default_str();
    auto* reconstruct = vae->add_subcommand("reconstruct", "The sentence decoded from a text's posterior mean");
    common(reconstruct);
    reconstruct->add_option("--text", a->text, "The sentence")->required();
    auto* interpolate = vae->add_subcommand("interpolate", "Sentences along the line between two texts' posterior means");
    common(interpolate);
    interpolate->add_option("--from", a->from, "First sentence")->required();
    interpolate->add_option("--to", a->to, "Last sentence")->required();
    interpolate->add_option("--steps", a->steps, "Points, both ends included")->check(CLI::Range(2, 100))->capture_default_str();

    const auto openStore = [](const std::string& db) { return RunStore(db.empty() ? RunStore::defaultPath() : db); };
    sample->callback([&run, a, openStore] {
        run = [a, openStore] {
            return reportErrors("vae sample", [&] {
                printLines(vaeSample(openStore(a->db), a->run, a->count, a->seed), "samples", a->json);
                return kExitOk;
            });
        };
    });
    reconstruct->callback([&run, a, openStore] {
        run = [a, openStore] {
            return reportErrors("vae reconstruct", [&] {
                const auto text = vaeReconstruct(openStore(a->db), a->run, a->text);
                if (a->json)
                    std::cout << nlohmann::json{{"input", a->text}, {"reconstruction", text}}.dump() << std::endl;
                else
                    std::cout << text << "\n";
                return kExitOk;
            });
        };
    });
    interpolate->callback([&run, a, openStore] {
        run = [a, openStore] {
            return reportErrors("vae interpolate", [&] {
                printLines(vaeInterpolate(openStore(a->db), a->run, a->from, a->to, a->steps), "path", a->json);
                return kExitOk;
            });
        };
    });
}

}  // namespace lathe::cli
