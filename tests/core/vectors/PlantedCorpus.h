#pragma once
// Generated corpora with a known answer, for the word-vector tests: synonyms that never meet but
// share their contexts, and a grid of words whose contexts add up (so analogies hold).
#include "inspect/WordVectors.h"

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace lathe::test {

// Pairs of synonyms (syn<p>a, syn<p>b) that never meet but share their own context words
// (ctx<p>_0 .. ctx<p>_3), among filler words every sentence may hold.
inline std::vector<std::string> plantedCorpus(int pairs, int sentences, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(sentences));
    for (int s = 0; s < sentences; ++s) {
        const int p = static_cast<int>(rng() % static_cast<std::uint32_t>(pairs));
        std::vector<std::string> words;
        for (int k = 0; k < 3; ++k)
            words.push_back("ctx" + std::to_string(p) + "_" + std::to_string(rng() % 4));
        words.push_back("syn" + std::to_string(p) + (rng() % 2 ? "a" : "b"));
        for (int k = 0; k < 2; ++k)
            words.push_back("filler" + std::to_string(rng() % 30));
        std::shuffle(words.begin(), words.end(), rng);
        std::string line;
        for (const auto& w : words)
            line += (line.empty() ? "" : " ") + w;
        out.push_back(line);
    }
    return out;
}

// Words item<i>_<g> for `items` topics i and two forms g (m, f), as king/queen or man/woman: each
// sentence holds one such word with two topic words (topic<t>_*) and two form words (form<h>_*),
// each of the word's own topic or form seven times in ten and of any other three in ten (so every
// pair meets, more or less often, as in real text; GloVe learns only from pairs that meet), among
// fillers. A word's contexts are its topic's plus its form's, so
// item<i>_f − item<i>_m + item<j>_m ≈ item<j>_f.
inline std::vector<std::string> plantedAnalogyCorpus(int items, int sentences, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> uniform(0, 1);
    std::vector<std::string> out;
    out.reserve(static_cast<std::size_t>(sentences));
    const auto any = [&](int n) { return static_cast<int>(rng() % static_cast<std::uint32_t>(n)); };
    for (int s = 0; s < sentences; ++s) {
        const int i = any(items), g = any(2);
        std::vector<std::string> words{"item" + std::to_string(i) + "_" + "mf"[g]};
        for (int k = 0; k < 2; ++k) {
            const int topic = uniform(rng) < 0.7 ? i : any(items), form = uniform(rng) < 0.7 ? g : any(2);
            words.push_back("topic" + std::to_string(topic) + "_" + std::to_string(any(3)));
            words.push_back(std::string("form") + "mf"[form] + "_" + std::to_string(any(3)));
        }
        words.push_back("filler" + std::to_string(any(20)));
        std::shuffle(words.begin(), words.end(), rng);
        std::string line;
        for (const auto& w : words)
            line += (line.empty() ? "" : " ") + w;
        out.push_back(line);
    }
    return out;
}

// The analogy questions of plantedAnalogyCorpus in questions-words.txt's layout: every ordered
// pair of topics i ≠ j, "item<i>_m item<i>_f item<j>_m item<j>_f".
inline std::string plantedAnalogyQuestions(int items)
{
    std::string q = ": planted-forms\n";
    for (int i = 0; i < items; ++i)
        for (int j = 0; j < items; ++j)
            if (i != j)
                q += "item" + std::to_string(i) + "_m item" + std::to_string(i) + "_f item" + std::to_string(j) +
                     "_m item" + std::to_string(j) + "_f\n";
    return q;
}

inline int rowOf(const WordVectors& v, const std::string& word)
{
    for (std::size_t i = 0; i < v.words.size(); ++i)
        if (v.words[i] == word)
            return static_cast<int>(i);
    return -1;
}

}  // namespace lathe::test
