#include "cli/Commands.h"
#include "data/LineFile.h"
#include "train/Inference.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace lathe::cli {

void addTranslate(CLI::App& app, std::function<int()>& run)
{
    struct Args {
        std::string db, text, input;
        std::int64_t id = 0;
        TranslateOptions t;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("translate", "Decode sources with an encoder–decoder run (seq2seq, lstm-seq2seq)");
    sub->add_option("--run", a->id, "Run ID")->required();
    auto* text = sub->add_option("--text", a->text, "Source text; each line is one source");
    sub->add_option("--input", a->input, "File with one source per line (UTF-8)")->excludes(text);
    sub->add_option("--beam", a->t.beamSize, "Beam size (default: the run's; 1: greedy)")->check(CLI::Range(1, 64));
    sub->add_option("--length-penalty", a->t.lengthPenalty, "Beams ranked by log p / length^alpha")
        ->capture_default_str();
    sub->add_option("--temperature", a->t.temperature, "Sample at this temperature instead of searching (0: search)")
        ->check(CLI::NonNegativeNumber);
    sub->add_option("--top-k", a->t.topK, "Sampling: only the k likeliest tokens (0: all)")->check(CLI::NonNegativeNumber);
    sub->add_option("--max-tokens", a->t.maxTokens, "Target tokens at most (0: the run's sequence length)")
        ->check(CLI::NonNegativeNumber);
    sub->add_option("--seed", a->t.seed, "Sampling seed")->capture_default_str();
    sub->add_flag("--json", a->json, "One JSON object per source: source, output, log_probability, finished");
    addDbOption(*sub, a->db);
    sub->callback([&run, a] {
        run = [a] {
            return withStore(a->db, "translate", [&](RunStore& store) {
                if (a->text.empty() && a->input.empty()) {
                    std::cerr << "lathe-cli translate: nothing to translate; give --text \"...\" or --input FILE\n";
                    return kExitBadInput;
                }
                const auto sources = a->input.empty() ? splitLines(a->text) : readLines(a->input);
                for (const auto& t : translate(checkpointOf(store, a->id), sources, a->t)) {
                    if (a->json)
                        std::cout << nlohmann::json{{"source", t.source},
                                                    {"output", t.output},
                                                    {"log_probability", t.logProbability},
                                                    {"finished", t.finished}}
                                         .dump()
                                  << "\n";
                    else
                        std::cout << t.output << "\n";
                }
                std::cout << std::flush;
                return kExitOk;
            });
        };
    });
}

}  // namespace lathe::cli
