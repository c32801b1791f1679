#include "model/Models.h"

#include <QtTest>

using namespace lathe;

namespace {
ModelConfig small(const char* family)
{
    ModelConfig c;
    c.family = family;
    c.vocabularySize = 10;
    c.numClasses = 3;
    c.width = 8;
    c.heads = 2;
    c.layers = 1;
    c.feedForward = 16;
    c.hidden = 6;
    c.maxLength = 5;
    c.dropout = 0.0;
    return c;
}

// Two sequences: one full length, one with two padded positions at the end.
torch::Tensor paddedIds() { return torch::tensor({{2, 5, 6, 7, 8}, {2, 4, 9, 0, 0}}, torch::kLong); }
}  // namespace

class TestModels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::manual_seed(0); }
    void everyFamilyHasTheRightOutputShape()
    {
        for (const char* family : {"transformer", "bilstm"}) {
            auto m = buildModel(small(family));
            QCOMPARE(m->forward(paddedIds()).sizes().vec(), (std::vector<std::int64_t>{2, 3}));
            QVERIFY(!m->isLanguageModel());
        }
        for (const char* family : {"gpt", "lstm"}) {
            auto m = buildModel(small(family));
            QCOMPARE(m->forward(paddedIds()).sizes().vec(), (std::vector<std::int64_t>{2, 5, 10}));
            QVERIFY(m->isLanguageModel());
        }
    }
    void attentionRowsSumToOneAndPaddingGetsNone()
    {
        auto c = small("transformer");
        c.layers = 2;
        auto m = buildModel(c);
        m->eval();
        AttentionMaps maps;
        m->forward(paddedIds(), &maps);
        QCOMPARE(maps.size(), std::size_t(2));
        for (const auto& p : maps) {
            QCOMPARE(p.sizes().vec(), (std::vector<std::int64_t>{2, 2, 5, 5}));
            QVERIFY(torch::allclose(p.sum(-1), torch::ones({2, 2, 5})));
            // Keys 3 and 4 of the second sequence are padding.
            QCOMPARE(p[1].slice(2, 3).abs().max().item<float>(), 0.0f);
            QVERIFY(p[0].slice(2, 3).min().item<float>() > 0.0f);
        }
    }
    void attentionEqualsSoftmaxOfScaledScores()
    {
        ModelConfig c;
        c.width = 8;
        c.heads = 2;
        c.dropout = 0.0;
        auto m = std::make_shared<SelfAttentionImpl>(c, false, "blocks.0");
        auto x = torch::randn({1, 4, 8});
        torch::Tensor probs;
        m->forward(x, torch::zeros({1, 4}, torch::kBool), &probs);
        // Recompute from the weights: q and k are the first two thirds of the qkv projection.
        auto qkv = torch::matmul(x, m->qkv->weight.t()) + m->qkv->bias;
        auto q = qkv.slice(2, 0, 8).view({1, 4, 2, 4}).transpose(1, 2);
        auto k = qkv.slice(2, 8, 16).view({1, 4, 2, 4}).transpose(1, 2);
        auto expected = torch::softmax(torch::matmul(q, k.transpose(-2, -1)) / 2.0, -1);
        QVERIFY(torch::allclose(probs, expected, 1e-5, 1e-6));
    }
    void causalModelNeverLooksAhead()
    {
        auto m = buildModel(small("gpt"));
        m->eval();
        AttentionMaps maps;
        m->forward(paddedIds(), &maps);
        auto upper = torch::ones({5, 5}, torch::kBool).triu(1);
        QCOMPARE(maps[0].masked_select(upper.view({1, 1, 5, 5})).abs().max().item<float>(), 0.0f);
        // and the logits at position t do not change when later tokens change
        auto a = torch::tensor({{2, 5, 6, 7, 8}}, torch::kLong), b = torch::tensor({{2, 5, 6, 1, 1}}, torch::kLong);
        QVERIFY(torch::allclose(m->forward(a).slice(1, 0, 3), m->forward(b).slice(1, 0, 3)));
    }
    void bilstmIgnoresTrailingPadding()
    {
        auto m = buildModel(small("bilstm"));
        m->eval();
        auto shortIds = torch::tensor({{2, 4, 9}}, torch::kLong);
        auto padded = torch::tensor({{2, 4, 9, 0, 0}}, torch::kLong);
        QVERIFY(torch::allclose(m->forward(shortIds), m->forward(padded), 1e-5, 1e-6));
    }
    void parameterCountsAreExact()
    {
        auto m = buildModel(small("transformer"));
        // tokens 10*8, positions 5*8, block (2 LayerNorms 2*16, qkv 8*24+24, out 8*8+8,
        // up 8*16+16, down 16*8+8), norm 16, head 8*3+3
        const std::int64_t block = 32 + 216 + 72 + 144 + 136;
        QCOMPARE(parameterCount(*m), std::int64_t(80 + 40 + block + 16 + 27));
        const auto per = parameterCounts(*m);
        QCOMPARE(per.front(), (std::pair<std::string, std::int64_t>{"tokens", 80}));
        std::int64_t sum = 0;
        for (const auto& [name, n] : per)
            sum += n;
        QCOMPARE(sum, parameterCount(*m));
    }
};

QTEST_APPLESS_MAIN(TestModels)
#include "tst_models.moc"
