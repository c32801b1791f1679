#include "metrics/SequenceMetrics.h"
#include "util/Utf8.h"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <stdexcept>
#include <string_view>

namespace lathe {

namespace {
// Levenshtein by the full table (sequences here are sentences: a few hundred tokens at most),
// then the path back from the end.
template <class T>
Alignment alignTokens(const std::vector<T>& ref, const std::vector<T>& hyp)
{
    const std::size_t n = ref.size(), m = hyp.size();
    std::vector<std::int64_t> d((n + 1) * (m + 1));
    const auto at = [&](std::size_t i, std::size_t j) -> std::int64_t& { return d[i * (m + 1) + j]; };
    for (std::size_t i = 0; i <= n; ++i)
        at(i, 0) = static_cast<std::int64_t>(i);
    for (std::size_t j = 0; j <= m; ++j)
        at(0, j) = static_cast<std::int64_t>(j);
    for (std::size_t i = 1; i <= n; ++i)
        for (std::size_t j = 1; j <= m; ++j)
            at(i, j) = std::min({at(i - 1, j - 1) + (ref[i - 1] == hyp[j - 1] ? 0 : 1), at(i - 1, j) + 1,
                                 at(i, j - 1) + 1});
    Alignment a;
    a.distance = at(n, m);
    std::size_t i = n, j = m;
    while (i > 0 || j > 0) {
        if (i > 0 && j > 0 && ref[i - 1] == hyp[j - 1] && at(i, j) == at(i - 1, j - 1)) {
            a.ops.push_back(EditOp::Match);
            --i, --j;
        } else if (i > 0 && j > 0 && at(i, j) == at(i - 1, j - 1) + 1) {
            a.ops.push_back(EditOp::Substitute);
            --i, --j;
        } else if (i > 0 && at(i, j) == at(i - 1, j) + 1) {
            a.ops.push_back(EditOp::Delete);
            --i;
        } else {
            a.ops.push_back(EditOp::Insert);
            --j;
        }
    }
    std::reverse(a.ops.begin(), a.ops.end());
    return a;
}

// Python's str.isspace(): what sacreBLEU's split() and rstrip() treat as whitespace.
bool isPythonSpace(char32_t c)
{
    return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000;
}

// Python's str.split(): runs of whitespace separate, none at the ends.
std::vector<std::u32string> splitWords(const std::u32string& s)
{
    std::vector<std::u32string> out;
    std::u32string word;
    for (const char32_t c : s) {
        if (isPythonSpace(c)) {
            if (!word.empty())
                out.push_back(std::move(word));
            word.clear();
        } else
            word.push_back(c);
    }
    if (!word.empty())
        out.push_back(std::move(word));
    return out;
}

void replaceAll(std::string& s, std::string_view from, std::string_view to)
{
    for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
        s.replace(at, from.size(), to);
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// mteval-v13a's first class: {|}~ [\]^_` space!"#$%& ()*+ :;<=>?@ /
bool isSplitSymbol(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return (u >= 0x7B && u <= 0x7E) || (u >= 0x5B && u <= 0x60) || (u >= 0x20 && u <= 0x26) ||
           (u >= 0x28 && u <= 0x2B) || (u >= 0x3A && u <= 0x40) || c == '/';
}

// re.sub of a two-character pattern: leftmost matches, no overlap (the bytes of UTF-8 behave as
// its code points do here: a multi-byte character is never a digit, period, comma or dash).
template <class First, class Second, class Emit>
std::string substitutePairs(const std::string& s, First first, Second second, Emit emit)
{
    std::string out;
    out.reserve(s.size() * 2);
    for (std::size_t i = 0; i < s.size();) {
        if (i + 1 < s.size() && first(s[i]) && second(s[i + 1])) {
            emit(out, s[i], s[i + 1]);
            i += 2;
        } else
            out.push_back(s[i++]);
    }
    return out;
}

std::string toUtf8(const std::u32string& s)
{
    std::string out;
    for (const char32_t c : s)
        utf8::append(out, c);
    return out;
}

using Ngram = std::vector<std::u32string>;

// Counts of every n-gram of orders 1..maxOrder of `units`.
std::vector<std::map<Ngram, std::int64_t>> ngramCounts(const std::vector<std::u32string>& units, int maxOrder)
{
    std::vector<std::map<Ngram, std::int64_t>> counts(static_cast<std::size_t>(maxOrder));
    for (int n = 1; n <= maxOrder; ++n)
        for (std::size_t i = 0; i + static_cast<std::size_t>(n) <= units.size(); ++i)
            ++counts[static_cast<std::size_t>(n - 1)][Ngram(units.begin() + static_cast<std::ptrdiff_t>(i),
                                                            units.begin() + static_cast<std::ptrdiff_t>(i) + n)];
    return counts;
}

// The Levenshtein distance alone, two rows at a time (long lines would need a large table).
template <class T>
std::int64_t editDistance(const std::vector<T>& ref, const std::vector<T>& hyp)
{
    std::vector<std::int64_t> previous(hyp.size() + 1), current(hyp.size() + 1);
    for (std::size_t j = 0; j <= hyp.size(); ++j)
        previous[j] = static_cast<std::int64_t>(j);
    for (std::size_t i = 1; i <= ref.size(); ++i) {
        current[0] = static_cast<std::int64_t>(i);
        for (std::size_t j = 1; j <= hyp.size(); ++j)
            current[j] = std::min({previous[j - 1] + (ref[i - 1] == hyp[j - 1] ? 0 : 1), previous[j] + 1,
                                   current[j - 1] + 1});
        std::swap(previous, current);
    }
    return previous[hyp.size()];
}

constexpr int kBleuOrder = 4;
constexpr int kChrfOrder = 6;
constexpr double kChrfBeta = 2.0;
constexpr const char* kSacrebleuVersion = "2.6.0";
}  // namespace

Alignment align(const std::vector<std::string>& reference, const std::vector<std::string>& hypothesis)
{
    return alignTokens(reference, hypothesis);
}

Alignment align(const std::vector<std::int64_t>& reference, const std::vector<std::int64_t>& hypothesis)
{
    return alignTokens(reference, hypothesis);
}

std::vector<std::string> characters(const std::string& text)
{
    std::vector<std::string> out;
    for (const char32_t cp : utf8::decode(text))
        out.push_back(utf8::encode(cp));
    return out;
}

std::vector<std::string> tokenize13a(const std::string& text)
{
    std::string line = text;
    replaceAll(line, "<skipped>", "");
    replaceAll(line, "-\n", "");
    replaceAll(line, "\n", " ");
    if (line.find('&') != std::string::npos) {
        replaceAll(line, "&quot;", "\"");
        replaceAll(line, "&amp;", "&");
        replaceAll(line, "&lt;", "<");
        replaceAll(line, "&gt;", ">");
    }
    line = " " + line + " ";
    std::string spaced;
    spaced.reserve(line.size() * 2);
    for (const char c : line) {
        if (isSplitSymbol(c)) {
            spaced.push_back(' ');
            spaced.push_back(c);
            spaced.push_back(' ');
        } else
            spaced.push_back(c);
    }
    const auto periodOrComma = [](char c) { return c == '.' || c == ','; };
    const auto notDigit = [](char c) { return !isDigit(c); };
    spaced = substitutePairs(spaced, notDigit, periodOrComma, [](std::string& o, char a, char b) {
        o.push_back(a), o.push_back(' '), o.push_back(b), o.push_back(' ');
    });
    spaced = substitutePairs(spaced, periodOrComma, notDigit, [](std::string& o, char a, char b) {
        o.push_back(' '), o.push_back(a), o.push_back(' '), o.push_back(b);
    });
    spaced = substitutePairs(spaced, isDigit, [](char c) { return c == '-'; }, [](std::string& o, char a, char b) {
        o.push_back(a), o.push_back(' '), o.push_back(b), o.push_back(' ');
    });
    std::vector<std::string> out;
    for (const auto& w : splitWords(utf8::decode(spaced)))
        out.push_back(toUtf8(w));
    return out;
}

BleuScore corpusBleu(const std::vector<std::string>& hypotheses, const std::vector<std::string>& references)
{
    if (hypotheses.size() != references.size())
        throw std::invalid_argument("corpusBleu: hypotheses and references differ in number");
    BleuScore b;
    b.signature = std::string("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:") + kSacrebleuVersion;
    std::int64_t correct[kBleuOrder] = {}, total[kBleuOrder] = {};
    const auto words = [](const std::string& s) {
        // sacreBLEU strips trailing whitespace, tokenizes, then splits at whitespace.
        auto text = utf8::decode(s);
        while (!text.empty() && isPythonSpace(text.back()))
            text.pop_back();
        std::vector<std::u32string> out;
        for (const auto& t : tokenize13a(toUtf8(text)))
            out.push_back(utf8::decode(t));
        return out;
    };
    for (std::size_t i = 0; i < hypotheses.size(); ++i) {
        const auto hyp = words(hypotheses[i]);
        const auto ref = words(references[i]);
        b.hypothesisLength += static_cast<std::int64_t>(hyp.size());
        b.referenceLength += static_cast<std::int64_t>(ref.size());
        const auto h = ngramCounts(hyp, kBleuOrder);
        const auto r = ngramCounts(ref, kBleuOrder);
        for (int n = 0; n < kBleuOrder; ++n)
            for (const auto& [gram, count] : h[static_cast<std::size_t>(n)]) {
                total[n] += count;
                const auto& refs = r[static_cast<std::size_t>(n)];
                if (const auto it = refs.find(gram); it != refs.end())
                    correct[n] += std::min(count, it->second);
            }
    }
    const auto sys = static_cast<double>(b.hypothesisLength), ref = static_cast<double>(b.referenceLength);
    b.brevityPenalty = sys < ref ? (sys > 0 ? std::exp(1.0 - ref / sys) : 0.0) : 1.0;
    if (std::all_of(std::begin(correct), std::end(correct), [](std::int64_t c) { return c == 0; }))
        return b;
    // Exponential smoothing (mteval's): the k-th order without a match counts 1 / 2^k matches.
    double smooth = 1.0;
    for (int n = 0; n < kBleuOrder; ++n) {
        if (total[n] == 0)
            break;
        if (correct[n] == 0) {
            smooth *= 2;
            b.precisions[n] = 100.0 / (smooth * static_cast<double>(total[n]));
        } else
            b.precisions[n] = 100.0 * static_cast<double>(correct[n]) / static_cast<double>(total[n]);
    }
    double logSum = 0;
    for (const double p : b.precisions)
        logSum += p == 0.0 ? -9999999999.0 : std::log(p);
    b.score = b.brevityPenalty * std::exp(logSum / kBleuOrder);
    return b;
}

ChrfScore corpusChrf(const std::vector<std::string>& hypotheses, const std::vector<std::string>& references)
{
    if (hypotheses.size() != references.size())
        throw std::invalid_argument("corpusChrf: hypotheses and references differ in number");
    ChrfScore c;
    c.signature = std::string("nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:") + kSacrebleuVersion;
    // Per order: hypothesis n-grams (0 where the reference has none of that order), reference
    // n-grams, matches; summed over the corpus.
    std::int64_t hypCount[kChrfOrder] = {}, refCount[kChrfOrder] = {}, matches[kChrfOrder] = {};
    const auto chars = [](const std::string& s) {
        std::vector<std::u32string> out;
        for (const char32_t ch : utf8::decode(s))
            if (!isPythonSpace(ch))
                out.push_back(std::u32string(1, ch));
        return out;
    };
    for (std::size_t i = 0; i < hypotheses.size(); ++i) {
        const auto h = ngramCounts(chars(hypotheses[i]), kChrfOrder);
        const auto r = ngramCounts(chars(references[i]), kChrfOrder);
        for (int n = 0; n < kChrfOrder; ++n) {
            const auto& refs = r[static_cast<std::size_t>(n)];
            std::int64_t hyps = 0, refTotal = 0, match = 0;
            for (const auto& [gram, count] : h[static_cast<std::size_t>(n)]) {
                hyps += count;
                if (const auto it = refs.find(gram); it != refs.end())
                    match += std::min(count, it->second);
            }
            for (const auto& entry : refs)
                refTotal += entry.second;
            hypCount[n] += refs.empty() ? 0 : hyps;
            refCount[n] += refTotal;
            matches[n] += match;
        }
    }
    // Precision and recall averaged over the orders both sides have, then one F-beta.
    double precision = 0, recall = 0;
    int orders = 0;
    for (int n = 0; n < kChrfOrder; ++n) {
        if (hypCount[n] > 0 && refCount[n] > 0) {
            precision += static_cast<double>(matches[n]) / static_cast<double>(hypCount[n]);
            recall += static_cast<double>(matches[n]) / static_cast<double>(refCount[n]);
            ++orders;
        }
    }
    if (orders == 0)
        return c;
    precision /= orders;
    recall /= orders;
    const double f = kChrfBeta * kChrfBeta;
    if (precision + recall > 0)
        c.score = 100.0 * (1 + f) * precision * recall / (f * precision + recall);
    return c;
}

SequenceScores scoreSequences(const std::vector<std::string>& hypotheses, const std::vector<std::string>& references,
                              const std::vector<std::vector<std::int64_t>>& hypothesisTokens,
                              const std::vector<std::vector<std::int64_t>>& referenceTokens)
{
    const auto n = references.size();
    if (hypotheses.size() != n || hypothesisTokens.size() != n || referenceTokens.size() != n)
        throw std::invalid_argument("scoreSequences: hypotheses and references differ in number");
    SequenceScores s;
    s.sequences = n;
    if (n == 0)
        return s;
    std::int64_t exact = 0, tokenEdits = 0, tokenLength = 0, charEdits = 0, charLength = 0;
    for (std::size_t i = 0; i < n; ++i) {
        exact += hypotheses[i] == references[i] ? 1 : 0;
        tokenEdits += editDistance(referenceTokens[i], hypothesisTokens[i]);
        tokenLength += static_cast<std::int64_t>(referenceTokens[i].size());
        const auto refChars = utf8::decode(references[i]);
        const auto hypChars = utf8::decode(hypotheses[i]);
        charEdits += editDistance(std::vector<char32_t>(refChars.begin(), refChars.end()),
                                  std::vector<char32_t>(hypChars.begin(), hypChars.end()));
        charLength += static_cast<std::int64_t>(refChars.size());
    }
    s.exactMatch = static_cast<double>(exact) / static_cast<double>(n);
    s.sequenceErrorRate = 1.0 - s.exactMatch;
    // An empty reference side has no length to divide by: every edit is an error then.
    s.tokenErrorRate = static_cast<double>(tokenEdits) / static_cast<double>(std::max<std::int64_t>(tokenLength, 1));
    s.characterErrorRate = static_cast<double>(charEdits) / static_cast<double>(std::max<std::int64_t>(charLength, 1));
    s.bleu = corpusBleu(hypotheses, references);
    s.chrf = corpusChrf(hypotheses, references);
    return s;
}

SequenceScores scoreTexts(const std::vector<std::string>& hypotheses, const std::vector<std::string>& references,
                          TokenUnit unit)
{
    std::map<std::u32string, std::int64_t> ids;
    const auto tokens = [&](const std::string& text) {
        std::vector<std::int64_t> out;
        const auto decoded = utf8::decode(text);
        const auto add = [&](std::u32string piece) {
            out.push_back(ids.try_emplace(std::move(piece), static_cast<std::int64_t>(ids.size())).first->second);
        };
        if (unit == TokenUnit::Characters) {
            for (const char32_t c : decoded)
                add(std::u32string(1, c));
        } else {
            for (auto& w : splitWords(decoded))
                add(std::move(w));
        }
        return out;
    };
    std::vector<std::vector<std::int64_t>> hypTokens, refTokens;
    for (const auto& h : hypotheses)
        hypTokens.push_back(tokens(h));
    for (const auto& r : references)
        refTokens.push_back(tokens(r));
    return scoreSequences(hypotheses, references, hypTokens, refTokens);
}

bool isSequenceMetric(const std::string& metric)
{
    for (const char* m : {"val/token_accuracy", "val/exact_match", "val/token_error_rate", "val/sequence_error_rate",
                          "val/cer", "val/bleu", "val/chrf"})
        if (metric == m)
            return true;
    return false;
}

}  // namespace lathe
