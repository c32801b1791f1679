// The TPE sampler: Optuna 3.1's good-group size and weights, hand-worked bandwidths and
// categorical kernels of the Parzen estimator, a density that integrates to one over its
// interval, random start-up trials, concentration near the optimum of a known function (and a
// lower Branin value than random search for the same budget), conditional parameters never
// sampled while their condition is off, and the same values for the same seed and history.
#include "study/Objectives.h"
#include "study/TpeSampler.h"

#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace lathe;
using namespace lathe::study;

namespace {
// Runs `trials` trials of a sampler on f, one after another; returns them.
template <class F>
std::vector<Trial> runStudy(Sampler& sampler, const SearchSpace& space, int trials, F f)
{
    std::vector<Trial> history;
    for (int n = 0; n < trials; ++n) {
        const auto a = *sampler.sample(space, history, {}, n);
        history.push_back({n, TrialState::Complete, a, f(a), {}});
    }
    return history;
}

double bestOf(const std::vector<Trial>& trials)
{
    double best = INFINITY;
    for (const auto& t : trials)
        best = std::min(best, *t.value);
    return best;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
}  // namespace

class TestTpeSampler : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void goodGroupAndWeightsFollowOptuna()
    {
        QCOMPARE(tpeGoodCount(1), 1);
        QCOMPARE(tpeGoodCount(10), 1);
        QCOMPARE(tpeGoodCount(11), 2);
        QCOMPARE(tpeGoodCount(300), 25);
        QCOMPARE(tpeWeights(24), std::vector<double>(24, 1.0));
        const auto w = tpeWeights(30);  // linspace(1/30, 1, 5) then 25 ones
        QCOMPARE(w.size(), std::size_t(30));
        QVERIFY(std::abs(w[0] - 1.0 / 30) < 1e-15);
        QVERIFY(std::abs(w[2] - (1.0 / 30 + 0.5 * (1 - 1.0 / 30))) < 1e-15);
        QCOMPARE(w[4], 1.0);
        QCOMPARE(w[29], 1.0);
    }

    void bandwidthsAreTheLargerGapClippedAndThePriorKeepsTheWidth()
    {
        // Centres 0.2, 0.5 and the prior's 0.5 on [0, 1]: the first and last take their one
        // neighbour's gap (no end points), the last is clipped up to 1 / min(100, 1 + 3).
        const ParzenEstimator e({0.2, 0.5}, 0.0, 1.0, 0.0, TpeOptions{});
        QCOMPARE(e.mus(), (std::vector<double>{0.2, 0.5, 0.5}));
        QVERIFY(std::abs(e.sigmas()[0] - 0.3) < 1e-12);
        QVERIFY(std::abs(e.sigmas()[1] - 0.3) < 1e-12);
        QCOMPARE(e.sigmas()[2], 1.0);  // the prior
        for (double w : e.weights())
            QVERIFY(std::abs(w - 1.0 / 3) < 1e-12);
    }

    void theCategoricalKernelSpreadsThePriorWeight()
    {
        // Observations 0, 0, 2 of 3 choices: c = 1 / 4 on every choice, plus one on the observed.
        const ParzenEstimator e(std::vector<int>{0, 0, 2}, 3, TpeOptions{});
        const double own = (0.25 + 1) / (0.75 + 1), other = 0.25 / 1.75;
        const double p0 = (2 * own + other + 1.0 / 3) / 4;  // components: 0, 0, 2, prior
        QVERIFY(std::abs(std::exp(e.logPdf(0)) - p0) < 1e-12);
        const double total = std::exp(e.logPdf(0)) + std::exp(e.logPdf(1)) + std::exp(e.logPdf(2));
        QVERIFY(std::abs(total - 1) < 1e-12);
    }

