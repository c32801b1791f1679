// PCA against an independent SVD, t-SNE on separated clusters, cosine neighbours by hand.
#include "inspect/Projection.h"

#include <QtTest>
#include <torch/torch.h>

#include <random>

using namespace lathe;

namespace {
EmbeddingTable tableOf(const torch::Tensor& x)
{
    auto c = x.to(torch::kFloat).contiguous();
    EmbeddingTable t;
    t.rows = static_cast<int>(c.size(0));
    t.dim = static_cast<int>(c.size(1));
    t.values.assign(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
    t.labels.resize(static_cast<std::size_t>(t.rows));
    return t;
}

// `clusters` Gaussian blobs of `each` points in `dim` dimensions, centres 20 apart.
EmbeddingTable blobs(int clusters, int each, int dim, std::vector<int>& membership)
{
    torch::manual_seed(3);
    std::vector<torch::Tensor> parts;
    for (int c = 0; c < clusters; ++c) {
        auto centre = torch::zeros({dim});
        centre[c % dim] = 20.0 * (c + 1);
        parts.push_back(torch::randn({each, dim}) + centre);
        membership.insert(membership.end(), static_cast<std::size_t>(each), c);
    }
    return tableOf(torch::cat(parts));
}

class Recorder : public ProjectionListener {
public:
    void onLayout(int iteration, int, const std::vector<float>& xy) override
    {
        iterations.push_back(iteration);
        last = xy;
    }
    bool cancelRequested() const override { return cancelAfter >= 0 && static_cast<int>(iterations.size()) >= cancelAfter; }
    std::vector<int> iterations;
    std::vector<float> last;
    int cancelAfter = -1;
};
}  // namespace

class TestProjection : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pcaMatchesAnIndependentSvd()
    {
        torch::manual_seed(1);
        // Anisotropic data so the two leading axes are well defined.
        auto x = torch::randn({200, 6}) * torch::tensor({5.0, 3.0, 1.0, 0.5, 0.2, 0.1}) + 7.0;
        const auto p = projectPca(tableOf(x));
        auto centred = (x - x.mean(0, true)).to(torch::kDouble);
        auto svd = torch::linalg::svd(centred, false, c10::nullopt);
        auto U = std::get<0>(svd), S = std::get<1>(svd);
        for (int axis = 0; axis < 2; ++axis) {
            auto expected = (U.select(1, axis) * S[axis]).to(torch::kFloat);
            auto got = torch::tensor(std::vector<float>(p.xy.begin(), p.xy.end())).view({200, 2}).select(1, axis);
            // Same axis up to sign.
            const float sign = (got * expected).sum().item<float>() >= 0 ? 1.0f : -1.0f;
            QVERIFY2(torch::allclose(got, sign * expected, 1e-3, 1e-3), qPrintable(QString::number(axis)));
        }
        auto variance = S * S;
        QVERIFY(std::abs(p.explained[0] - (variance[0] / variance.sum()).item<double>()) < 1e-6);
        QVERIFY(p.explained[0] > p.explained[1]);
    }
    void tsneKeepsSeparatedClustersApart()
    {
        std::vector<int> membership;
        const auto table = blobs(3, 60, 10, membership);
        Recorder recorder;
        TsneOptions o;
        o.perplexity = 15;
        o.iterations = 400;
        const auto p = projectTsne(table, o, &recorder);
        // Every point's 5 nearest neighbours in the 2-D layout belong to its own cluster.
        EmbeddingTable layout;
        layout.rows = table.rows;
        layout.dim = 2;
        layout.values = p.xy;
        const auto neighbours = nearestEuclidean(layout, 5);
        int same = 0;
        for (int i = 0; i < table.rows; ++i)
            for (int j : neighbours[static_cast<std::size_t>(i)])
                same += membership[static_cast<std::size_t>(i)] == membership[static_cast<std::size_t>(j)];
        QCOMPARE(same, table.rows * 5);
        // Partial layouts arrived as it went, the last one being the result.
        QVERIFY(recorder.iterations.size() >= 30);
        QCOMPARE(recorder.iterations.back(), 400);
        QCOMPARE(recorder.last, p.xy);
    }
    void tsneCancelsAndRefusesImpossiblePerplexity()
    {
        std::vector<int> membership;
        const auto table = blobs(2, 20, 4, membership);
        Recorder recorder;
        recorder.cancelAfter = 2;
        QVERIFY_THROWS_EXCEPTION(ProjectionCancelled, projectTsne(table, {5, 1000, 0.5, 1}, &recorder));
        QCOMPARE(recorder.iterations.size(), std::size_t(2));
        try {
            projectTsne(table, {30, 100, 0.5, 1});
            QFAIL("accepted perplexity 30 for 40 points");
        } catch (const std::invalid_argument& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("between 1 and 13")));
        }
    }
    void cosineNeighboursByHand()
    {
        // Row 0 = (1, 0); row 1 at 45 degrees (0.707); row 2 = (-1, 0) (-1); row 3 = (10, 1) (0.995); row 4 = (0, 2) (0).
        auto t = tableOf(torch::tensor({{1.0f, 0.0f}, {1.0f, 1.0f}, {-1.0f, 0.0f}, {10.0f, 1.0f}, {0.0f, 2.0f}}));
        const auto n = nearestByCosine(t, 0, 3);
        QCOMPARE(n.size(), std::size_t(3));
        QCOMPARE(n[0].row, 3);
        QVERIFY(std::abs(n[0].similarity - 10.0f / std::sqrt(101.0f)) < 1e-6f);
        QCOMPARE(n[1].row, 1);
        QVERIFY(std::abs(n[1].similarity - std::sqrt(0.5f)) < 1e-6f);
        QCOMPARE(n[2].row, 4);
        QCOMPARE(nearestByCosine(t, 0, 10).size(), std::size_t(4));
        QVERIFY(nearestByCosine(t, 7, 3).empty());
    }
};

QTEST_GUILESS_MAIN(TestProjection)
#include "tst_projection.moc"
