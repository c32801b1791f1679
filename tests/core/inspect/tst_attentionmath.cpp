// The views drawn from attention: head, layer mean, rollout, summed rows, difference.
#include "inspect/Attention.h"

#include <QtTest>
#include <nlohmann/json.hpp>

using namespace lathe;

namespace {
// Two layers, two heads, three tokens; every row a distribution.
AttentionResult sample()
{
    AttentionResult a;
    a.tokens = {"<bos>", "a", "b"};
    a.layers = 2;
    a.heads = 2;
    const float l0h0[9] = {1, 0, 0, 0.5f, 0.5f, 0, 0.2f, 0.3f, 0.5f};
    const float l0h1[9] = {1, 0, 0, 1, 0, 0, 0, 0, 1};
    const float l1h0[9] = {1, 0, 0, 0, 1, 0, 0, 1, 0};
    const float l1h1[9] = {1, 0, 0, 0, 1, 0, 1, 0, 0};
    for (const float* m : {l0h0, l0h1, l1h0, l1h1})
        a.weights.insert(a.weights.end(), m, m + 9);
    return a;
}
}  // namespace

class TestAttentionMath : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void headMapReadsTheRightSlice()
    {
        const auto a = sample();
        const auto m = headMap(a, 0, 0);
        QCOMPARE(m.size, 3);
        QCOMPARE(m.at(2, 1), 0.3f);
        QCOMPARE(headMap(a, 1, 1).at(2, 0), 1.0f);
        QCOMPARE(a.at(1, 0, 2, 1), 1.0f);
    }
    void layerMeanAveragesHeads()
    {
        const auto m = layerMean(sample(), 0);
        QCOMPARE(m.at(1, 0), 0.75f);
        QCOMPARE(m.at(2, 2), 0.75f);
    }
    void rolloutAddsResidualAndMultipliesLayers()
    {
        const auto a = sample();
        // By hand: A0 = 0.5 * mean0 + 0.5 * I, rows renormalized (they already sum to 1).
        const auto r0 = rollout(a, 0);
        QCOMPARE(r0.at(1, 0), 0.375f);
        QCOMPARE(r0.at(1, 1), 0.625f);
        // Two layers: R = A1 * A0; row 2 of A1 = [0.25, 0.25, 0.5].
        const auto r1 = rollout(a, 1);
        const float expected = 0.25f * 1.0f + 0.25f * 0.375f + 0.5f * 0.05f;  // key 0
        QVERIFY(std::abs(r1.at(2, 0) - expected) < 1e-6f);
        for (int q = 0; q < 3; ++q) {
            float sum = 0;
            for (int k = 0; k < 3; ++k)
                sum += r1.at(q, k);
            QVERIFY(std::abs(sum - 1.0f) < 1e-5f);
        }
    }
    void summedRowsAddsTheSelectedQueries()
    {
        const auto row = summedRows(headMap(sample(), 0, 0), {1, 2});
        QCOMPARE(row, (std::vector<float>{0.7f, 0.8f, 0.5f}));
        QCOMPARE(summedRows(headMap(sample(), 0, 0), {}), (std::vector<float>{0, 0, 0}));
    }
    void differenceNeedsTheSameTokens()
    {
        const auto a = sample();
        const auto d = difference(headMap(a, 0, 0), headMap(a, 0, 1));
        QCOMPARE(d.at(1, 0), -0.5f);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, difference(SquareMap(3), SquareMap(4)));
    }
    void crossAttentionMapsAreQueriesByKeys()
    {
        // One layer, one head: two target tokens attending over three source tokens.
        AttentionResult a;
        a.tokens = {"4", "<eos>"};
        a.keyTokens = {"<bos>", "f", "o"};
        a.layers = 1;
        a.heads = 1;
        a.weights = {0.1f, 0.7f, 0.2f, 0.5f, 0.25f, 0.25f};
        QCOMPARE(a.keyLength(), 3);
        QCOMPARE(a.at(0, 0, 1, 0), 0.5f);
        const auto m = headMap(a, 0, 0);
        QCOMPARE(m.size, 2);
        QCOMPARE(m.cols, 3);
        QVERIFY(!m.square());
        QCOMPARE(m.at(0, 1), 0.7f);
        QCOMPARE(layerMean(a, 0).values, m.values);
        QCOMPARE(summedRows(m, {0, 1}), (std::vector<float>{0.6f, 0.95f, 0.45f}));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rollout(a, 0));
        QCOMPARE(difference(m, m).values, std::vector<float>(6, 0.0f));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, difference(m, SquareMap(2)));
        const auto j = nlohmann::json::parse(attentionToJson(a));
        QCOMPARE(j["key_tokens"].size(), std::size_t(3));
        QCOMPARE(j["attention"][0][0][1].size(), std::size_t(3));
        // As many targets as sources: still cross-attention (no rollout, no shared tokens).
        a.tokens = {"x", "y", "<eos>"};
        a.weights = {0.1f, 0.7f, 0.2f, 0.5f, 0.25f, 0.25f, 0.3f, 0.3f, 0.4f};
        QVERIFY(!headMap(a, 0, 0).square());
        QVERIFY(headMap(a, 0, 0).cross);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, rollout(a, 0));
    }
    void jsonIsLayerHeadQueryKey()
    {
        const auto j = nlohmann::json::parse(attentionToJson(sample()));
        QCOMPARE(j["tokens"].size(), std::size_t(3));
        QCOMPARE(j["attention"].size(), std::size_t(2));
        QCOMPARE(j["attention"][0].size(), std::size_t(2));
        QCOMPARE(j["attention"][0][0][2][1].get<float>(), 0.3f);
        QCOMPARE(j["attention"][1][1][2][0].get<float>(), 1.0f);
    }
};

QTEST_GUILESS_MAIN(TestAttentionMath)
#include "tst_attentionmath.moc"
