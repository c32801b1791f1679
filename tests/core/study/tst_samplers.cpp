// Grid and random samplers and the test objectives: random values inside their ranges, on
// their steps, uniform in log space for a log scale, the same for the same seed and trial number
// (so a resumed study samples the same) and different across trials; conditional parameters
// never sampled while their condition is off; a grid enumerated exactly once, skipping points
// that trials hold, retrying failed ones, then done; Sobol points as SciPy's unscrambled sequence
// gives them (dimensions 1–5, 41 and 64), stratified with or without the seed's digital shift;
// Branin and Hartmann-6 at their known minima.
#include "study/Objectives.h"
#include "study/Sampler.h"
#include "util/Message.h"

#include <QtTest>

#include <cmath>
#include <algorithm>
#include <random>
#include <set>

using namespace lathe;
using namespace lathe::study;

namespace {
SearchSpace mixedSpace()
{
    return SearchSpace::fromJson(R"({
        "lr": {"type": "float", "low": 1e-4, "high": 1e-1, "log": true},
        "dropout": {"type": "float", "low": 0, "high": 0.5, "step": 0.1},
        "batch": {"type": "int", "low": 8, "high": 128, "log": true},
        "layers": {"type": "int", "low": 1, "high": 4},
        "model": {"type": "categorical", "choices": ["transformer", "bilstm"]},
        "heads": {"type": "int", "low": 1, "high": 8, "when": {"model": "transformer"}},
        "hidden": {"type": "categorical", "choices": [64, 128], "when": {"model": "bilstm"}}})",
                                 "space.json");
}
}  // namespace