    void theDensityIntegratesToOneAndSamplesStayInside()
    {
        TpeOptions exact;
        exact.scaleFreeDensity = false;
        const ParzenEstimator e({0.05, 0.1, 0.7, 0.95}, 0.0, 1.0, 0.0, exact);
        double integral = 0;
        const int n = 20000;
        for (int i = 0; i < n; ++i)
            integral += std::exp(e.logPdf((i + 0.5) / n)) / n;
        QVERIFY2(std::abs(integral - 1) < 1e-3, qPrintable(QString::number(integral)));
        // Optuna 3.1's form (the default) leaves out each kernel's 1/sigma: it integrates to the
        // weighted sum of the sigmas.
        const ParzenEstimator optuna({0.05, 0.1, 0.7, 0.95}, 0.0, 1.0, 0.0, TpeOptions{});
        double scaled = 0, expected = 0;
        for (int i = 0; i < n; ++i)
            scaled += std::exp(optuna.logPdf((i + 0.5) / n)) / n;
        for (std::size_t k = 0; k < optuna.weights().size(); ++k)
            expected += optuna.weights()[k] * optuna.sigmas()[k];
        QVERIFY2(std::abs(scaled - expected) < 1e-3 * expected, qPrintable(QString::number(scaled)));
        // Discrete (a step of 0.25 on [-0.125, 1.125]): the masses of the five values add up to one.
        const ParzenEstimator d({0.25, 0.5}, -0.125, 1.125, 0.25, TpeOptions{});
        double mass = 0;
        for (double x : {0.0, 0.25, 0.5, 0.75, 1.0})
            mass += std::exp(d.logPdf(x));
        QVERIFY(std::abs(mass - 1) < 1e-9);
        std::mt19937_64 rng(1);
        for (int i = 0; i < 1000; ++i) {
            const double x = e.sample(rng);
            QVERIFY(x >= 0 && x <= 1);
        }
    }

    void startUpTrialsAreRandomThenItConcentratesNearTheOptimum()
    {
        const auto space = SearchSpace::fromJson(
            R"({"x": {"type": "float", "low": 0, "high": 1}, "y": {"type": "float", "low": 0, "high": 1}})", "s.json");
        const auto distance = [](const Assignment& a) {
            return std::hypot(a.at("x").get<double>() - 0.3, a.at("y").get<double>() - 0.7);
        };
        TpeSampler tpe(1);
        RandomSampler random(1);
        const auto t = runStudy(tpe, space, 100, distance);
        const auto r = runStudy(random, space, 100, distance);
        // After the ten random start-up trials, TPE's trials lie much closer to the optimum.
        std::vector<double> lateTpe, lateRandom;
        for (int i = 50; i < 100; ++i)
            lateTpe.push_back(*t[i].value), lateRandom.push_back(*r[i].value);
        QVERIFY2(median(lateTpe) < 0.4 * median(lateRandom),
                 qPrintable(QStringLiteral("%1 against %2").arg(median(lateTpe)).arg(median(lateRandom))));
    }

    void itFindsLowerBraninValuesThanRandomSearch()
    {
        const auto space = SearchSpace::fromJson(
            R"({"x1": {"type": "float", "low": -5, "high": 10}, "x2": {"type": "float", "low": 0, "high": 15}})",
            "branin.json");
        const auto f = [](const Assignment& a) { return objectiveValue("branin", a); };
        std::vector<double> tpeBest, randomBest;
        for (std::uint64_t seed = 0; seed < 5; ++seed) {
            TpeSampler tpe(seed);
            RandomSampler random(seed);
            tpeBest.push_back(bestOf(runStudy(tpe, space, 80, f)) - objectiveMinimum("branin"));
            randomBest.push_back(bestOf(runStudy(random, space, 80, f)) - objectiveMinimum("branin"));
        }
        QVERIFY2(median(tpeBest) < median(randomBest),
                 qPrintable(QStringLiteral("%1 against %2").arg(median(tpeBest)).arg(median(randomBest))));
    }

