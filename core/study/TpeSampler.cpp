#include "study/TpeSampler.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace lathe::study {

namespace {
constexpr double kEps = 1e-12;
constexpr double kSqrt2 = 1.4142135623730951;

// Standard normal CDF, and its complement accurate in the upper tail.
double normalCdf(double z) { return 0.5 * std::erfc(-z / kSqrt2); }

// Inverse standard normal CDF (Acklam's rational approximation, one Halley refinement step).
double normalQuantile(double p)
{
    static const double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                               1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    static const double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                               6.680131188771972e+01, -1.328068155288572e+01};
    static const double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                               -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    static const double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                               3.754408661907416e+00};
    p = std::clamp(p, 1e-300, 1 - 1e-16);
    double x;
    if (p < 0.02425) {
        const double q = std::sqrt(-2 * std::log(p));
        x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    } else if (p <= 1 - 0.02425) {
        const double q = p - 0.5, r = q * q;
        x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
            (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    } else {
        const double q = std::sqrt(-2 * std::log1p(-p));
        x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
            ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    }
    const double e = normalCdf(x) - p;
    const double u = e * std::sqrt(2 * 3.14159265358979323846) * std::exp(x * x / 2);
    return x - u / (1 + x * u / 2);
}

// A draw from N(mu, sigma) truncated to [low, high], by inverting the CDF; an interval in the
// upper tail is mirrored into the lower one, where the CDF keeps its precision.
double truncatedNormal(double mu, double sigma, double low, double high, std::mt19937_64& rng)
{
    double a = (low - mu) / sigma, b = (high - mu) / sigma;
    const bool mirrored = a > 0;
    if (mirrored) {
        const double t = a;
        a = -b, b = -t;
    }
    const double pa = normalCdf(a), pb = normalCdf(b);
    double z;
    if (pb - pa > 0) {
        const double u = std::uniform_real_distribution<double>(pa, pb)(rng);
        z = std::clamp(normalQuantile(u), a, b);
    } else {
        z = std::uniform_real_distribution<double>(a, b)(rng);  // far in the tail: flat there
    }
    if (mirrored)
        z = -z;
    return std::clamp(mu + sigma * z, low, high);
}

// The density at x of N(mu, s) truncated to [low, high]; with a step, the mass of x's step.
// `scaleFree` leaves out 1/s, as Optuna 3.1 does.
double truncatedDensity(double x, double mu, double s, double low, double high, double step, bool scaleFree)
{
    const double z = normalCdf((high - mu) / s) - normalCdf((low - mu) / s);
    if (step > 0) {
        const double lo = std::max(x - 0.5 * step, low), hi = std::min(x + 0.5 * step, high);
        return (normalCdf((hi - mu) / s) - normalCdf((lo - mu) / s)) / std::max(z, kEps);
    }
    const double u = (x - mu) / s;
    return std::exp(-0.5 * u * u) / ((scaleFree ? 1.0 : s) * std::sqrt(2 * 3.14159265358979323846)) / std::max(z, kEps);
}

// A categorical observation's kernel (Optuna 3.1): `spread` on every one of `choices`, one more
// on the observed `choice`, normalised.
std::vector<double> categoricalKernel(int choice, int choices, double spread)
{
    std::vector<double> p(static_cast<std::size_t>(choices), spread);
    p[static_cast<std::size_t>(choice)] += 1;
    const double s = std::accumulate(p.begin(), p.end(), 0.0);
    for (auto& x : p)
        x /= s;
    return p;
}

// log(exp(a) + exp(b) + …) without overflow.
double logSumExp(const std::vector<double>& v)
{
    const double m = *std::max_element(v.begin(), v.end());
    if (!std::isfinite(m))
        return m;
    double s = 0;
    for (double x : v)
        s += std::exp(x - m);
    return m + std::log(s);
}

// Multivariate TPE's estimator (Optuna 3.1, multivariate=True): one component per observation
// over all dimensions at once (a product of per-dimension kernels sharing the component), plus the
// prior. Numeric bandwidths follow Scott's rule, 0.2 · n^(−1/(d+4)) of each range, then the
// magic clip; categorical kernels are the univariate ones.
struct Dimension {
    const Parameter* p;
    double low = 0, high = 0, step = 0;  // numeric, in the sampling space
    int choices = 0;                     // categorical
};

