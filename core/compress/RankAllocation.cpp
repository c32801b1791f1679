#include "compress/LowRank.h"

#include <fmt/format.h>

#include <cmath>
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
        throw std::invalid_argument(fmt::format(
            "a budget of {} weight parameters is below the smallest factorization (rank 1 everywhere: {})", budget, spent));
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

}  // namespace lathe