class TestSamplers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void randomValuesStayInTheirSpaceAndConditionsHold()
    {
        const auto space = mixedSpace();
        RandomSampler sampler(7);
        int belowMilli = 0, transformers = 0;
        std::set<long long> layers;
        for (int n = 0; n < 2000; ++n) {
            const auto a = *sampler.sample(space, {}, {}, n);
            for (const auto& [name, value] : a)
                QVERIFY2(SearchSpace::contains(*space.find(name), value), qPrintable(QString::fromStdString(name + " " + value.dump())));
            const bool transformer = a.at("model") == "transformer";
            transformers += transformer;
            QCOMPARE(a.count("heads"), std::size_t(transformer ? 1 : 0));
            QCOMPARE(a.count("hidden"), std::size_t(transformer ? 0 : 1));
            belowMilli += a.at("lr").get<double>() < 1e-3;
            layers.insert(a.at("layers").get<long long>());
        }
        // Log-uniform: a third of the range in log terms lies below 1e-3.
        QVERIFY2(std::abs(belowMilli / 2000.0 - 1.0 / 3.0) < 0.05, qPrintable(QString::number(belowMilli)));
        QVERIFY(std::abs(transformers / 2000.0 - 0.5) < 0.05);
        QCOMPARE(layers, (std::set<long long>{1, 2, 3, 4}));  // both ends reachable
    }

    void theSameSeedAndTrialGiveTheSameValues()
    {
        const auto space = mixedSpace();
        RandomSampler a(3), b(3), c(4);
        QCOMPARE(*a.sample(space, {}, {}, 5), *b.sample(space, {}, {}, 5));
        QVERIFY(*a.sample(space, {}, {}, 5) != *a.sample(space, {}, {}, 6));
        QVERIFY(*a.sample(space, {}, {}, 5) != *c.sample(space, {}, {}, 5));
        // Seeds are not trial numbers shifted: seed 3's trial 4 is not seed 4's trial 3.
        QVERIFY(*a.sample(space, {}, {}, 4) != *c.sample(space, {}, {}, 3));
    }

    void aGridIsEnumeratedExactlyOnce()
    {
        const auto space = SearchSpace::fromJson(R"({
            "model": {"type": "categorical", "choices": ["transformer", "bilstm"]},
            "heads": {"type": "int", "low": 2, "high": 8, "step": 2, "when": {"model": "transformer"}},
            "lr": {"type": "float", "low": 1e-3, "high": 1e-1, "log": true, "grid_points": 3}})",
                                                 "grid.json");
        // transformer: 4 heads x 3 lr; bilstm: 3 lr.
        const auto points = GridSampler::points(space, {});
        QCOMPARE(points.size(), std::size_t(15));
        GridSampler grid;
        std::vector<Trial> trials;
        for (int n = 0; n < 15; ++n) {
            const auto a = grid.sample(space, trials, {}, n);
            QVERIFY(a);
            for (const auto& t : trials)
                QVERIFY(t.params != *a);
            trials.push_back({n, TrialState::Complete, *a, 1.0, {}});
        }
        QVERIFY(!grid.sample(space, trials, {}, 15));
        std::set<double> lrs;
        for (const auto& p : points)
            lrs.insert(p.at("lr").get<double>());
        QCOMPARE(lrs.size(), std::size_t(3));
        QVERIFY(lrs.count(1e-3) && lrs.count(1e-1));  // the ends exactly
        QVERIFY(std::any_of(lrs.begin(), lrs.end(), [](double v) { return std::abs(v - 1e-2) < 1e-12; }));
        // A failed trial's point is tried again.
        trials[4].state = TrialState::Failed;
        QCOMPARE(*grid.sample(space, trials, {}, 15), trials[4].params);
    }

    void aGridRefusesAContinuousFloat()
    {
        const auto space = SearchSpace::fromJson(R"({"lr": {"type": "float", "low": 0.1, "high": 1}})", "g.json");
        try {
            GridSampler::points(space, {});
            QFAIL("accepted");
        } catch (const UserError& e) {
            QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("needs a 'step' or 'grid_points'")));
        }
    }

    void sobolPointsAreSciPysAndStratified()
    {
        // scipy.stats.qmc.Sobol(d, scramble=False).random(8), column by column.
        const std::vector<std::vector<double>> expected{{0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125},
                                                        {0, 0.5, 0.25, 0.75, 0.375, 0.875, 0.125, 0.625},
                                                        {0, 0.5, 0.25, 0.75, 0.625, 0.125, 0.875, 0.375},
                                                        {0, 0.5, 0.25, 0.75, 0.875, 0.375, 0.625, 0.125},
                                                        {0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125}};
        const std::vector<double> dim41{0, 0.5, 0.25, 0.75, 0.875, 0.375, 0.625, 0.125,
                                        0.5625, 0.0625, 0.8125, 0.3125, 0.4375, 0.9375, 0.1875, 0.6875};
        const std::vector<double> dim64{0, 0.5, 0.75, 0.25, 0.125, 0.625, 0.875, 0.375,
                                        0.6875, 0.1875, 0.4375, 0.9375, 0.5625, 0.0625, 0.3125, 0.8125};
        QCOMPARE(SobolSampler::sobolDimensions(), 64);
        for (std::uint32_t n = 0; n < 16; ++n) {
            const auto x = SobolSampler::point(n, 64);
            if (n < 8)
                for (int d = 0; d < 5; ++d)
                    QCOMPARE(x[static_cast<std::size_t>(d)], expected[static_cast<std::size_t>(d)][n]);
            QCOMPARE(x[40], dim41[n]);
            QCOMPARE(x[63], dim64[n]);
        }
        // The first 64 points put exactly one point in each 64th of every axis, shifted or not.
        std::mt19937_64 rng(3);
        std::vector<std::uint32_t> shift(64);
        for (auto& v : shift)
            v = static_cast<std::uint32_t>(rng());
        for (const auto& s : {std::vector<std::uint32_t>{}, shift}) {
            std::vector<std::vector<int>> bins(64, std::vector<int>(64));
            for (std::uint32_t n = 0; n < 64; ++n) {
                const auto x = SobolSampler::point(n, 64, s);
                for (int d = 0; d < 64; ++d)
                    ++bins[static_cast<std::size_t>(d)][static_cast<std::size_t>(x[static_cast<std::size_t>(d)] * 64)];
            }
            for (const auto& axis : bins)
                QVERIFY(std::all_of(axis.begin(), axis.end(), [](int c) { return c == 1; }));
        }
    }

    void sobolTrialsStayInTheirSpace()
    {
        const auto space = mixedSpace();
        SobolSampler a(1), b(1), c(2);
        for (int n = 0; n < 64; ++n) {
            const auto x = *a.sample(space, {}, {}, n);
            for (const auto& [name, value] : x)
                QVERIFY(SearchSpace::contains(*space.find(name), value));
            QCOMPARE(x.count("heads"), std::size_t(x.at("model") == "transformer" ? 1 : 0));
        }
        QCOMPARE(*a.sample(space, {}, {}, 3), *b.sample(space, {}, {}, 3));
        QVERIFY(*a.sample(space, {}, {}, 3) != *c.sample(space, {}, {}, 3));  // another shift
    }

    void theObjectivesHaveTheirKnownMinima()
    {
        const double pi = 3.14159265358979323846;
        for (auto [x1, x2] : std::vector<std::pair<double, double>>{{-pi, 12.275}, {pi, 2.275}, {9.42478, 2.475}})
            QVERIFY(std::abs(branin(x1, x2) - objectiveMinimum("branin")) < 1e-5);
        const double best[6] = {0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573};
        QVERIFY(std::abs(hartmann6(best) - objectiveMinimum("hartmann6")) < 1e-5);
        QVERIFY(std::abs(objectiveValue("branin", {{"x1", pi}, {"x2", 2.275}}) - 0.397887) < 1e-5);
        try {
            objectiveValue("hartmann6", {{"x1", 0.5}});
            QFAIL("accepted");
        } catch (const UserError& e) {
            QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("needs a float parameter 'x2'")));
        }
    }
};

QTEST_APPLESS_MAIN(TestSamplers)
#include "tst_samplers.moc"