    void multivariateModeSamplesTheUnconditionalParametersTogether()
    {
        // A valley along x1 = x2: the joint estimator sees that the good trials lie on it.
        const auto space = SearchSpace::fromJson(R"({
            "x1": {"type": "float", "low": 0, "high": 1},
            "x2": {"type": "float", "low": 0, "high": 1},
            "opt": {"type": "categorical", "choices": ["a", "b"]},
            "depth": {"type": "int", "low": 1, "high": 4, "when": {"opt": "b"}}})",
                                                 "valley.json");
        const auto f = [](const Assignment& a) {
            const double d = a.at("x1").get<double>() - a.at("x2").get<double>();
            return 10 * d * d + (a.at("opt") == "a" ? 0.0 : 0.5);
        };
        TpeOptions o;
        o.multivariate = true;
        std::vector<double> joint, random;
        for (std::uint64_t seed = 0; seed < 5; ++seed) {
            TpeSampler tpe(seed, o);
            RandomSampler r(seed);
            const auto trials = runStudy(tpe, space, 60, f);
            joint.push_back(bestOf(trials));
            random.push_back(bestOf(runStudy(r, space, 60, f)));
            for (const auto& t : trials) {
                QCOMPARE(t.params.count("depth") == 1, t.params.at("opt") == "b");  // the condition holds
                for (const auto& p : space.parameters())
                    if (t.params.count(p.name))
                        QVERIFY(SearchSpace::contains(p, t.params.at(p.name)));
            }
        }
        QVERIFY2(median(joint) < median(random),
                 qPrintable(QStringLiteral("%1 against %2").arg(median(joint)).arg(median(random))));
        // The same seed and history give the same values.
        TpeSampler a(3, o), b(3, o);
        RandomSampler r(1);
        const auto history = runStudy(r, space, 30, f);
        QCOMPARE(*a.sample(space, history, {}, 30), *b.sample(space, history, {}, 30));
        QVERIFY(makeSampler("tpe-multivariate", 1) != nullptr);
    }

    void aConditionalParameterIsNeverSampledWhileItsConditionIsOff()
    {
        const auto space = SearchSpace::fromJson(R"({
            "model": {"type": "categorical", "choices": ["transformer", "bilstm"]},
            "heads": {"type": "int", "low": 1, "high": 8, "when": {"model": "transformer"}},
            "lr": {"type": "float", "low": 1e-4, "high": 1e-1, "log": true}})",
                                                 "s.json");
        TpeSampler tpe(2);
        const auto trials = runStudy(tpe, space, 60, [](const Assignment& a) {
            const double lr = std::log10(a.at("lr").get<double>()) + 2.5;
            return lr * lr + (a.at("model") == "transformer" ? 0.1 * a.at("heads").get<double>() : 1.0);
        });
        int transformers = 0;
        for (const auto& t : trials) {
            const bool transformer = t.params.at("model") == "transformer";
            transformers += transformer;
            QCOMPARE(t.params.count("heads"), std::size_t(transformer ? 1 : 0));
            for (const auto& [name, value] : t.params)
                QVERIFY(SearchSpace::contains(*space.find(name), value));
        }
        QVERIFY(transformers > 35);  // the better branch is chosen more often
    }

    void prunedTrialsWithNaNOrSeveralStepsAreRanked()
    {
        // Pruned trials (some with a NaN last value, evaluations out of order) among complete
        // ones: TPE ranks them after the complete ones and still samples inside the space.
        const auto space = SearchSpace::fromJson(R"({"x": {"type": "float", "low": 0, "high": 1}})", "s.json");
        std::vector<Trial> trials;
        for (int n = 0; n < 30; ++n) {
            Trial t{n, TrialState::Complete, {{"x", (n % 10) / 10.0}}, double(n % 7), {}};
            if (n % 3 == 0) {
                t.state = TrialState::Pruned;
                t.value.reset();
                t.intermediate = {{20, n % 2 ? NAN : 1.0}, {10, 2.0}};
            }
            trials.push_back(t);
        }
        trials.push_back({30, TrialState::Complete, {{"x", 0.5}}, -INFINITY, {}});  // -inf ranks best
        TpeSampler tpe(4);
        for (int n = 31; n < 40; ++n) {
            const auto a = *tpe.sample(space, trials, {}, n);
            QVERIFY(SearchSpace::contains(*space.find("x"), a.at("x")));
        }
    }

    void theSameSeedAndHistoryGiveTheSameValues()
    {
        const auto space = SearchSpace::fromJson(R"({"x": {"type": "float", "low": 0, "high": 1}})", "s.json");
        TpeSampler a(9), b(9);
        const auto f = [](const Assignment& v) { return v.at("x").get<double>(); };
        const auto history = runStudy(a, space, 30, f);
        QCOMPARE(*a.sample(space, history, {}, 30), *b.sample(space, history, {}, 30));
    }
};

QTEST_APPLESS_MAIN(TestTpeSampler)
#include "tst_tpesampler.moc"