class JointParzen {
public:
    JointParzen(const std::vector<Dimension>& dims, const std::vector<std::vector<double>>& obs, const TpeOptions& o)
        : m_dims(dims), m_scaleFree(o.scaleFreeDensity)
    {
        const auto n = obs.size();
        m_weights = tpeWeights(static_cast<int>(n));
        m_weights.push_back(o.priorWeight);
        const double total = std::accumulate(m_weights.begin(), m_weights.end(), 0.0);
        for (auto& w : m_weights)
            w /= total;
        const double sigma0 = 0.2 * std::pow(double(std::max<std::size_t>(n, 1)), -1.0 / (double(dims.size()) + 4));
        m_points = obs;
        m_points.emplace_back();
        for (const auto& d : dims)
            m_points.back().push_back(d.choices > 0 ? -1 : 0.5 * (d.low + d.high));  // the prior
        m_sigmas.assign(dims.size(), 0);
        for (std::size_t j = 0; j < dims.size(); ++j) {
            const double width = dims[j].high - dims[j].low;
            const double minSigma = o.magicClip ? width / std::min(100.0, 1.0 + double(n + 1)) : kEps;
            m_sigmas[j] = std::clamp(sigma0 * width, std::max(minSigma, kEps), std::max(width, kEps));
        }
        // Each component's categorical kernels, built once (logPdf runs for every candidate).
        const double spread = o.priorWeight / double(n + 1);
        m_kernels.resize(m_points.size());
        for (std::size_t k = 0; k < m_points.size(); ++k)
            for (std::size_t j = 0; j < dims.size(); ++j)
                m_kernels[k].push_back(dims[j].choices == 0 ? std::vector<double>()
                                       : isPrior(k)
                                           ? std::vector<double>(std::size_t(dims[j].choices), 1.0 / dims[j].choices)
                                           : categoricalKernel(static_cast<int>(m_points[k][j]), dims[j].choices, spread));
    }

    std::vector<double> sample(std::mt19937_64& rng) const
    {
        const auto k = std::discrete_distribution<std::size_t>(m_weights.begin(), m_weights.end())(rng);
        std::vector<double> x;
        for (std::size_t j = 0; j < m_dims.size(); ++j) {
            const auto& d = m_dims[j];
            if (d.choices > 0) {
                const auto& p = m_kernels[k][j];
                x.push_back(double(std::discrete_distribution<int>(p.begin(), p.end())(rng)));
            } else {
                x.push_back(truncatedNormal(m_points[k][j], sigmaOf(k, j), d.low, d.high, rng));
            }
        }
        return x;
    }

    double logPdf(const std::vector<double>& x) const
    {
        std::vector<double> terms(m_weights.size());
        for (std::size_t k = 0; k < m_weights.size(); ++k) {
            double t = std::log(m_weights[k]);
            for (std::size_t j = 0; j < m_dims.size(); ++j) {
                const auto& d = m_dims[j];
                const double p = d.choices > 0 ? m_kernels[k][j][static_cast<std::size_t>(x[j])]
                                               : truncatedDensity(x[j], m_points[k][j], sigmaOf(k, j), d.low, d.high,
                                                                  d.step, m_scaleFree);
                t += std::log(std::max(p, 1e-300));
            }
            terms[k] = t;
        }
        return logSumExp(terms);
    }

private:
    bool isPrior(std::size_t k) const { return k + 1 == m_points.size(); }
    double sigmaOf(std::size_t k, std::size_t j) const
    {
        return isPrior(k) ? std::max(m_dims[j].high - m_dims[j].low, kEps) : m_sigmas[j];
    }

    std::vector<Dimension> m_dims;
    bool m_scaleFree;
    std::vector<double> m_weights;
    std::vector<std::vector<double>> m_points;  // per component, per dimension (a choice index for a categorical)
    std::vector<double> m_sigmas;
    std::vector<std::vector<std::vector<double>>> m_kernels;  // [component][dimension]: a categorical's probabilities
};

struct Ranked {
    const Trial* trial;
    int group;  // 0 complete, 1 pruned with evaluations, 2 pruned without, 3 running
};
}  // namespace

