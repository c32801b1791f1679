#include "compress/LowRank.h"
#include "util/Message.h"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <queue>
#include <stdexcept>

namespace lathe {

std::int64_t LayerSpectrum::weightParameters(int rank) const
{
    return rank <= 0 ? std::int64_t{in} * out : std::int64_t{rank} * (in + out);
}

bool LayerSpectrum::saves(int rank) const
{
    return rank > 0 && rank < fullRank() && weightParameters(rank) < weightParameters(0);
}

double LayerSpectrum::energy(int rank) const
{
    if (rank <= 0)
        return 1.0;
    double kept = 0, total = 0;
    for (std::size_t k = 0; k < singular.size(); ++k) {
        total += singular[k] * singular[k];
        if (static_cast<int>(k) < rank)
            kept += singular[k] * singular[k];
    }
    return total > 0 ? kept / total : 1.0;
}

double LayerSpectrum::relativeError(int rank) const
{
    return std::sqrt(std::max(0.0, 1.0 - energy(rank)));
}

RankMap uniformRanks(const std::vector<LayerSpectrum>& layers, int rank)
{
    RankMap out;
    for (const auto& l : layers)
        if (l.saves(rank))
            out[l.name] = rank;
    return out;
}

RankMap energyRanks(const std::vector<LayerSpectrum>& layers, double fraction)
{
    RankMap out;
    for (const auto& l : layers) {
        int r = 1;
        while (r < l.fullRank() && l.energy(r) < fraction)
            ++r;
        if (l.saves(r))
            out[l.name] = r;
    }
    return out;
}

RankMap singleLayerRank(const std::vector<LayerSpectrum>& layers, const std::string& layer, int rank)
{
    for (const auto& l : layers)
        if (l.name == layer && l.saves(rank))
            return {{layer, rank}};
    return {};
}

std::int64_t weightParameters(const std::vector<LayerSpectrum>& layers, const RankMap& ranks)
{
    std::int64_t total = 0;
    for (const auto& l : layers) {
        const auto it = ranks.find(l.name);
        total += l.weightParameters(it == ranks.end() ? 0 : it->second);
    }
    return total;
}

std::int64_t denseWeightParameters(const std::vector<LayerSpectrum>& layers)
{
    return weightParameters(layers, {});
}

int uniformRankWithin(const std::vector<LayerSpectrum>& layers, std::int64_t budget)
{
    int best = 0, maxRank = 0;
    for (const auto& l : layers)
        maxRank = std::max(maxRank, l.fullRank());
    for (int r = 1; r <= maxRank; ++r)
        if (weightParameters(layers, uniformRanks(layers, r)) <= budget)
            best = r;
    return best;
}

namespace {
struct Step {
    double value;  // energy gained per parameter
    std::int64_t cost;
    std::size_t layer;
    bool operator<(const Step& o) const { return value < o.value; }
};
}  // namespace

RankMap allocateRanks(const std::vector<LayerSpectrum>& layers, std::int64_t budget)
{
    // rank[i] == 0 means the layer went back to dense.
    std::vector<int> rank(layers.size(), 1);
    std::int64_t spent = 0;
    for (const auto& l : layers)
        spent += l.saves(1) ? l.weightParameters(1) : l.weightParameters(0);
    if (spent > budget)
        throw UserError(Message(LATHE_TR("Compress", "a budget of %1 weight parameters is below the smallest factorization (rank 1 everywhere: %2)"), budget, spent));
    for (std::size_t i = 0; i < layers.size(); ++i)
        if (!layers[i].saves(1))
            rank[i] = 0;

    // The next step of layer i from its current rank: one more rank, or dense when the
    // factors would no longer save anything.
    const auto next = [&](std::size_t i) -> std::optional<Step> {
        const auto& l = layers[i];
        const int r = rank[i];
        if (r == 0)
            return std::nullopt;
        if (l.saves(r + 1)) {
            const double gain = l.energy(r + 1) - l.energy(r);
            return Step{gain / static_cast<double>(l.in + l.out), l.in + l.out, i};
        }
        const auto cost = l.weightParameters(0) - l.weightParameters(r);
        const double gain = 1.0 - l.energy(r);
        return Step{gain / static_cast<double>(std::max<std::int64_t>(cost, 1)), cost, i};
    };
    std::priority_queue<Step> queue;
    for (std::size_t i = 0; i < layers.size(); ++i)
        if (auto s = next(i))
            queue.push(*s);
    while (!queue.empty()) {
        const auto s = queue.top();
        queue.pop();
        if (spent + s.cost > budget)
            continue;  // this layer cannot grow further within the budget; others still may
        spent += s.cost;
        rank[s.layer] = layers[s.layer].saves(rank[s.layer] + 1) ? rank[s.layer] + 1 : 0;
        if (auto n = next(s.layer))
            queue.push(*n);
    }
    RankMap out;
    for (std::size_t i = 0; i < layers.size(); ++i)
        if (rank[i] > 0)
            out[layers[i].name] = rank[i];
    return out;
}

namespace {
// Costs are counted in units of budget / kCostUnits (rounded up), which bounds the table.
constexpr std::int64_t kCostUnits = 4096;

struct Choice {
    int rank;  // 0: dense
    std::int64_t cost;
    double loss;
};
}  // namespace

RankMap allocateByMeasuredLoss(const std::vector<LayerSpectrum>& layers, const LossIncrease& increase,
                               std::int64_t budget)
{
    const std::int64_t unit = std::max<std::int64_t>(1, (budget + kCostUnits - 1) / kCostUnits);
    const auto capacity = static_cast<std::size_t>(budget / unit);
    // Rounded up, so what fits in units fits in parameters; filling and reading back agree.
    const auto unitsOf = [unit](std::int64_t cost) { return static_cast<std::size_t>((cost + unit - 1) / unit); };
    constexpr double kInfeasible = std::numeric_limits<double>::infinity();
    // best[c]: the smallest summed loss increase of the layers so far within c units.
    std::vector<double> best(capacity + 1, 0.0);
    std::vector<std::vector<int>> picked;  // per layer and capacity: index of the choice
    std::vector<std::vector<Choice>> choices;
    for (const auto& l : layers) {
        std::vector<Choice> options{{0, l.weightParameters(0), 0.0}};
        if (const auto it = increase.find(l.name); it != increase.end())
            for (const auto& [rank, loss] : it->second)
                if (l.saves(rank))
                    options.push_back({rank, l.weightParameters(rank), loss});
        std::vector<double> next(capacity + 1, kInfeasible);
        std::vector<int> pick(capacity + 1, -1);
        for (std::size_t c = 0; c <= capacity; ++c)
            for (std::size_t o = 0; o < options.size(); ++o) {
                const auto units = unitsOf(options[o].cost);
                if (units > c || best[c - units] == kInfeasible)
                    continue;
                const double total = best[c - units] + options[o].loss;
                if (total < next[c]) {
                    next[c] = total;
                    pick[c] = static_cast<int>(o);
                }
            }
        best.swap(next);
        picked.push_back(std::move(pick));
        choices.push_back(std::move(options));
    }
    if (best[capacity] == kInfeasible)
        throw UserError(Message(LATHE_TR("Compress", "a budget of %1 weight parameters is below the smallest measured ranks of every layer"), budget));
    RankMap out;
    std::size_t c = capacity;
    for (std::size_t i = layers.size(); i-- > 0;) {
        const auto& choice = choices[i][static_cast<std::size_t>(picked[i][c])];
        if (choice.rank > 0)
            out[layers[i].name] = choice.rank;
        c -= unitsOf(choice.cost);
    }
    return out;
}

}  // namespace lathe
