#include "vectors/VectorsEval.h"

#include "data/DataError.h"
#include "vectors/isa/VectorOps.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fstream>
#include <numeric>
#include <unordered_map>

namespace lathe {

namespace {

std::string lower(std::string s)
{
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::vector<std::string> fields(const std::string& line, bool commas)
{
    std::vector<std::string> out;
    std::string cur;
    for (const char c : line) {
        if (c == ' ' || c == '\t' || c == '\r' || (commas && c == ',')) {
            if (!cur.empty())
                out.push_back(std::move(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty())
        out.push_back(std::move(cur));
    return out;
}

std::ifstream openText(const std::string& path, Message problem)
{
    std::ifstream in(path);
    if (!in)
        throw DataError(path, 0, std::move(problem), LATHE_TR("Vectors", "Check that it exists and is readable"));
    return in;
}

// The first `restrict` words, case-folded, each to its most frequent (first) row; and their unit vectors.
struct Lookup {
    std::unordered_map<std::string, std::int64_t> rows;
    std::vector<float> unit;  // [count, dim]
    std::int64_t count = 0;
    int dim = 0;

    Lookup(const WordVectors& v, std::int64_t restrict)
    {
        dim = v.dim;
        count = std::min<std::int64_t>(restrict, static_cast<std::int64_t>(v.words.size()));
        for (auto r = count - 1; r >= 0; --r)
            rows[lower(v.words[static_cast<std::size_t>(r)])] = r;
        const auto d = static_cast<std::size_t>(dim);
        unit.assign(v.values.begin(), v.values.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(count) * d));
        for (std::int64_t r = 0; r < count; ++r) {
            float* row = unit.data() + static_cast<std::size_t>(r) * d;
            double norm = 0;
            for (std::size_t i = 0; i < d; ++i)
                norm += static_cast<double>(row[i]) * row[i];
            const auto scale = norm > 0 ? static_cast<float>(1.0 / std::sqrt(norm)) : 0.0f;
            for (std::size_t i = 0; i < d; ++i)
                row[i] *= scale;
        }
    }
    std::int64_t find(const std::string& word) const
    {
        const auto it = rows.find(lower(word));
        return it == rows.end() ? -1 : it->second;
    }
    const float* row(std::int64_t r) const { return unit.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(dim); }
};

std::vector<double> averageRanks(const std::vector<double>& x)
{
    std::vector<std::size_t> order(x.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
    std::vector<double> ranks(x.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]])
            ++j;
        const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
        for (std::size_t k = i; k <= j; ++k)
            ranks[order[k]] = rank;
        i = j + 1;
    }
    return ranks;
}

}  // namespace

double pearsonR(const std::vector<double>& x, const std::vector<double>& y)
{
    const auto n = static_cast<double>(x.size());
    if (x.size() < 2 || x.size() != y.size())
        return 0;
    const double mx = std::accumulate(x.begin(), x.end(), 0.0) / n, my = std::accumulate(y.begin(), y.end(), 0.0) / n;
    double sxy = 0, sxx = 0, syy = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        sxy += (x[i] - mx) * (y[i] - my);
        sxx += (x[i] - mx) * (x[i] - mx);
        syy += (y[i] - my) * (y[i] - my);
    }
    return sxx > 0 && syy > 0 ? sxy / std::sqrt(sxx * syy) : 0;
}

double spearmanRho(const std::vector<double>& x, const std::vector<double>& y)
{
    return pearsonR(averageRanks(x), averageRanks(y));
}

SimilarityResult evaluateSimilarity(const WordVectors& vectors, const std::string& pairsPath, std::int64_t restrict)
{
    auto in = openText(pairsPath, LATHE_TR("Vectors", "cannot open the word-pair file"));
    const Lookup lookup(vectors, restrict);
    SimilarityResult r;
    std::vector<double> gold, model;
    std::string line;
    std::int64_t number = 0;
    bool data = false, header = false;
    while (std::getline(in, line)) {
        ++number;
        const auto f = fields(line, true);
        if (f.empty() || f[0][0] == '#')
            continue;
        double score = 0;
        const auto& s = f.size() == 3 ? f[2] : std::string();
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), score);
        if (f.size() != 3 || ec != std::errc() || end != s.data() + s.size()) {
            if (!data && !header) {
                header = true;  // the first line, a header ("Word 1,Word 2,Human (mean)")
                continue;
            }
            throw DataError(pairsPath, number,
                            LATHE_TR("Vectors", "a pair line holds two words and a number (tabs, commas or spaces "
                                                "between them)"),
                            LATHE_TR("Vectors", "Give pairs in WordSim-353's layout: word1, word2, score"));
        }
        data = true;
        ++r.pairs;
        const auto a = lookup.find(f[0]), b = lookup.find(f[1]);
        if (a < 0 || b < 0)
            continue;
        ++r.covered;
        float similarity = 0;  // cosine: the rows are unit vectors
        vectors::activeOps().dotRows(lookup.row(a), lookup.row(b), &similarity, 1, lookup.dim);
        gold.push_back(score);
        model.push_back(similarity);
    }
    if (r.pairs == 0)
        throw DataError(pairsPath, 0, LATHE_TR("Vectors", "the file holds no word pairs"),
                        LATHE_TR("Vectors", "Give pairs in WordSim-353's layout: word1, word2, score"));
    r.spearman = spearmanRho(gold, model);
    r.pearson = pearsonR(gold, model);
    return r;
}