int tpeGoodCount(int n) { return std::min(static_cast<int>(std::ceil(0.1 * n)), 25); }

std::vector<double> tpeWeights(int n)
{
    if (n <= 0)
        return {};
    if (n < 25)
        return std::vector<double>(static_cast<std::size_t>(n), 1.0);
    std::vector<double> w;
    const int ramp = n - 25;
    // numpy.linspace(1 / n, 1.0, num=n - 25)
    for (int i = 0; i < ramp; ++i)
        w.push_back(ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / (ramp - 1));
    w.insert(w.end(), 25, 1.0);
    return w;
}

ParzenEstimator::ParzenEstimator(const std::vector<double>& observations, double low, double high, double step,
                                 const TpeOptions& options)
    : m_low(low), m_high(high), m_step(step), m_scaleFree(options.scaleFreeDensity)
{
    const auto n = observations.size();
    auto w = options.ageWeights ? tpeWeights(static_cast<int>(n)) : std::vector<double>(n, 1.0);
    const double priorMu = 0.5 * (low + high), priorSigma = high - low;
    // Components: the observations, then the prior.
    m_mus = observations;
    m_weights = w;
    m_mus.push_back(priorMu);
    m_weights.push_back(options.priorWeight);
    // Bandwidths from the sorted centres (prior included): the larger gap to a neighbour.
    std::vector<std::size_t> order(m_mus.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&](auto i, auto j) { return m_mus[i] < m_mus[j]; });
    const auto k = order.size();
    std::vector<double> sorted(k);
    for (std::size_t i = 0; i < k; ++i)
        sorted[i] = m_mus[order[i]];
    std::vector<double> sigma(k);
    for (std::size_t i = 0; i < k; ++i) {
        const double left = sorted[i] - (i == 0 ? low : sorted[i - 1]);
        const double right = (i + 1 == k ? high : sorted[i + 1]) - sorted[i];
        sigma[i] = std::max(left, right);
    }
    if (!options.endpoints && k >= 2) {
        sigma[0] = sorted[1] - sorted[0];
        sigma[k - 1] = sorted[k - 1] - sorted[k - 2];
    }
    const double maxSigma = high - low;
    const double minSigma = options.magicClip ? maxSigma / std::min(100.0, 1.0 + double(k)) : kEps;
    m_sigmas.assign(k, 0);
    for (std::size_t i = 0; i < k; ++i)
        m_sigmas[order[i]] = std::clamp(sigma[i], minSigma, maxSigma);
    m_sigmas.back() = priorSigma;  // the prior keeps the interval's width
    if (!(m_sigmas.back() > 0))
        m_sigmas.back() = 1;
    for (auto& s : m_sigmas)
        s = std::max(s, kEps);
    const double total = std::accumulate(m_weights.begin(), m_weights.end(), 0.0);
    for (auto& x : m_weights)
        x /= total;
}

ParzenEstimator::ParzenEstimator(const std::vector<int>& observations, int choices, const TpeOptions& options)
    : m_categorical(true)
{
    auto w = options.ageWeights ? tpeWeights(static_cast<int>(observations.size()))
                                : std::vector<double>(observations.size(), 1.0);
    // Each observation: its choice plus the prior weight spread over all (Optuna 3.1: c = prior
    // weight / (n + 1) on every choice, then normalised); the prior component is uniform.
    const double c = options.priorWeight / double(observations.size() + 1);
    for (std::size_t i = 0; i < observations.size(); ++i) {
        m_categories.push_back(categoricalKernel(observations[i], choices, c));
        m_weights.push_back(w[i]);
    }
    m_categories.emplace_back(static_cast<std::size_t>(choices), 1.0 / choices);
    m_weights.push_back(options.priorWeight);
    const double total = std::accumulate(m_weights.begin(), m_weights.end(), 0.0);
    for (auto& x : m_weights)
        x /= total;
}

double ParzenEstimator::sample(std::mt19937_64& rng) const
{
    const auto k = std::discrete_distribution<std::size_t>(m_weights.begin(), m_weights.end())(rng);
    if (m_categorical) {
        const auto& p = m_categories[k];
        return double(std::discrete_distribution<int>(p.begin(), p.end())(rng));
    }
    return truncatedNormal(m_mus[k], m_sigmas[k], m_low, m_high, rng);
}

