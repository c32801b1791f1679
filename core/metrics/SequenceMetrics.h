#pragma once
// Scores of generated sequences against their references (sequence-to-sequence runs): edit
// distances with their alignment, token / character / sequence error rates, exact match, and
// BLEU and chrF computed as sacreBLEU 2.x computes them by default, with its signature strings.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lathe {

// How a hypothesis token lines up with the reference (Levenshtein, unit costs).
enum class EditOp : char { Match = '=', Substitute = 'S', Insert = 'I', Delete = 'D' };

// The operations turning `reference` into `hypothesis`, in order: Match and Substitute consume
// one token of each, Insert one hypothesis token, Delete one reference token. Among alignments of
// minimal cost, the one preferring substitutions, then deletions, then insertions at each step
// from the end (what a reader expects to see highlighted).
struct Alignment {
    std::vector<EditOp> ops;
    std::int64_t distance = 0;  // operations other than Match
};
Alignment align(const std::vector<std::string>& reference, const std::vector<std::string>& hypothesis);
Alignment align(const std::vector<std::int64_t>& reference, const std::vector<std::int64_t>& hypothesis);

// Unicode code points of a UTF-8 string, each as its own string (for character-level scores).
std::vector<std::string> characters(const std::string& text);

// sacreBLEU's default tokenizer ("13a", mteval-v13a): punctuation and symbols split off, dashes
// and periods/commas next to non-digits, then split at whitespace.
std::vector<std::string> tokenize13a(const std::string& text);

struct BleuScore {
    double score = 0;                  // 0-100
    double precisions[4] = {0, 0, 0, 0};  // modified n-gram precisions, 0-100
    double brevityPenalty = 0;
    std::int64_t hypothesisLength = 0, referenceLength = 0;
    std::string signature;             // "nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0"
};
// Corpus BLEU over sentence pairs (one reference each): sacreBLEU's defaults (4-grams, 13a
// tokens, case-sensitive, exponential smoothing of zero-match orders, brevity penalty).
BleuScore corpusBleu(const std::vector<std::string>& hypotheses, const std::vector<std::string>& references);

struct ChrfScore {
    double score = 0;  // 0-100
    std::string signature;  // "nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0"
};
// Corpus chrF2 (character 6-grams, β = 2, whitespace removed): sacreBLEU's chrF defaults.
ChrfScore corpusChrf(const std::vector<std::string>& hypotheses, const std::vector<std::string>& references);

// Everything a sequence-to-sequence evaluation reports, over pairs of decoded and reference
// target sequences. Token error rate is over the run's target tokens (its tokenizer's pieces:
// the "phoneme error rate" of grapheme-to-phoneme work); character error rate over code points.
struct SequenceScores {
    std::size_t sequences = 0;
    double exactMatch = 0;         // share of hypotheses equal to their reference
    double sequenceErrorRate = 0;  // 1 − exact match (its "word error rate")
    double tokenErrorRate = 0;     // Σ edit distance / Σ reference length, over target tokens
    double characterErrorRate = 0; // the same over code points
    BleuScore bleu;
    ChrfScore chrf;
};
SequenceScores scoreSequences(const std::vector<std::string>& hypotheses, const std::vector<std::string>& references,
                              const std::vector<std::vector<std::int64_t>>& hypothesisTokens,
                              const std::vector<std::vector<std::int64_t>>& referenceTokens);

// The validation metrics an encoder–decoder run logs beyond val/loss and val/perplexity
// (val/exact_match, val/token_error_rate, ...): what early stopping and studies may watch.
bool isSequenceMetric(const std::string& metric);

// What a token is when texts are scored on their own (no model tokenizer): whitespace-separated
// words (the token error rate is then the word error rate) or Unicode code points.
enum class TokenUnit { Words, Characters };

// scoreSequences with each text's words (or characters) as its target tokens.
SequenceScores scoreTexts(const std::vector<std::string>& hypotheses, const std::vector<std::string>& references,
                          TokenUnit unit = TokenUnit::Words);

}  // namespace lathe
