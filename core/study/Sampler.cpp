#include "study/Sampler.h"
#include "study/GpSampler.h"
#include "study/TpeSampler.h"
#include "util/Message.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>

namespace lathe::study {

namespace {
constexpr std::size_t kMaxGridPoints = 1'000'000;

std::uint64_t splitmix(std::uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

// One parameter's grid values.
std::vector<nlohmann::json> gridValues(const Parameter& p)
{
    std::vector<nlohmann::json> values;
    if (p.kind == ParamKind::Categorical)
        return p.choices;
    if (p.kind == ParamKind::Float && p.step <= 0) {
        if (p.gridPoints < 2)
            throw UserError(Message(LATHE_TR("Study", "parameter '%1': a grid search needs a 'step' or "
                                                      "'grid_points' for a float"),
                                    p.name));
        for (int i = 0; i < p.gridPoints; ++i) {
            const double t = double(i) / double(p.gridPoints - 1);
            values.emplace_back(p.log ? std::exp(std::log(p.low) + t * (std::log(p.high) - std::log(p.low)))
                                      : p.low + t * (p.high - p.low));
        }
        values.front() = p.low;  // the ends exactly, not through exp(log(x))
        values.back() = p.high;
        return values;
    }
    const double count = std::round((p.high - p.low) / p.step) + 1;
    if (count > double(kMaxGridPoints))
        throw UserError(Message(LATHE_TR("Study", "the grid has more than a million points: use fewer values")));
    const auto n = static_cast<std::int64_t>(count);
    for (std::int64_t i = 0; i < n; ++i) {
        const double v = p.low + double(i) * p.step;
        values.push_back(p.kind == ParamKind::Int ? nlohmann::json(std::llround(v)) : nlohmann::json(v));
    }
    return values;
}

void enumerate(const SearchSpace& space, const nlohmann::json& fixed, std::size_t at, Assignment& partial,
               std::vector<Assignment>& out)
{
    if (at == space.parameters().size()) {
        if (out.size() >= kMaxGridPoints)
            throw UserError(Message(LATHE_TR("Study", "the grid has more than a million points: use fewer values")));
        out.push_back(partial);
        return;
    }
    const auto& p = space.parameters()[at];
    if (!space.active(p, partial, fixed)) {
        enumerate(space, fixed, at + 1, partial, out);
        return;
    }
    for (const auto& v : gridValues(p)) {
        partial[p.name] = v;
        enumerate(space, fixed, at + 1, partial, out);
    }
    partial.erase(p.name);
}

bool sameAssignment(const SearchSpace& space, const Assignment& a, const Assignment& b)
{
    if (a.size() != b.size())
        return false;
    for (const auto& [name, value] : a) {
        const auto it = b.find(name);
        if (it == b.end())
            return false;
        const auto* p = space.find(name);
        if (p && p->kind == ParamKind::Categorical ? choiceIndex(*p, value) != choiceIndex(*p, it->second)
                                                   : !(value.is_number() && it->second.is_number() &&
                                                       std::abs(value.get<double>() - it->second.get<double>()) <=
                                                           1e-12 * std::max(1.0, std::abs(value.get<double>()))))
            return false;
    }
    return true;
}
}  // namespace

std::mt19937_64 trialRng(std::uint64_t seed, int number, std::uint64_t stream)
{
    // Chained, not combined with a symmetric operation: seed 0's trial 1 is not seed 1's trial 0.
    return std::mt19937_64(splitmix(splitmix(splitmix(seed) ^ static_cast<std::uint64_t>(number)) ^ stream));
}

Interval samplingInterval(const Parameter& p)
{
    double low = p.low, high = p.high;
    if (p.step > 0) {
        low -= 0.5 * p.step;
        high += 0.5 * p.step;
    }
    if (p.log)
        return {std::log(low), std::log(high)};
    return {low, high};
}

nlohmann::json valueAt(const Parameter& p, double x)
{
    double v = p.log ? std::exp(x) : x;
    if (p.step > 0)
        v = p.low + std::round((v - p.low) / p.step) * p.step;
    v = std::clamp(v, p.low, p.high);
    if (p.kind == ParamKind::Int)
        return std::llround(v);
    return v;
}

double samplingCoordinate(const Parameter& p, const nlohmann::json& value)
{
    const double v = value.get<double>();
    return p.log ? std::log(v) : v;
}

nlohmann::json RandomSampler::draw(const Parameter& p, std::mt19937_64& rng)
{
    if (p.kind == ParamKind::Categorical)
        return p.choices[std::uniform_int_distribution<std::size_t>(0, p.choices.size() - 1)(rng)];
    const auto [low, high] = samplingInterval(p);
    return valueAt(p, std::uniform_real_distribution<double>(low, high)(rng));
}

std::optional<Assignment> RandomSampler::sample(const SearchSpace& space, const std::vector<Trial>&,
                                                const nlohmann::json& fixed, int number)
{
    auto rng = trialRng(m_seed, number);
    Assignment a;
    for (const auto& p : space.parameters())
        if (space.active(p, a, fixed))
            a[p.name] = draw(p, rng);
    return a;
}

namespace {
struct Direction {
    unsigned polynomial;
    int degree;
    std::uint32_t m[18];
};
constexpr Direction kDirections[] = {
#include "study/SobolDirections.inc"
};
constexpr int kSobolBits = 32;

// Direction integers V[d][j] (scaled to 32 bits) of every dimension, built once.
const std::vector<std::array<std::uint32_t, kSobolBits>>& directions()
{
    static const auto v = [] {
        std::vector<std::array<std::uint32_t, kSobolBits>> out(std::size(kDirections) + 1);
        for (int j = 0; j < kSobolBits; ++j)
            out[0][j] = 1u << (kSobolBits - 1 - j);
        for (std::size_t d = 1; d < out.size(); ++d) {
            const auto& dir = kDirections[d - 1];
            std::array<std::uint64_t, kSobolBits> m{};
            for (int j = 0; j < dir.degree; ++j)
                m[j] = dir.m[j];
            // m_j = 2 a_1 m_{j-1} ^ 4 a_2 m_{j-2} ^ … ^ 2^s m_{j-s} ^ m_{j-s} (Bratley and Fox).
            for (int j = dir.degree; j < kSobolBits; ++j) {
                std::uint64_t value = m[j - dir.degree];
                for (int k = 0; k < dir.degree; ++k)
                    if ((dir.polynomial >> (dir.degree - 1 - k)) & 1u)
                        value ^= (std::uint64_t{2} << k) * m[j - k - 1];
                m[j] = value;
            }
            for (int j = 0; j < kSobolBits; ++j)
                out[d][j] = static_cast<std::uint32_t>(m[j] << (kSobolBits - 1 - j));
        }
        return out;
    }();
    return v;
}
}  // namespace

int SobolSampler::sobolDimensions() { return static_cast<int>(std::size(kDirections)) + 1; }

std::vector<double> SobolSampler::point(std::uint32_t index, int dims, const std::vector<std::uint32_t>& shift)
{
    const auto& v = directions();
    const std::uint32_t gray = index ^ (index >> 1);
    std::vector<double> x(static_cast<std::size_t>(dims));
    for (int d = 0; d < dims; ++d) {
        std::uint32_t bits = d < int(shift.size()) ? shift[static_cast<std::size_t>(d)] : 0;
        for (int j = 0; j < kSobolBits; ++j)
            if ((gray >> j) & 1u)
                bits ^= v[static_cast<std::size_t>(d)][j];
        x[static_cast<std::size_t>(d)] = double(bits) / 4294967296.0;
    }
    return x;
}

std::optional<Assignment> SobolSampler::sample(const SearchSpace& space, const std::vector<Trial>&,
                                               const nlohmann::json& fixed, int number)
{
    const auto& params = space.parameters();
    const int dims = std::min<int>(static_cast<int>(params.size()), sobolDimensions());
    auto shiftRng = trialRng(m_seed, 0, 3);
    std::vector<std::uint32_t> shift(static_cast<std::size_t>(dims));
    for (auto& s : shift)
        s = static_cast<std::uint32_t>(shiftRng() >> 32);
    const auto u = point(static_cast<std::uint32_t>(number), dims, shift);
    auto extra = trialRng(m_seed, number, 2);
    Assignment a;
    for (std::size_t i = 0; i < params.size(); ++i) {
        const auto& p = params[i];
        if (!space.active(p, a, fixed))
            continue;  // its coordinate goes unused: the others keep theirs
        if (int(i) >= dims) {
            a[p.name] = RandomSampler::draw(p, extra);
        } else if (p.kind == ParamKind::Categorical) {
            const auto k = std::min(p.choices.size() - 1, static_cast<std::size_t>(u[i] * double(p.choices.size())));
            a[p.name] = p.choices[k];
        } else {
            const auto [low, high] = samplingInterval(p);
            a[p.name] = valueAt(p, low + u[i] * (high - low));
        }
    }
    return a;
}

std::vector<Assignment> GridSampler::points(const SearchSpace& space, const nlohmann::json& fixed)
{
    std::vector<Assignment> out;
    Assignment partial;
    enumerate(space, fixed, 0, partial, out);
    return out;
}

std::optional<Assignment> GridSampler::sample(const SearchSpace& space, const std::vector<Trial>& trials,
                                              const nlohmann::json& fixed, int)
{
    for (const auto& point : points(space, fixed)) {
        const bool taken = std::any_of(trials.begin(), trials.end(), [&](const Trial& t) {
            return t.state != TrialState::Failed && sameAssignment(space, t.params, point);
        });
        if (!taken)
            return point;
    }
    return std::nullopt;
}

std::unique_ptr<Sampler> makeSampler(const std::string& name, std::uint64_t seed)
{
    if (name == "random")
        return std::make_unique<RandomSampler>(seed);
    if (name == "grid")
        return std::make_unique<GridSampler>();
    if (name == "sobol")
        return std::make_unique<SobolSampler>(seed);
    if (name == "tpe")
        return std::make_unique<TpeSampler>(seed);
    if (name == "tpe-multivariate") {
        TpeOptions o;
        o.multivariate = true;
        return std::make_unique<TpeSampler>(seed, o);
    }
    if (name == "gp")
        return std::make_unique<GpSampler>(seed);
    throw UserError(Message(LATHE_TR("Study", "unknown sampler '%1' (known: grid, random, sobol, tpe, tpe-multivariate, gp)"), name));
}

}  // namespace lathe::study
