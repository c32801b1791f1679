#include "study/GpSampler.h"

#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <numeric>

namespace lathe::study {

namespace {
constexpr double kSqrt2Pi = 2.5066282746310002;

// Where each parameter lives in the encoded point.
struct Coordinates {
    const Parameter* p;
    int first;  // its first coordinate
    int count;  // 1, or a categorical's choices
};

std::vector<Coordinates> layout(const SearchSpace& space, int* dims)
{
    std::vector<Coordinates> out;
    int d = 0;
    for (const auto& p : space.parameters()) {
        const int n = p.kind == ParamKind::Categorical ? static_cast<int>(p.choices.size()) : 1;
        out.push_back({&p, d, n});
        d += n;
    }
    *dims = d;
    return out;
}

std::vector<double> encode(const std::vector<Coordinates>& coords, int dims, const Assignment& a)
{
    std::vector<double> x(static_cast<std::size_t>(dims), 0.5);
    for (const auto& c : coords) {
        const auto it = a.find(c.p->name);
        if (c.p->kind == ParamKind::Categorical) {
            const int k = it == a.end() ? -1 : choiceIndex(*c.p, it->second);
            for (int i = 0; i < c.count; ++i)
                x[static_cast<std::size_t>(c.first + i)] = k < 0 ? 1.0 / c.count : (i == k ? 1.0 : 0.0);
            continue;
        }
        if (it == a.end() || !it->second.is_number())
            continue;
        const auto [low, high] = samplingInterval(*c.p);
        const double v = samplingCoordinate(*c.p, it->second);
        x[static_cast<std::size_t>(c.first)] = high > low ? std::clamp((v - low) / (high - low), 0.0, 1.0) : 0.5;
    }
    return x;
}

Assignment decode(const SearchSpace& space, const std::vector<Coordinates>& coords, const double* x,
                  const nlohmann::json& fixed)
{
    Assignment a;
    for (const auto& c : coords) {
        if (!space.active(*c.p, a, fixed))
            continue;
        if (c.p->kind == ParamKind::Categorical) {
            const auto best = std::max_element(x + c.first, x + c.first + c.count) - (x + c.first);
            a[c.p->name] = c.p->choices[static_cast<std::size_t>(best)];
            continue;
        }
        const auto [low, high] = samplingInterval(*c.p);
        a[c.p->name] = valueAt(*c.p, low + x[c.first] * (high - low));
    }
    return a;
}

torch::Tensor matern52(const torch::Tensor& a, const torch::Tensor& b, const torch::Tensor& lengths,
                       const torch::Tensor& variance)
{
    const auto d = torch::cdist(a / lengths, b / lengths).clamp_min(0);
    const double s5 = std::sqrt(5.0);
    return variance * (1 + s5 * d + (5.0 / 3.0) * d * d) * torch::exp(-s5 * d);
}

struct Gp {
    torch::Tensor x, lengths, variance, noise, chol, alpha;
};

// Fits the kernel's hyperparameters to (x, y) by maximising the log marginal likelihood.
Gp fit(const torch::Tensor& x, const torch::Tensor& y, int steps)
{
    const auto opts = torch::TensorOptions().dtype(torch::kFloat64);
    const auto d = x.size(1), n = x.size(0);
    auto logLengths = torch::full({d}, std::log(0.5), opts).requires_grad_(true);
    auto logVariance = torch::zeros({1}, opts).requires_grad_(true);
    auto logNoise = torch::full({1}, std::log(1e-2), opts).requires_grad_(true);
    torch::optim::Adam adam({logLengths, logVariance, logNoise}, torch::optim::AdamOptions(0.05));
    const auto eye = torch::eye(n, opts);
    for (int s = 0; s < steps; ++s) {
        adam.zero_grad();
        const auto K = matern52(x, x, logLengths.exp(), logVariance.exp()) +
                       (logNoise.exp() + 1e-6) * eye;
        const auto L = torch::linalg::cholesky(K);
        const auto alpha = torch::cholesky_solve(y.unsqueeze(1), L);
        const auto nll = 0.5 * (y.unsqueeze(0).matmul(alpha)).squeeze() + L.diagonal().log().sum();
        // Weak priors: length scales log-normal around 0.5, noise around 1e-2, variance around 1.
        const auto prior = 0.5 * ((logLengths - std::log(0.5)) / 1.5).pow(2).sum() +
                           0.5 * ((logNoise - std::log(1e-2)) / 2.0).pow(2).sum() + 0.5 * logVariance.pow(2).sum();
        const auto loss = nll + prior;
        loss.backward();
        adam.step();
        torch::NoGradGuard guard;
        logNoise.clamp_(std::log(1e-6), std::log(1.0));
        logLengths.clamp_(std::log(1e-3), std::log(20.0));
        logVariance.clamp_(std::log(1e-2), std::log(100.0));
    }
    torch::NoGradGuard guard;
    Gp gp;
    gp.x = x;
    gp.lengths = logLengths.detach().exp();
    gp.variance = logVariance.detach().exp();
    gp.noise = logNoise.detach().exp();
    const auto K = matern52(x, x, gp.lengths, gp.variance) + (gp.noise + 1e-6) * eye;
    gp.chol = torch::linalg::cholesky(K);
    gp.alpha = torch::cholesky_solve(y.unsqueeze(1), gp.chol);
    return gp;
}

// LogEI of each candidate row (minimising; `best` is the lowest standardised value).
std::vector<double> logEi(const Gp& gp, const torch::Tensor& candidates, double best)
{
    torch::NoGradGuard guard;
    const auto ks = matern52(candidates, gp.x, gp.lengths, gp.variance);
    const auto mean = ks.matmul(gp.alpha).squeeze(1);
    const auto v = torch::linalg::solve_triangular(gp.chol, ks.t(), /*upper=*/false, /*left=*/true, /*unitriangular=*/false);
    const auto var = (gp.variance - v.pow(2).sum(0)).clamp_min(1e-12);
    const auto sd = var.sqrt();
    const auto z = ((best - mean) / sd).contiguous();
    const auto logSd = sd.log().contiguous();
    std::vector<double> out(static_cast<std::size_t>(candidates.size(0)));
    const double* zp = z.data_ptr<double>();
    const double* sp = logSd.data_ptr<double>();
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = sp[i] + logExpectedImprovement(zp[i]);
    return out;
}
}  // namespace

double logExpectedImprovement(double z)
{
    if (z > -3) {
        const double pdf = std::exp(-0.5 * z * z) / kSqrt2Pi;
        const double cdf = 0.5 * std::erfc(-z / std::sqrt(2.0));
        return std::log(pdf + z * cdf);
    }
    // φ(z) + zΦ(z) = φ(z)·(1 − x·R(x)) with x = −z and R Mills' ratio Φ(−x)/φ(x), from its
    // continued fraction 1/(x + 1/(x + 2/(x + 3/(x + …)))), which converges fast for x ≥ 3.
    const double x = -z;
    if (x > 1e6)
        return -0.5 * x * x - std::log(kSqrt2Pi) - 2 * std::log(x);  // 1 − xR(x) → 1/x²
    double t = x;
    for (int k = 100; k >= 1; --k)
        t = x + k / t;
    const double r = 1 / t;
    return -0.5 * x * x - std::log(kSqrt2Pi) + std::log(1 - x * r);
}

std::optional<Assignment> GpSampler::sample(const SearchSpace& space, const std::vector<Trial>& trials,
                                            const nlohmann::json& fixed, int number)
{
    auto rng = trialRng(m_seed, number, 2);
    std::vector<const Trial*> done, running;
    for (const auto& t : trials) {
        if (t.number == number)
            continue;
        if (t.state == TrialState::Complete && t.value && std::isfinite(*t.value))
            done.push_back(&t);
        else if (t.state == TrialState::Running)
            running.push_back(&t);
    }
    if (static_cast<int>(done.size()) < m_options.startupTrials || space.parameters().empty()) {
        Assignment a;
        for (const auto& p : space.parameters())
            if (space.active(p, a, fixed))
                a[p.name] = RandomSampler::draw(p, rng);
        return a;
    }
    int dims = 0;
    const auto coords = layout(space, &dims);
    // Observations: the finished trials, standardised; running ones lie at the best value.
    std::vector<double> xs, ys;
    for (const auto* t : done) {
        const auto x = encode(coords, dims, t->params);
        xs.insert(xs.end(), x.begin(), x.end());
        ys.push_back(*t->value);
    }
    const double mean = std::accumulate(ys.begin(), ys.end(), 0.0) / double(ys.size());
    double var = 0;
    for (double y : ys)
        var += (y - mean) * (y - mean);
    const double sd = std::max(std::sqrt(var / double(ys.size())), 1e-9);
    for (auto& y : ys)
        y = (y - mean) / sd;
    const double best = *std::min_element(ys.begin(), ys.end());
    for (const auto* t : running) {
        const auto x = encode(coords, dims, t->params);
        xs.insert(xs.end(), x.begin(), x.end());
        ys.push_back(best);
    }
    const auto opts = torch::TensorOptions().dtype(torch::kFloat64);
    const auto n = static_cast<std::int64_t>(ys.size());
    const auto X = torch::from_blob(xs.data(), {n, dims}, opts).clone();
    const auto Y = torch::from_blob(ys.data(), {n}, opts).clone();
    const Gp gp = fit(X, Y, m_options.fitSteps);

    // Candidates: a shifted Sobol sequence, then local searches around the best candidates and
    // the best trials, each round at half the scale.
    std::vector<std::uint32_t> shift(static_cast<std::size_t>(std::min(dims, SobolSampler::sobolDimensions())));
    for (auto& s : shift)
        s = static_cast<std::uint32_t>(rng());
    std::vector<double> cand;
    cand.reserve(static_cast<std::size_t>(m_options.candidates * dims));
    std::uniform_real_distribution<double> uniform(0, 1);
    for (int i = 0; i < m_options.candidates; ++i) {
        std::vector<double> u;
        if (dims <= SobolSampler::sobolDimensions())
            u = SobolSampler::point(static_cast<std::uint32_t>(i + 1), dims, shift);
        else
            for (int k = 0; k < dims; ++k)
                u.push_back(uniform(rng));
        cand.insert(cand.end(), u.begin(), u.end());
    }
    auto score = logEi(gp, torch::from_blob(cand.data(), {m_options.candidates, dims}, opts), best);
    std::vector<std::vector<double>> starts;
    {
        std::vector<std::size_t> order(score.size());
        std::iota(order.begin(), order.end(), 0);
        std::partial_sort(order.begin(), order.begin() + 5, order.end(),
                          [&](auto a, auto b) { return score[a] > score[b]; });
        for (int k = 0; k < 5; ++k)
            starts.emplace_back(cand.begin() + std::ptrdiff_t(order[std::size_t(k)] * dims),
                                cand.begin() + std::ptrdiff_t((order[std::size_t(k)] + 1) * dims));
        std::vector<std::size_t> byValue(done.size());
        std::iota(byValue.begin(), byValue.end(), 0);
        std::sort(byValue.begin(), byValue.end(), [&](auto a, auto b) { return ys[a] < ys[b]; });
        for (std::size_t k = 0; k < std::min<std::size_t>(3, byValue.size()); ++k)
            starts.emplace_back(xs.begin() + std::ptrdiff_t(byValue[k] * dims),
                                xs.begin() + std::ptrdiff_t((byValue[k] + 1) * dims));
    }
    std::vector<double> bestPoint = starts.front();
    double bestScore = *std::max_element(score.begin(), score.end());
    std::normal_distribution<double> step(0, 1);
    const int perStart = 64;
    double scale = 0.1;
    for (int round = 0; round < m_options.localRounds; ++round, scale *= 0.5) {
        std::vector<double> local;
        for (const auto& s : starts)
            for (int j = 0; j < perStart; ++j)
                for (int k = 0; k < dims; ++k)
                    local.push_back(std::clamp(s[std::size_t(k)] + scale * step(rng), 0.0, 1.0));
        const auto count = static_cast<std::int64_t>(local.size()) / dims;
        const auto ls = logEi(gp, torch::from_blob(local.data(), {count, dims}, opts), best);
        for (std::size_t i = 0; i < ls.size(); ++i) {
            if (ls[i] > bestScore) {
                bestScore = ls[i];
                bestPoint.assign(local.begin() + std::ptrdiff_t(i * dims), local.begin() + std::ptrdiff_t((i + 1) * dims));
            }
        }
        // Each start moves to the best point found around it.
        for (std::size_t s = 0; s < starts.size(); ++s) {
            double top = -INFINITY;
            for (int j = 0; j < perStart; ++j) {
                const auto i = s * perStart + std::size_t(j);
                if (ls[i] > top) {
                    top = ls[i];
                    starts[s].assign(local.begin() + std::ptrdiff_t(i * dims), local.begin() + std::ptrdiff_t((i + 1) * dims));
                }
            }
        }
    }
    return decode(space, coords, bestPoint.data(), fixed);
}

}  // namespace lathe::study