double ParzenEstimator::logPdf(double x) const
{
    std::vector<double> terms(m_weights.size());
    for (std::size_t k = 0; k < m_weights.size(); ++k) {
        double p;
        if (m_categorical) {
            p = m_categories[k][static_cast<std::size_t>(x)];
        } else {
            p = truncatedDensity(x, m_mus[k], m_sigmas[k], m_low, m_high, m_step, m_scaleFree);
        }
        terms[k] = std::log(std::max(p, 1e-300)) + std::log(m_weights[k]);
    }
    return logSumExp(terms);
}

void TpeSampler::sampleJointly(const SearchSpace& space, const std::vector<const Trial*>& below,
                               const std::vector<const Trial*>& above, std::mt19937_64& rng, Assignment& a) const
{
    // The parameters every trial has (no condition): sampled together; conditional ones stay
    // univariate (Optuna 3.1 without group decomposition samples them independently too).
    std::vector<Dimension> dims;
    for (const auto& p : space.parameters()) {
        if (p.when)
            continue;
        Dimension d{&p};
        if (p.kind == ParamKind::Categorical) {
            d.choices = static_cast<int>(p.choices.size());
        } else {
            const auto [low, high] = samplingInterval(p);
            d.low = low, d.high = high, d.step = p.log ? 0.0 : p.step;
        }
        dims.push_back(d);
    }
    if (dims.empty())
        return;
    // Each trial as a point; trials that lack one of the parameters (an older space) are left out.
    const auto points = [&](const std::vector<const Trial*>& group) {
        std::vector<std::vector<double>> out;
        for (const auto* t : group) {
            std::vector<double> x;
            for (const auto& d : dims) {
                const auto it = t->params.find(d.p->name);
                if (it == t->params.end())
                    break;
                if (d.choices > 0) {
                    const int c = choiceIndex(*d.p, it->second);
                    if (c < 0)
                        break;
                    x.push_back(c);
                } else if (it->second.is_number()) {
                    x.push_back(samplingCoordinate(*d.p, it->second));
                } else {
                    break;
                }
            }
            if (x.size() == dims.size())
                out.push_back(std::move(x));
        }
        return out;
    };
    const JointParzen l(dims, points(below), m_options), g(dims, points(above), m_options);
    double best = -std::numeric_limits<double>::infinity();
    std::vector<double> chosen;
    for (int c = 0; c < m_options.candidates; ++c) {
        auto x = l.sample(rng);
        for (std::size_t j = 0; j < dims.size(); ++j) {
            const auto& d = dims[j];
            if (d.choices == 0 && d.step > 0)
                x[j] = std::clamp(d.p->low + std::round((x[j] - d.p->low) / d.step) * d.step, d.p->low, d.p->high);
            else if (d.choices == 0 && d.p->kind == ParamKind::Int)
                x[j] = samplingCoordinate(*d.p, valueAt(*d.p, x[j]));
        }
        const double score = l.logPdf(x) - g.logPdf(x);
        if (score > best || chosen.empty())
            best = score, chosen = x;
    }
    for (std::size_t j = 0; j < dims.size(); ++j)
        a[dims[j].p->name] = dims[j].choices > 0 ? dims[j].p->choices[static_cast<std::size_t>(chosen[j])]
                                                 : valueAt(*dims[j].p, chosen[j]);
}

