#include "data/Synthetic.h"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <stdexcept>

namespace lathe {

SyntheticTask syntheticTaskFromString(const std::string& s)
{
    if (s == "copy") return SyntheticTask::Copy;
    if (s == "reverse") return SyntheticTask::Reverse;
    if (s == "sort") return SyntheticTask::Sort;
    if (s == "brackets") return SyntheticTask::Brackets;
    if (s == "modadd") return SyntheticTask::ModularAddition;
    throw std::invalid_argument(fmt::format("unknown synthetic task '{}' (copy, reverse, sort, brackets, modadd)", s));
}

namespace {

std::string join(const std::vector<int>& v)
{
    std::string s;
    for (int x : v)
        s += (s.empty() ? "" : " ") + std::to_string(x);
    return s;
}

bool balanced(const std::string& s)
{
    int depth = 0;
    for (char c : s) {
        depth += c == '(' ? 1 : -1;
        if (depth < 0)
            return false;
    }
    return depth == 0;
}

// Half balanced strings (built by a random walk that never dips below zero), half
// near misses made by flipping one bracket of a balanced string.
std::string bracketString(std::mt19937_64& rng, int length, bool wantBalanced)
{
    const int n = std::max(2, length - length % 2);
    std::string s;
    int open = 0, remainingOpen = n / 2;
    for (int i = 0; i < n; ++i) {
        const bool canOpen = remainingOpen > 0;
        const bool canClose = open > 0;
        const bool doOpen = canOpen && (!canClose || std::uniform_int_distribution<int>(0, 1)(rng) == 1);
        s += doOpen ? '(' : ')';
        open += doOpen ? 1 : -1;
        remainingOpen -= doOpen ? 1 : 0;
    }
    if (!wantBalanced) {
        auto pos = std::uniform_int_distribution<std::size_t>(0, s.size() - 1)(rng);
        s[pos] = s[pos] == '(' ? ')' : '(';
    }
    return s;
}

}  // namespace

TextDataset makeSynthetic(const SyntheticOptions& o)
{
    std::mt19937_64 rng(o.seed);
    TextDataset ds;
    ds.path = "synthetic";
    std::vector<std::string> labelNames;
    std::uniform_int_distribution<int> sym(0, std::max(1, o.symbols) - 1);
    for (int i = 0; i < o.examples; ++i) {
        switch (o.task) {
        case SyntheticTask::Copy:
        case SyntheticTask::Reverse:
        case SyntheticTask::Sort: {
            std::vector<int> in(static_cast<std::size_t>(o.length));
            for (auto& x : in)
                x = sym(rng);
            auto out = in;
            if (o.task == SyntheticTask::Reverse)
                std::reverse(out.begin(), out.end());
            if (o.task == SyntheticTask::Sort)
                std::sort(out.begin(), out.end());
            ds.texts.push_back(join(in) + " = " + join(out));
            break;
        }
        case SyntheticTask::Brackets: {
            const bool want = (i % 2) == 0;
            const auto s = bracketString(rng, o.length, want);
            ds.texts.push_back(s);
            labelNames.push_back(balanced(s) ? "balanced" : "unbalanced");
            break;
        }
        case SyntheticTask::ModularAddition: {
            std::uniform_int_distribution<int> num(0, o.modulus - 1);
            const int a = num(rng), b = num(rng);
            ds.texts.push_back(fmt::format("{} + {}", a, b));
            labelNames.push_back(std::to_string((a + b) % o.modulus));
            break;
        }
        }
    }
    if (!labelNames.empty()) {
        std::vector<std::string> classes = labelNames;
        std::sort(classes.begin(), classes.end());
        classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
        if (o.task == SyntheticTask::ModularAddition) {
            classes.clear();
            for (int k = 0; k < o.modulus; ++k)
                classes.push_back(std::to_string(k));
        }
        for (const auto& l : labelNames)
            ds.labels.push_back(static_cast<int>(std::find(classes.begin(), classes.end(), l) - classes.begin()));
        ds.classes = classes;
    }
    return ds;
}

}  // namespace lathe
