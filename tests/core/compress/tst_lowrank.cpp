// Low-rank arithmetic without a model: truncation error, parameter counts, rank allocation.
#include "compress/LowRank.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <random>
#include <stdexcept>

using namespace lathe;

namespace {
LayerSpectrum layer(const std::string& name, int in, int out, std::vector<double> singular)
{
    return LayerSpectrum{name, in, out, std::move(singular)};
}

// A 64x64 layer whose singular values are all equal, and one whose values halve each step.
std::vector<LayerSpectrum> flatAndDecaying()
{
    std::vector<double> flat(64, 1.0), decaying(64);
    for (int k = 0; k < 64; ++k)
        decaying[static_cast<std::size_t>(k)] = std::pow(0.5, k);
    return {layer("flat", 64, 64, flat), layer("decaying", 64, 64, decaying)};
}
}  // namespace

class TestLowRank : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void relativeErrorIsDiscardedEnergyOverNorm()
    {
        const auto l = layer("a", 3, 5, {3, 2, 1});
        QCOMPARE(l.fullRank(), 3);
        QVERIFY(std::abs(l.relativeError(1) - std::sqrt(5.0 / 14.0)) < 1e-12);
        QVERIFY(std::abs(l.relativeError(2) - std::sqrt(1.0 / 14.0)) < 1e-12);
        QCOMPARE(l.relativeError(3), 0.0);
        QCOMPARE(l.relativeError(0), 0.0);  // dense
        QVERIFY(std::abs(l.energy(1) - 9.0 / 14.0) < 1e-12);
    }
    void parameterCountsAreExact()
    {
        const auto l = layer("a", 32, 96, std::vector<double>(32, 1.0));
        QCOMPARE(l.weightParameters(0), std::int64_t{32 * 96});
        QCOMPARE(l.weightParameters(4), std::int64_t{4 * (32 + 96)});
        QVERIFY(l.saves(23));   // 23·128 = 2944 < 3072
        QVERIFY(!l.saves(24));  // 24·128 = 3072: saves nothing
        QVERIFY(!l.saves(32));
        const std::vector<LayerSpectrum> layers{l, layer("b", 64, 64, std::vector<double>(64, 1.0))};
        QCOMPARE(weightParameters(layers, uniformRanks(layers, 8)), std::int64_t{8 * 128 + 8 * 128});
        // Rank 30 saves in b (30·128 < 4096) but not in a, which stays dense.
        const auto r30 = uniformRanks(layers, 30);
        QCOMPARE(r30.size(), std::size_t{1});
        QCOMPARE(weightParameters(layers, r30), std::int64_t{32 * 96 + 30 * 128});
        QCOMPARE(singleLayerRank(layers, "a", 30).size(), std::size_t{0});
        QCOMPARE(singleLayerRank(layers, "b", 30).at("b"), 30);
    }
    void globalAllocationNeverExceedsTheBudget()
    {
        std::mt19937 rng(7);
        std::uniform_real_distribution<double> u(0.01, 1.0);
        std::vector<LayerSpectrum> layers;
        const int shapes[][2] = {{32, 96}, {32, 32}, {32, 128}, {128, 32}, {32, 4}};
        for (int i = 0; i < 5; ++i) {
            const int n = std::min(shapes[i][0], shapes[i][1]);
            std::vector<double> s(static_cast<std::size_t>(n));
            for (auto& v : s)
                v = u(rng);
            std::sort(s.rbegin(), s.rend());
            layers.push_back(layer("l" + std::to_string(i), shapes[i][0], shapes[i][1], s));
        }
        const auto dense = denseWeightParameters(layers);
        for (double fraction = 0.1; fraction <= 1.0001; fraction += 0.05) {
            const auto budget = static_cast<std::int64_t>(fraction * static_cast<double>(dense));
            const auto ranks = allocateRanks(layers, budget);
            QVERIFY2(weightParameters(layers, ranks) <= budget, qPrintable(QString::number(fraction)));
            for (const auto& [name, r] : ranks)
                QVERIFY(r >= 1);
        }
        // The full budget ends with every layer dense again or at a rank that still saves.
        for (const auto& [name, r] : allocateRanks(layers, dense))
            QVERIFY(r >= 1);
    }
    void globalGivesTheDecayingLayerFewerRanksThanUniform()
    {
        const auto layers = flatAndDecaying();
        const auto uniform = uniformRanks(layers, 16);
        const auto budget = weightParameters(layers, uniform);
        const auto global = allocateRanks(layers, budget);
        QVERIFY(weightParameters(layers, global) <= budget);
        QVERIFY2(global.at("decaying") < uniform.at("decaying"),
                 qPrintable(QStringLiteral("decaying got %1").arg(global.at("decaying"))));
        QVERIFY(global.at("flat") > uniform.at("flat"));
        // Equal parameters, less discarded energy in total than uniform.
        double uniformError = 0, globalError = 0;
        for (const auto& l : layers) {
            uniformError += 1 - l.energy(uniform.at(l.name));
            globalError += 1 - l.energy(global.at(l.name));
        }
        QVERIFY(globalError < uniformError);
    }
    void measuredAllocationIsTheExactOptimum()
    {
        // Small layers (budgets under 4,096 weights are counted exactly): compare with trying
        // every combination of measured ranks and dense.
        const std::vector<LayerSpectrum> layers{layer("a", 16, 32, std::vector<double>(16, 1.0)),
                                                layer("b", 32, 32, std::vector<double>(32, 1.0)),
                                                layer("c", 8, 64, std::vector<double>(8, 1.0))};
        std::mt19937 rng(11);
        std::uniform_real_distribution<double> u(0.0, 1.0);
        for (int trial = 0; trial < 20; ++trial) {
            LossIncrease increase;
            for (const auto& l : layers)
                for (int r : {1, 2, 4, 6})
                    increase[l.name][r] = u(rng) / r;  // smaller ranks hurt more, by a random amount
            for (std::int64_t budget : {190, 400, 700, 1200, 1900}) {
                double bestLoss = std::numeric_limits<double>::infinity();
                const std::vector<int> options{0, 1, 2, 4, 6};
                for (int ra : options)
                    for (int rb : options)
                        for (int rc : options) {
                            RankMap m;
                            double loss = 0;
                            for (const auto& [name, r] : {std::pair{"a", ra}, std::pair{"b", rb}, std::pair{"c", rc}})
                                if (r > 0) {
                                    m[name] = r;
                                    loss += increase[name][r];
                                }
                            if (weightParameters(layers, m) <= budget)
                                bestLoss = std::min(bestLoss, loss);
                        }
                const auto got = allocateByMeasuredLoss(layers, increase, budget);
                QVERIFY(weightParameters(layers, got) <= budget);
                double loss = 0;
                for (const auto& [name, r] : got)
                    loss += increase[name][r];
                QVERIFY2(std::abs(loss - bestLoss) < 1e-12,
                         qPrintable(QStringLiteral("budget %1: %2 vs %3").arg(budget).arg(loss).arg(bestLoss)));
            }
        }
    }
    void measuredAllocationCompressesTheInsensitiveLayer()
    {
        // Two identical 64x64 layers; truncating "robust" costs almost nothing, "fragile" a lot.
        const auto layers = flatAndDecaying();
        LossIncrease increase;
        for (int r : {1, 2, 4, 8, 16, 24, 31}) {
            increase["flat"][r] = 2.0 / r;
            increase["decaying"][r] = 0.001 / r;
        }
        const auto budget = weightParameters(layers, uniformRanks(layers, 16));
        const auto got = allocateByMeasuredLoss(layers, increase, budget);
        QVERIFY(weightParameters(layers, got) <= budget);
        QVERIFY(got.at("decaying") < 16);
        QVERIFY(got.at("flat") > 16);
        // Large budgets are counted in rounded-up units: costs that are no multiple of the unit
        // must still never overshoot.
        // 200 layers of 31x33: each rank costs 64 weights, no multiple of the unit, so rounding
        // the wrong way would add up to an overshoot.
        std::vector<LayerSpectrum> many;
        LossIncrease manyIncrease;
        for (int i = 0; i < 200; ++i) {
            many.push_back(layer("l" + std::to_string(i), 31, 33, std::vector<double>(31, 1.0)));
            for (int r = 1; r <= 15; ++r)
                manyIncrease[many.back().name][r] = 1.0 / (r + i % 7);
        }
        for (std::int64_t b = 20'000; b < 200'000; b += 9'973)
            QVERIFY2(weightParameters(many, allocateByMeasuredLoss(many, manyIncrease, b)) <= b, qPrintable(QString::number(b)));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, allocateByMeasuredLoss(layers, increase, 100));
    }
    void energyThresholdsTakeTheSmallestRankKeepingTheShare()
    {
        const auto layers = flatAndDecaying();
        // Decaying: σ_k² = 4^-k, so rank 1 keeps 75% and rank 2 keeps 93.75%; flat: r/64.
        const auto r = energyRanks(layers, 0.9);
        QCOMPARE(r.at("decaying"), 2);
        // Flat keeps r/64: 90% takes rank 58, and 58·128 > 64·64 saves nothing, so it stays dense.
        QVERIFY(!r.count("flat"));
        const auto low = energyRanks(layers, 0.4);
        QCOMPARE(low.at("decaying"), 1);
        QCOMPARE(low.at("flat"), 26);  // 26/64 = 0.406 ≥ 0.4 > 25/64
        for (const auto& l : layers)
            if (low.count(l.name))
                QVERIFY(l.energy(low.at(l.name)) >= 0.4 && (low.at(l.name) == 1 || l.energy(low.at(l.name) - 1) < 0.4));
    }
    void aBudgetBelowRankOneEverywhereIsRefused()
    {
        const auto layers = flatAndDecaying();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, allocateRanks(layers, 100));
        QCOMPARE(uniformRankWithin(layers, 100), 0);
        QCOMPARE(uniformRankWithin(layers, 2 * 128 * 5), 5);
    }
};

QTEST_GUILESS_MAIN(TestLowRank)
#include "tst_lowrank.moc"