std::optional<Assignment> TpeSampler::sample(const SearchSpace& space, const std::vector<Trial>& trials,
                                             const nlohmann::json& fixed, int number)
{
    auto rng = trialRng(m_seed, number, 1);
    std::vector<Ranked> ranked;
    int finished = 0;
    for (const auto& t : trials) {
        if (t.number == number)
            continue;
        if (t.state == TrialState::Complete && t.value && !std::isnan(*t.value)) {
            ranked.push_back({&t, 0});
            ++finished;
        } else if (t.state == TrialState::Pruned) {
            ranked.push_back({&t, t.intermediate.empty() ? 2 : 1});
            ++finished;
        } else if (t.state == TrialState::Running && m_options.constantLiar) {
            ranked.push_back({&t, 3});
        }
    }
    if (finished < m_options.startupTrials) {
        Assignment a;
        for (const auto& p : space.parameters())
            if (space.active(p, a, fixed))
                a[p.name] = RandomSampler::draw(p, rng);
        return a;
    }
    // Best first: complete trials by value; pruned ones by how far they got, then by their last
    // intermediate value; running ones (the constant liar) last.
    std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& x, const Ranked& y) {
        if (x.group != y.group)
            return x.group < y.group;
        if (x.group == 0)
            return *x.trial->value < *y.trial->value;
        if (x.group == 1) {
            // By the last (largest) step reached, further first; then by the value there, a NaN
            // as +infinity (Optuna's score).
            const auto last = [](const Trial& t) {
                auto e = *std::max_element(t.intermediate.begin(), t.intermediate.end(),
                                           [](const auto& p, const auto& q) { return p.first < q.first; });
                if (std::isnan(e.second))
                    e.second = std::numeric_limits<double>::infinity();
                return e;
            };
            const auto a = last(*x.trial), b = last(*y.trial);
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        }
        return x.trial->number < y.trial->number;
    });
    // The good group's size counts finished trials only: running ones always rank below it.
    const int good = tpeGoodCount(finished);
    std::vector<const Trial*> below, above;
    for (std::size_t i = 0; i < ranked.size(); ++i)
        (int(i) < good ? below : above).push_back(ranked[i].trial);
    const auto byNumber = [](const Trial* a, const Trial* b) { return a->number < b->number; };
    std::sort(below.begin(), below.end(), byNumber);
    std::sort(above.begin(), above.end(), byNumber);

    Assignment a;
    if (m_options.multivariate)
        sampleJointly(space, below, above, rng, a);
    for (const auto& p : space.parameters()) {
        if (a.count(p.name) || !space.active(p, a, fixed))
            continue;
        if (p.kind == ParamKind::Categorical) {
            std::vector<int> lo, hi;
            for (const auto* t : below)
                if (auto it = t->params.find(p.name); it != t->params.end() && choiceIndex(p, it->second) >= 0)
                    lo.push_back(choiceIndex(p, it->second));
            for (const auto* t : above)
                if (auto it = t->params.find(p.name); it != t->params.end() && choiceIndex(p, it->second) >= 0)
                    hi.push_back(choiceIndex(p, it->second));
            const int n = static_cast<int>(p.choices.size());
            const ParzenEstimator l(lo, n, m_options), g(hi, n, m_options);
            double best = -std::numeric_limits<double>::infinity();
            int choice = 0;
            for (int c = 0; c < m_options.candidates; ++c) {
                const double x = l.sample(rng);
                const double score = l.logPdf(x) - g.logPdf(x);
                if (score > best)
                    best = score, choice = static_cast<int>(x);
            }
            a[p.name] = p.choices[static_cast<std::size_t>(choice)];
            continue;
        }
        const auto [low, high] = samplingInterval(p);
        // A log scale is continuous in log space; a step without one is discrete (the probability
        // of a value is the mass of its step).
        const double step = p.log ? 0.0 : p.step;
        std::vector<double> lo, hi;
        for (const auto* t : below)
            if (auto it = t->params.find(p.name); it != t->params.end() && it->second.is_number())
                lo.push_back(samplingCoordinate(p, it->second));
        for (const auto* t : above)
            if (auto it = t->params.find(p.name); it != t->params.end() && it->second.is_number())
                hi.push_back(samplingCoordinate(p, it->second));
        const ParzenEstimator l(lo, low, high, step, m_options), g(hi, low, high, step, m_options);
        double best = -std::numeric_limits<double>::infinity(), chosen = 0.5 * (low + high);
        for (int c = 0; c < m_options.candidates; ++c) {
            double x = l.sample(rng);
            // Scored where it lands: on its step, or for an int on a log scale at the whole number.
            if (step > 0)
                x = std::clamp(p.low + std::round((x - p.low) / step) * step, p.low, p.high);
            else if (p.kind == ParamKind::Int)
                x = samplingCoordinate(p, valueAt(p, x));
            const double score = l.logPdf(x) - g.logPdf(x);
            if (score > best)
                best = score, chosen = x;
        }
        a[p.name] = valueAt(p, chosen);
    }
    return a;
}

}  // namespace lathe::study