AnalogyResult evaluateAnalogies(const WordVectors& vectors, const std::string& questionsPath, std::int64_t restrict)
{
    auto in = openText(questionsPath, LATHE_TR("Vectors", "cannot open the analogy file"));
    const Lookup lookup(vectors, restrict);
    AnalogyResult r;
    r.total.name = "total";
    const auto d = static_cast<std::size_t>(lookup.dim);
    std::vector<float> target(d), scores(static_cast<std::size_t>(lookup.count));
    std::string line;
    std::int64_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (line.rfind(": ", 0) == 0) {
            r.sections.push_back({line.substr(2)});
            continue;
        }
        const auto f = fields(line, false);
        if (f.empty())
            continue;
        if (f.size() != 4)
            throw DataError(questionsPath, number,
                            LATHE_TR("Vectors", "an analogy line holds four words: a b c d (a is to b as c is to d)"),
                            LATHE_TR("Vectors", "Give questions in questions-words.txt's layout, sections opened by "
                                                "': name' lines"));
        if (r.sections.empty())
            r.sections.push_back({"(no section)"});
        auto& section = r.sections.back();
        ++section.questions;
        ++r.total.questions;
        const auto a = lookup.find(f[0]), b = lookup.find(f[1]), c = lookup.find(f[2]), expected = lookup.find(f[3]);
        if (a < 0 || b < 0 || c < 0 || expected < 0)
            continue;
        ++section.covered;
        ++r.total.covered;
        for (std::size_t i = 0; i < d; ++i)
            target[i] = lookup.row(b)[i] - lookup.row(a)[i] + lookup.row(c)[i];
        vectors::activeOps().dotRows(lookup.unit.data(), target.data(), scores.data(), lookup.count, lookup.dim);
        std::int64_t best = -1;
        for (std::int64_t w = 0; w < lookup.count; ++w)
            if (w != a && w != b && w != c && (best < 0 || scores[static_cast<std::size_t>(w)] > scores[static_cast<std::size_t>(best)]))
                best = w;
        // Compared case-folded, as gensim does (another row may spell the answer in other case).
        if (best >= 0 && lower(vectors.words[static_cast<std::size_t>(best)]) == lower(f[3])) {
            ++section.correct;
            ++r.total.correct;
        }
    }
    return r;
}

}  // namespace lathe
