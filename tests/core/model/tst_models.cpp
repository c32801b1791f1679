#include "model/ModelCost.h"
#include "model/Models.h"
#include "train/RunConfig.h"

#include <fmt/format.h>

#include <QtTest>

#include <functional>

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

// The LSTM module and token embedding of a recurrent model.
struct LstmParts {
    torch::nn::LSTM lstm{nullptr};
    torch::nn::Embedding tokens{nullptr};
};

LstmParts lstmPartsOf(SequenceModelImpl& m)
{
    LstmParts parts;
    for (const auto& item : m.named_children()) {
        if (item.key() == "lstm")
            parts.lstm = torch::nn::LSTM(std::dynamic_pointer_cast<torch::nn::LSTMImpl>(item.value()));
        if (item.key() == "tokens")
            parts.tokens = torch::nn::Embedding(std::dynamic_pointer_cast<torch::nn::EmbeddingImpl>(item.value()));
    }
    return parts;
}

// m.features(ids) equals reference() (computed with the same modules), and both send the same
// gradients into every LSTM parameter and the token embedding for one upstream gradient.
void compareFeaturesAndGradients(SequenceModelImpl& m, const LstmParts& parts, const torch::Tensor& ids,
                                 const std::function<torch::Tensor()>& reference, const QString& what)
{
    QVERIFY(parts.lstm && parts.tokens);
    m.train();
    const auto gradients = [&](const torch::Tensor& features, const torch::Tensor& upstream) {
        m.zero_grad();
        (features * upstream).sum().backward();
        std::vector<torch::Tensor> g;
        for (const auto& p : parts.lstm->parameters())
            g.push_back(p.grad().clone());
        g.push_back(parts.tokens->weight.grad().clone());
        return g;
    };
    auto got = m.features(ids);
    const auto upstream = torch::randn(got.sizes());
    const auto gotGrads = gradients(got, upstream);
    auto expected = reference();
    const auto expectedGrads = gradients(expected, upstream);
    QVERIFY2(torch::allclose(got, expected, 1e-5, 1e-6),
             qPrintable(what + QStringLiteral(": features differ by %1").arg((got - expected).abs().max().item<double>())));
    for (std::size_t i = 0; i < gotGrads.size(); ++i)
        QVERIFY2(torch::allclose(gotGrads[i], expectedGrads[i], 1e-5, 1e-6),
                 qPrintable(what + QStringLiteral(": gradient %1 differs").arg(i)));
}
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
        for (const char* family : {"gpt", "mlm", "lstm"}) {
            auto m = buildModel(small(family));
            QCOMPARE(m->forward(paddedIds()).sizes().vec(), (std::vector<std::int64_t>{2, 5, 10}));
            QVERIFY(m->isLanguageModel());
            QCOMPARE(m->isMaskedLanguageModel(), family == std::string("mlm"));
        }
    }
    void maskedModelReadsTheMaskVectorAndSeesBothSides()
    {
        auto m = buildModel(small("mlm"));
        m->eval();
        // Id 10 (= the vocabulary size) is [MASK]: it reads the learned vector, no token's row.
        auto masked = torch::tensor({{2, 5, 10, 7, 8}}, torch::kLong), unk = torch::tensor({{2, 5, 1, 7, 8}}, torch::kLong);
        QVERIFY(!torch::allclose(m->forward(masked), m->forward(unk)));
        // Bidirectional: the prediction at position 1 changes when a later token does.
        auto a = torch::tensor({{2, 5, 6, 7, 8}}, torch::kLong), b = torch::tensor({{2, 5, 6, 1, 1}}, torch::kLong);
        QVERIFY(!torch::allclose(m->forward(a).slice(1, 0, 2), m->forward(b).slice(1, 0, 2)));
    }
    void fineTunedClassifiersKeepTheirLanguageModelsTrunk()
    {
        // A GPT's classifier attends causally: its features at a prefix ignore what follows.
        auto gpt = classifierFromLanguageModel(small("gpt"));
        QCOMPARE(gpt.family, std::string("transformer"));
        QVERIFY(gpt.causal);
        auto m = buildModel(gpt);
        m->eval();
        AttentionMaps maps;
        m->forward(paddedIds(), &maps);
        auto upper = torch::ones({5, 5}, torch::kBool).triu(1);
        QCOMPARE(maps[0].masked_select(upper.view({1, 1, 5, 5})).abs().max().item<float>(), 0.0f);
        // An LSTM LM's classifier reads one direction and pools [last, max, mean]: 3 × hidden.
        auto lstm = classifierFromLanguageModel(small("lstm"));
        QCOMPARE(lstm.family, std::string("bilstm"));
        QVERIFY(!lstm.bidirectional);
        auto c = buildModel(lstm);
        QCOMPARE(c->features(paddedIds()).sizes().vec(), (std::vector<std::int64_t>{2, 18}));
        QCOMPARE(c->forward(paddedIds()).sizes().vec(), (std::vector<std::int64_t>{2, 3}));
        // Its padding is ignored as the bidirectional one's is.
        c->eval();
        auto shortIds = torch::tensor({{2, 4, 9}}, torch::kLong), padded = torch::tensor({{2, 4, 9, 0, 0}}, torch::kLong);
        QVERIFY(torch::allclose(c->forward(shortIds), c->forward(padded), 1e-5, 1e-6));
        QCOMPARE(classifierFromLanguageModel(small("mlm")).causal, false);
    }
    void layerGroupsRunFromEmbeddingsToHead()
    {
        const auto sizes = [](const char* family, int layers, bool shared = false) {
            auto c = small(family);
            c.layers = layers;
            c.shareBlocks = shared;
            auto m = buildModel(c);
            const auto groups = layerGroups(*m);
            std::int64_t total = 0;
            for (const auto& g : groups)
                for (const auto& p : g)
                    total += p.numel();
            // Every parameter in exactly one group.
            return std::make_pair(groups.size(), total == parameterCount(*m));
        };
        QCOMPARE(sizes("transformer", 3), std::make_pair(std::size_t(5), true));  // embeddings, 3 blocks, top
        QCOMPARE(sizes("mlm", 2), std::make_pair(std::size_t(4), true));
        QCOMPARE(sizes("gpt", 2, true), std::make_pair(std::size_t(3), true));  // one shared block
        QCOMPARE(sizes("bilstm", 2), std::make_pair(std::size_t(4), true));     // embeddings, 2 LSTM layers, head
        QCOMPARE(sizes("lstm", 1), std::make_pair(std::size_t(3), true));
        QCOMPARE(sizes("fasttext", 1), std::make_pair(std::size_t(2), true));   // tables, head
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
    void bilstmEqualsThePackedLstmWithItsGradients()
    {
        // features() runs each direction unpacked (the reverse one over each sequence reversed
        // within its length); the packed bidirectional LSTM over the same weights is the reference.
        for (int layers : {1, 2}) {
            auto c = small("bilstm");
            c.layers = layers;
            auto m = buildModel(c);
            auto parts = lstmPartsOf(*m);
            auto ids = torch::tensor({{2, 5, 6, 7, 8}, {2, 4, 9, 0, 0}, {3, 0, 0, 0, 0}, {9, 8, 0, 0, 0}}, torch::kLong);
            compareFeaturesAndGradients(*m, parts, ids, [&] {
                auto lengths = ids.ne(0).sum(1);
                auto packed = torch::nn::utils::rnn::pack_padded_sequence(parts.tokens(ids), lengths, true, false);
                auto h = std::get<0>(std::get<1>(parts.lstm->forward_with_packed_input(packed)));
                return torch::cat({h[-2], h[-1]}, 1);
            }, QStringLiteral("bilstm, %1 layers").arg(layers));
        }
    }
    void lstmLanguageModelEqualsTheModuleLstmWithItsGradients()
    {
        // forward() runs the fused LSTM layer by layer (kernels::lstm); the module's own forward
        // over the same weights is the reference (dropout 0, so both are deterministic).
        for (int layers : {1, 2}) {
            auto c = small("lstm");
            c.layers = layers;
            c.hidden = c.width;
            auto m = buildModel(c);
            auto parts = lstmPartsOf(*m);
            const auto ids = paddedIds();
            compareFeaturesAndGradients(*m, parts, ids, [&] {
                auto out = std::get<0>(parts.lstm->forward(parts.tokens(ids)));
                auto keep = ids.ne(0).unsqueeze(-1).to(out.dtype());
                return (out * keep).sum(1) / keep.sum(1);
            }, QStringLiteral("lstm, %1 layers").arg(layers));
        }
    }
    void lstmFlopsCountTheRecurrentProducts()
    {
        // bilstm, width 8, hidden 6: per direction 4·6·(8 + 6) = 336 multiply-adds per token,
        // two directions, plus the head's 12·3; a second layer reads both directions (12 wide).
        auto c = small("bilstm");
        QCOMPARE(flopsPerToken(*buildModel(c), c), std::int64_t{2 * (2 * 336 + 36)});
        c.layers = 2;
        QCOMPARE(flopsPerToken(*buildModel(c), c), std::int64_t{2 * (2 * 336 + 2 * 4 * 6 * (12 + 6) + 36)});
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
    void aSharedBlockModelHasOneBlocksParameters()
    {
        auto c = small("transformer");
        c.layers = 4;
        c.shareBlocks = true;
        auto shared = buildModel(c);
        auto one = small("transformer");
        QCOMPARE(parameterCount(*shared), parameterCount(*buildModel(one)));
        // Still four layers of attention.
        AttentionMaps maps;
        shared->forward(paddedIds(), &maps);
        QCOMPARE(maps.size(), std::size_t(4));
    }
    void gradientsFlowIntoTheSharedBlockFromEveryLayer()
    {
        for (const char* family : {"transformer", "gpt"}) {
            auto c = small(family);
            c.layers = 3;
            c.shareBlocks = true;
            auto shared = buildModel(c);
            c.shareBlocks = false;
            auto unshared = buildModel(c);
            // The unshared model with every block holding the shared block's weights.
            {
                torch::NoGradGuard noGrad;
                auto from = shared->named_parameters();
                for (auto& item : unshared->named_parameters()) {
                    auto key = item.key();
                    if (key.rfind("blocks.", 0) == 0)
                        key = "blocks.0" + key.substr(key.find('.', 7));
                    item.value().copy_(from[key]);
                }
            }
            const auto a = shared->forward(paddedIds()), b = unshared->forward(paddedIds());
            QVERIFY(torch::allclose(a, b, 1e-5, 1e-6));
            a.pow(2).sum().backward();
            b.pow(2).sum().backward();
            // The shared weights' gradient is the sum of the three layers' gradients.
            auto sharedParams = shared->named_parameters();
            auto unsharedParams = unshared->named_parameters();
            for (const char* name : {"attention.qkv.weight", "up.weight", "ln2.bias"}) {
                const auto g = sharedParams[std::string("blocks.0.") + name].grad();
                auto sum = torch::zeros_like(g);
                for (int l = 0; l < 3; ++l) {
                    const auto gl = unsharedParams[fmt::format("blocks.{}.{}", l, name)].grad();
                    QVERIFY2(gl.abs().sum().item<double>() > 0, name);  // every layer contributes
                    sum += gl;
                }
                QVERIFY2(torch::allclose(g, sum, 1e-4, 1e-6), name);
            }
        }
    }
    void factorizedEmbeddingsAndTiedOutputsCountOnce()
    {
        auto c = small("gpt");
        c.vocabularySize = 40;
        auto plain = buildModel(c);
        c.embeddingSize = 4;
        auto factorized = buildModel(c);
        // tokens 40×8 become 40×4 plus a 4→8 projection with bias.
        QCOMPARE(parameterCount(*plain) - parameterCount(*factorized), std::int64_t(320 - (160 + 32 + 8)));
        QCOMPARE(factorized->forward(paddedIds()).sizes().vec(), (std::vector<std::int64_t>{2, 5, 40}));

        for (const char* family : {"gpt", "lstm"}) {
            auto t = small(family);
            t.hidden = t.width;
            auto untied = buildModel(t);
            t.tieEmbeddings = true;
            auto tied = buildModel(t);
            // No output matrix of its own (GPT's head has no bias; the LSTM's had one of V).
            const std::int64_t head = 8 * 10 + (std::string(family) == "lstm" ? 10 : 0);
            QCOMPARE(parameterCount(*untied) - parameterCount(*tied), head);
            QVERIFY(!tied->named_parameters().find("head.weight"));
            // The output gradient reaches the embedding matrix through the tied output layer.
            tied->train();
            auto logits = tied->forward(paddedIds());
            logits.select(2, 3).sum().backward();
            const auto g = tied->named_parameters()["tokens.weight"].grad();
            QVERIFY(g[3].abs().sum().item<double>() > 0);  // token 3 is never an input here
        }
    }
    void sharingSettingsAreValidated()
    {
        RunConfig r;
        r.data.path = "x";
        r.model.family = "bilstm";
        r.model.shareBlocks = true;
        r.model.tieEmbeddings = true;
        const auto p = r.validate();
        QVERIFY2(p.find("sharing blocks across layers needs a Transformer") != std::string::npos, p.c_str());
        QVERIFY(p.find("tied input/output embeddings need a language model") != std::string::npos);
        r.model.family = "lstm";
        r.model.shareBlocks = false;
        r.model.hidden = 64;
        r.model.width = 32;
        QVERIFY(r.validate().find("hidden size (64) to equal the width (32)") != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestModels)
#include "tst_models.moc"
