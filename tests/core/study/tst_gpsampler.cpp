// The Gaussian-process sampler (study/GpSampler.cpp): its log expected improvement, that it finds
// low Branin values faster than random search, respects conditions and categoricals, and is a
// pure function of its seed and the history.
#include "study/GpSampler.h"
#include "study/Objectives.h"

#include <QtTest>

#include <cmath>

using namespace lathe::study;

namespace {
SearchSpace branin()
{
    return SearchSpace::fromJson(
        R"({"x1": {"type": "float", "low": -5, "high": 10}, "x2": {"type": "float", "low": 0, "high": 15}})", "b");
}

// Runs `trials` trials of `sampler` on Branin; the best value found.
double bestBranin(Sampler& sampler, int trials)
{
    const auto space = branin();
    std::vector<Trial> history;
    double best = INFINITY;
    for (int n = 0; n < trials; ++n) {
        const auto a = *sampler.sample(space, history, {}, n);
        const double v = objectiveValue("branin", a);
        history.push_back({n, TrialState::Complete, a, v, {}});
        best = std::min(best, v);
    }
    return best;
}
}  // namespace

class TestGpSampler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void logExpectedImprovementIsAccurateIntoTheTail()
    {
        const auto direct = [](double z) {
            const double pdf = std::exp(-0.5 * z * z) / std::sqrt(2 * M_PI);
            return std::log(pdf + z * 0.5 * std::erfc(-z / std::sqrt(2.0)));
        };
        for (double z : {3.0, 1.0, 0.0, -1.0, -2.9, -3.0, -3.1, -5.0, -7.0})
            QVERIFY2(std::abs(logExpectedImprovement(z) - direct(z)) < 1e-7, qPrintable(QString::number(z)));
        // Where the direct form cancels to nothing, the tail form keeps going, smoothly.
        QVERIFY(std::abs(logExpectedImprovement(-3.0000001) - logExpectedImprovement(-2.9999999)) < 1e-6);
        QVERIFY(!std::isfinite(direct(-40)));
        QVERIFY(std::isfinite(logExpectedImprovement(-40)));
        QVERIFY(logExpectedImprovement(-40) < logExpectedImprovement(-20));
        // EI(0) = φ(0).
        QVERIFY(std::abs(logExpectedImprovement(0) - std::log(1 / std::sqrt(2 * M_PI))) < 1e-12);
    }

    void itFindsLowBraninValuesFasterThanRandomSearch()
    {
        // Over three seeds, 40 trials: GP's best is near the minimum (0.398); random's is not.
        for (std::uint64_t seed : {1u, 2u, 3u}) {
            GpSampler gp(seed);
            RandomSampler random(seed);
            const double g = bestBranin(gp, 40), r = bestBranin(random, 40);
            QVERIFY2(g < 0.5, qPrintable(QStringLiteral("seed %1: GP %2").arg(seed).arg(g)));
            QVERIFY2(g < r, qPrintable(QStringLiteral("seed %1: GP %2, random %3").arg(seed).arg(g).arg(r)));
        }
    }

    void categoricalsIntsAndConditionsDecodeToValidValues()
    {
        const auto space = SearchSpace::fromJson(R"({
            "model": {"type": "categorical", "choices": ["transformer", "bilstm"]},
            "heads": {"type": "int", "low": 1, "high": 8, "when": {"model": "transformer"}},
            "lr": {"type": "float", "low": 1e-4, "high": 1e-1, "log": true},
            "layers": {"type": "int", "low": 1, "high": 4}})",
                                                 "s");
        GpSampler gp(5);
        std::vector<Trial> history;
        for (int n = 0; n < 25; ++n) {
            const auto a = *gp.sample(space, history, {}, n);
            for (const auto& p : space.parameters()) {
                const bool active = space.active(p, a, {});
                QCOMPARE(a.count(p.name) == 1, active);
                if (active)
                    QVERIFY2(SearchSpace::contains(p, a.at(p.name)), a.at(p.name).dump().c_str());
            }
            // Best: a transformer with 4 heads and lr near 1e-2.
            double v = std::pow(std::log10(a.at("lr").get<double>()) + 2, 2) + a.at("layers").get<int>() * 0.1;
            v += a.at("model") == "transformer" ? std::abs(a.at("heads").get<int>() - 4) * 0.2 : 1.0;
            history.push_back({n, TrialState::Complete, a, v, {}});
        }
        // After the start-up it favours the better family.
        int transformer = 0;
        for (int n = 15; n < 25; ++n)
            transformer += history[std::size_t(n)].params.at("model") == "transformer";
        QVERIFY2(transformer >= 7, qPrintable(QString::number(transformer)));
    }

    void theSameSeedAndHistoryGiveTheSameValuesAndRunningTrialsAreAvoided()
    {
        const auto space = branin();
        GpSampler a(9), b(9);
        std::vector<Trial> history;
        RandomSampler random(4);
        for (int n = 0; n < 12; ++n) {
            const auto x = *random.sample(space, history, {}, n);
            history.push_back({n, TrialState::Complete, x, objectiveValue("branin", x), {}});
        }
        const auto first = *a.sample(space, history, {}, 12);
        QCOMPARE(*b.sample(space, history, {}, 12), first);
        // With trial 12 running at those values, trial 13 goes elsewhere.
        history.push_back({12, TrialState::Running, first, std::nullopt, {}});
        const auto second = *a.sample(space, history, {}, 13);
        const double dx = second.at("x1").get<double>() - first.at("x1").get<double>();
        const double dy = second.at("x2").get<double>() - first.at("x2").get<double>();
        QVERIFY2(std::hypot(dx, dy) > 0.05, qPrintable(QString::number(std::hypot(dx, dy))));
    }
};

QTEST_GUILESS_MAIN(TestGpSampler)
#include "tst_gpsampler.moc"
