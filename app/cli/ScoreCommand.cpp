// lathe-cli score: a system's output against references, line by line (exact match, error rates,
// BLEU and chrF with their sacreBLEU-style signatures), for any two aligned text files.
#include "cli/Commands.h"
#include "data/DataError.h"
#include "data/LineFile.h"
#include "metrics/SequenceMetrics.h"
#include "util/Message.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

namespace lathe::cli {

void addScore(CLI::App& app, std::function<int()>& run)
{
    struct Args {
        std::string reference, hypothesis, tokens = "words";
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("score", "Score a hypothesis file against a reference file, line by line "
                                            "(exact match, token / character / sequence error rates, BLEU, chrF)");
    sub->add_option("--reference,-r", a->reference, "Reference texts, one per line")->required();
    sub->add_option("--hypothesis,-y", a->hypothesis, "System output, one per line, aligned with the references")
        ->required();
    sub->add_option("--tokens", a->tokens, "What the token error rate counts: words (whitespace-separated) or chars")
        ->check(CLI::IsMember({"words", "chars"}));
    sub->add_flag("--json", a->json, "One JSON object");
    sub->callback([&run, a] {
        run = [a] {
            return reportErrors("score", [&] {
                const auto references = readLines(a->reference);
                const auto hypotheses = readLines(a->hypothesis);
                if (references.empty())
                    throw DataError(a->reference, 0, LATHE_TR("Data", "the file has no lines to score"),
                                    LATHE_TR("Data", "Give one reference text per line"));
                if (hypotheses.size() != references.size())
                    throw DataError(a->hypothesis, 0,
                                    Message(LATHE_TR("Data", "has %1 lines but the references (%2) have %3"),
                                            hypotheses.size(), a->reference, references.size()),
                                    LATHE_TR("Data", "Line i of the hypotheses must be the output for line i of the "
                                                     "references: one line each, blank lines included"));
                const auto unit = a->tokens == "chars" ? TokenUnit::Characters : TokenUnit::Words;
                const auto s = scoreTexts(hypotheses, references, unit);
                if (a->json) {
                    const nlohmann::json j{{"sequences", s.sequences},
                                           {"exact_match", s.exactMatch},
                                           {"sequence_error_rate", s.sequenceErrorRate},
                                           {"token_error_rate", s.tokenErrorRate},
                                           {"tokens", a->tokens},
                                           {"character_error_rate", s.characterErrorRate},
                                           {"bleu", s.bleu.score},
                                           {"bleu_signature", s.bleu.signature},
                                           {"bleu_precisions", s.bleu.precisions},
                                           {"brevity_penalty", s.bleu.brevityPenalty},
                                           {"chrf", s.chrf.score},
                                           {"chrf_signature", s.chrf.signature}};
                    std::cout << j.dump() << "\n";
                    return kExitOk;
                }
                std::cout << fmt::format("sequences             {}\n", s.sequences)
                          << fmt::format("exact match           {:.2f}%\n", 100 * s.exactMatch)
                          << fmt::format("sequence error rate   {:.2f}%\n", 100 * s.sequenceErrorRate)
                          << fmt::format("token error rate      {:.2f}% ({})\n", 100 * s.tokenErrorRate, a->tokens)
                          << fmt::format("character error rate  {:.2f}%\n", 100 * s.characterErrorRate)
                          << fmt::format("BLEU                  {:.2f}  {:.1f}/{:.1f}/{:.1f}/{:.1f} (BP {:.3f})  {}\n",
                                         s.bleu.score, s.bleu.precisions[0], s.bleu.precisions[1],
                                         s.bleu.precisions[2], s.bleu.precisions[3], s.bleu.brevityPenalty,
                                         s.bleu.signature)
                          << fmt::format("chrF2                 {:.2f}  {}\n", s.chrf.score, s.chrf.signature);
                return kExitOk;
            });
        };
    });
}

}  // namespace lathe::cli
