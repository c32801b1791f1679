#include "study/Importance.h"

#include "study/TpeSampler.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lathe::study {

namespace {
constexpr int kGrid = 64;

// Pearson divergence Σ q (p/q − 1)² of two distributions over the same points.
double pearson(std::vector<double> p, std::vector<double> q)
{
    const double sp = std::accumulate(p.begin(), p.end(), 0.0), sq = std::accumulate(q.begin(), q.end(), 0.0);
    double d = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const double pi = p[i] / sp, qi = std::max(q[i] / sq, 1e-12);
        d += qi * (pi / qi - 1) * (pi / qi - 1);
    }
    return d;
}
}  // namespace

std::vector<ParameterImportance> pedAnovaImportance(const SearchSpace& space, const std::vector<Trial>& trials,
                                                    double topQuantile)
{
    std::vector<const Trial*> complete;
    for (const auto& t : trials)
        if (t.state == TrialState::Complete && t.value && std::isfinite(*t.value))
            complete.push_back(&t);
    if (complete.size() < 4)
        return {};
    std::stable_sort(complete.begin(), complete.end(), [](auto a, auto b) { return *a->value < *b->value; });
    TpeOptions options;
    options.scaleFreeDensity = false;  // the true density: the grid is a probability
    options.ageWeights = false;
    std::vector<ParameterImportance> out;
    for (const auto& p : space.parameters()) {
        // The trials that had it (a conditional parameter), best first.
        std::vector<const Trial*> had;
        for (const auto* t : complete)
            if (t->params.count(p.name))
                had.push_back(t);
        ParameterImportance imp{p.name, 0, static_cast<int>(had.size())};
        if (had.size() < 4) {
            out.push_back(imp);
            continue;
        }
        const auto top = std::max<std::size_t>(2, static_cast<std::size_t>(std::ceil(topQuantile * double(had.size()))));
        if (p.kind == ParamKind::Categorical) {
            std::vector<int> best, all;
            for (std::size_t i = 0; i < had.size(); ++i) {
                const int c = choiceIndex(p, had[i]->params.at(p.name));
                if (c < 0)
                    continue;
                all.push_back(c);
                if (i < top)
                    best.push_back(c);
            }
            const int n = static_cast<int>(p.choices.size());
            const ParzenEstimator pt(best, n, options), pa(all, n, options);
            std::vector<double> pv, qv;
            for (int c = 0; c < n; ++c) {
                pv.push_back(std::exp(pt.logPdf(c)));
                qv.push_back(std::exp(pa.logPdf(c)));
            }
            imp.importance = pearson(pv, qv);
        } else {
            const auto [low, high] = samplingInterval(p);
            const double step = p.log ? 0.0 : p.step;
            std::vector<double> best, all;
            for (std::size_t i = 0; i < had.size(); ++i) {
                const auto& v = had[i]->params.at(p.name);
                if (!v.is_number())
                    continue;
                all.push_back(samplingCoordinate(p, v));
                if (i < top)
                    best.push_back(all.back());
            }
            const ParzenEstimator pt(best, low, high, step, options), pa(all, low, high, step, options);
            std::vector<double> pv, qv;
            // The grid: each value of a discrete parameter with few values, else kGrid points.
            const int values = step > 0 ? static_cast<int>(std::round((p.high - p.low) / step)) + 1 : 0;
            const int points = values > 0 && values <= kGrid ? values : kGrid;
            for (int i = 0; i < points; ++i) {
                const double x = values > 0 && values <= kGrid ? p.low + i * step
                                                               : low + (i + 0.5) * (high - low) / points;
                pv.push_back(std::exp(pt.logPdf(x)));
                qv.push_back(std::exp(pa.logPdf(x)));
            }
            imp.importance = pearson(pv, qv);
        }
        out.push_back(imp);
    }
    const double total = std::accumulate(out.begin(), out.end(), 0.0, [](double s, const auto& i) { return s + i.importance; });
    for (auto& i : out)
        i.importance = total > 0 ? i.importance / total : 0;
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.importance > b.importance; });
    return out;
}

}  // namespace lathe::study
