// Truncated SVD of a model's Linear layers: the error it reports, full-rank fidelity, exact
// parameter counts, and layers trained in factorized form from the start.
#include "compress/Factorize.h"
#include "model/ModelCost.h"
#include "model/Models.h"
#include "train/RunConfig.h"

#include <QtTest>

#include <cmath>

using namespace lathe;

namespace {
RunConfig transformerConfig(int layers = 2)
{
    RunConfig c;
    c.model.family = "transformer";
    c.model.vocabularySize = 50;
    c.model.numClasses = 4;
    c.model.width = 16;
    c.model.heads = 2;
    c.model.layers = layers;
    c.model.feedForward = 32;
    c.model.maxLength = 12;
    c.model.dropout = 0.0;
    return c;
}

torch::Tensor someIds() { return torch::randint(1, 50, {3, 12}, torch::kLong); }

}  // namespace

class TestFactorize : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::manual_seed(1); }
    void reportedErrorEqualsDiscardedSingularValues()
    {
        auto c = transformerConfig();
        auto model = buildModel(c.model);
        const auto factors = decompose(*model);
        // blocks.{0,1}.{attention.qkv, attention.out, up, down} and head.
        QCOMPARE(factors.size(), std::size_t{9});
        for (int rank : {1, 3, 7}) {
            RankMap ranks;
            for (const auto& f : factors)
                ranks[f.spectrum.name] = std::min(rank, f.spectrum.fullRank());
            auto config = c;
            auto copy = factorizedCopy(*model, config, factors, ranks);
            auto original = projections(*model);
            auto truncated = projections(*copy);
            for (std::size_t i = 0; i < factors.size(); ++i) {
                const auto& s = factors[i].spectrum;
                const int r = ranks.at(s.name);
                // Independently of LayerSpectrum: the singular values torch gives the weight.
                const auto w = original[i].second->denseWeight().detach().to(torch::kDouble);
                const auto sigma = torch::linalg_svdvals(w);
                const double discarded = std::sqrt(sigma.slice(0, r).pow(2).sum().item<double>());
                const double expected = discarded / w.norm().item<double>();
                QVERIFY2(std::abs(s.relativeError(r) - expected) < 1e-5, qPrintable(QString::fromStdString(s.name)));
                // And the factorized layer really is that far from the original.
                const auto wr = truncated[i].second->denseWeight().detach().to(torch::kDouble);
                const double actual = (w - wr).norm().item<double>() / w.norm().item<double>();
                QVERIFY2(std::abs(actual - expected) < 1e-5,
                         qPrintable(QStringLiteral("%1 rank %2: %3 vs %4")
                                        .arg(QString::fromStdString(s.name)).arg(r).arg(actual).arg(expected)));
                QCOMPARE(truncated[i].second->rank, r);
            }
        }
    }
    void fullRankReproducesTheModelsOutputs()
    {
        auto c = transformerConfig();
        auto model = buildModel(c.model);
        model->eval();
        const auto factors = decompose(*model);
        RankMap ranks;
        for (const auto& f : factors)
            ranks[f.spectrum.name] = f.spectrum.fullRank();
        auto config = c;
        auto copy = factorizedCopy(*model, config, factors, ranks);
        torch::NoGradGuard noGrad;
        const auto ids = someIds();
        const auto a = model->forward(ids), b = copy->forward(ids);
        const double diff = (a - b).abs().max().item<double>();
        QVERIFY2(diff < 1e-5, qPrintable(QString::number(diff)));
        // The config describes every layer's rank, so the copy can be rebuilt from it.
        QCOMPARE(config.model.ranks.size(), factors.size());
        QCOMPARE(parameterCount(*buildModel(config.model)), parameterCount(*copy));
    }
    void parameterCountsAreExactForEveryMode()
    {
        auto c = transformerConfig();
        auto model = buildModel(c.model);
        const auto factors = decompose(*model);
        std::vector<LayerSpectrum> spectra;
        for (const auto& f : factors)
            spectra.push_back(f.spectrum);
        const auto dense = parameterCount(*model);
        const auto denseWeights = denseWeightParameters(spectra);
        const std::vector<RankMap> maps{uniformRanks(spectra, 3), singleLayerRank(spectra, "blocks.1.up", 5),
                                        allocateRanks(spectra, denseWeights / 3)};
        for (const auto& ranks : maps) {
            QVERIFY(!ranks.empty());
            auto config = c;
            auto copy = factorizedCopy(*model, config, factors, ranks);
            // Only the weights change: dense − Σ in·out + Σ r·(in + out) over the factorized layers.
            std::int64_t expected = dense;
            for (const auto& s : spectra)
                if (auto it = ranks.find(s.name); it != ranks.end())
                    expected += std::int64_t{it->second} * (s.in + s.out) - std::int64_t{s.in} * s.out;
            QCOMPARE(parameterCount(*copy), expected);
            QCOMPARE(parameterCount(*copy), dense - denseWeights + weightParameters(spectra, ranks));
        }
    }
    void flopsCountEveryMultiplyAdd()
    {
        auto c = transformerConfig(1);
        auto model = buildModel(c.model);
        // qkv 16·48, out 16·16, up 16·32, down 32·16, head 16·4; attention 2·T·width.
        const std::int64_t macs = 16 * 48 + 16 * 16 + 16 * 32 + 32 * 16 + 16 * 4 + 2 * 12 * 16;
        QCOMPARE(flopsPerToken(*model, c.model), 2 * macs);
        c.model.lowRank = 4;
        auto low = buildModel(c.model);
        const std::int64_t lowMacs = 4 * (16 + 48) + 4 * (16 + 16) + 4 * (16 + 32) + 4 * (32 + 16) + 16 * 4 + 2 * 12 * 16;
        QCOMPARE(flopsPerToken(*low, c.model), 2 * lowMacs);
        // A block shared by 3 layers has one block's parameters but runs 3 times per token.
        auto three = transformerConfig(3);
        const auto unshared = flopsPerToken(*buildModel(three.model), three.model);
        three.model.shareBlocks = true;
        QCOMPARE(flopsPerToken(*buildModel(three.model), three.model), unshared);
    }
    void factorizedTrainingBuildsUvLayersThatLearn()
    {
        auto c = transformerConfig(1);
        c.model.lowRank = 4;
        auto model = buildModel(c.model);
        auto params = model->named_parameters();
        QVERIFY(params.find("blocks.0.attention.qkv.left"));
        QCOMPARE(params["blocks.0.attention.qkv.left"].sizes().vec(), (std::vector<std::int64_t>{48, 4}));
        QCOMPARE(params["blocks.0.attention.qkv.right"].sizes().vec(), (std::vector<std::int64_t>{4, 16}));
        QVERIFY(!params.find("blocks.0.attention.qkv.weight"));
        QVERIFY(params.find("head.weight"));  // the head stays dense
        // A dense model keeps the names torch::nn::Linear gave, so older checkpoints load.
        auto dense = buildModel(transformerConfig(1).model);
        QVERIFY(dense->named_parameters().find("blocks.0.up.weight"));
        QCOMPARE(parameterCount(*dense) - parameterCount(*model),
                 std::int64_t{16 * 48 + 16 * 16 + 16 * 32 + 32 * 16} - 4 * (64 + 32 + 48 + 48));
        // Both factors get gradients.
        model->train();
        model->forward(someIds()).sum().backward();
        QVERIFY(params["blocks.0.up.left"].grad().defined());
        QVERIFY(params["blocks.0.up.right"].grad().abs().sum().item<double>() > 0);
    }
};

QTEST_GUILESS_MAIN(TestFactorize)
#include "tst_factorize.moc"
