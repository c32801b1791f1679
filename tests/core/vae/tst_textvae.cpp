// The sentence VAE: its ELBO terms against their definitions (the closed-form KL against a Monte
// Carlo estimate, the reconstruction against the decoder's log-probabilities), the
// reparameterized gradient against finite differences, the KL schedules, and a run on the
// bundled sample: the KL stays above zero, the metrics and checkpoint are kept, the latent space
// samples, reconstructs and interpolates, and a damaged checkpoint is named.
#include "TestFiles.h"
#include "store/RunStore.h"
#include "vae/TextVae.h"
#include "vae/VaeCheckpoint.h"
#include "vae/VaeRun.h"

#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace lathe;

namespace {

// Two sentences: <bos> words <eos>, padded.
torch::Tensor twoSentences()
{
    return torch::tensor({2, 7, 5, 9, 3, 2, 6, 8, 3, 0}, torch::kInt64).view({2, 5});
}

VaeConfig small()
{
    VaeConfig c;
    c.embedding = 32;
    c.hidden = 64;
    c.latent = 8;
    c.steps = 400;
    c.evalEvery = 200;
    c.wordDropout = 0.5;
    c.iwaeSamples = 5;
    c.threads = 1;
    return c;
}

}  // namespace

class TestTextVae : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theElboIsItsParts()
    {
        torch::manual_seed(3);
        TextVae model(12, 8, 16, 4);
        const auto ids = twoSentences();
        const auto noise = torch::randn({2, 4});
        torch::NoGradGuard noGrad;
        const auto t = model->terms(ids, 0, noise);
        // Reconstruction: −Σ log p(word | z, the words before) over each sentence's predicted tokens.
        const auto& q = t.posterior;
        const auto z = q.mean + torch::exp(0.5 * q.logVariance) * noise;
        const auto logp = torch::log_softmax(model->decode(z, ids.slice(1, 0, 4)), 2);
        const auto target = ids.slice(1, 1);
        for (int b = 0; b < 2; ++b) {
            double sum = 0;
            for (int i = 0; i < 4; ++i)
                if (target[b][i].item<std::int64_t>() != 0)
                    sum -= logp[b][i][target[b][i].item<std::int64_t>()].item<double>();
            QVERIFY(std::abs(t.reconstruction[b].item<double>() - sum) < 1e-4);
        }
        // The closed-form KL equals E_q[log q(z|x) − log p(z)] estimated with 200,000 draws.
        const auto draws = torch::randn({200'000, 4});
        for (int b = 0; b < 2; ++b) {
            const auto mu = q.mean[b], logVar = q.logVariance[b];
            const auto zs = mu + torch::exp(0.5 * logVar) * draws;
            const auto logQ = (-0.5 * (draws.pow(2) + logVar)).sum(1);
            const auto logP = (-0.5 * zs.pow(2)).sum(1);
            const double mc = (logQ - logP).mean().item<double>();
            const double closed = t.klPerDimension[b].sum().item<double>();
            QVERIFY2(std::abs(mc - closed) < 0.01 + 0.02 * closed, qPrintable(QStringLiteral("%1 vs %2").arg(mc).arg(closed)));
        }
        // The ELBO a run reports is −(reconstruction + KL), per sentence.
        const auto elbo = -(t.reconstruction + t.klPerDimension.sum(1));
        QVERIFY(elbo.lt(0).all().item<bool>());
    }
    void theReparameterizedGradientMatchesFiniteDifferences()
    {
        torch::manual_seed(5);
        TextVae model(12, 6, 10, 3);
        model->to(torch::kDouble);
        const auto ids = twoSentences();
        const auto noise = torch::randn({2, 3}, torch::kDouble);
        const auto loss = [&] {
            const auto t = model->terms(ids, 0, noise);
            return (t.reconstruction + t.klPerDimension.sum(1)).sum();
        };
        // The encoder's output layer: its gradient flows through z = μ + σ·ε into the decoder.
        auto& weight = model->toPosterior->weight;
        const auto analytic = torch::autograd::grad({loss()}, {weight})[0];
        torch::NoGradGuard noGrad;
        const double h = 1e-6;
        for (const auto [r, c] : {std::pair{0, 0}, std::pair{2, 5}, std::pair{4, 9}, std::pair{5, 1}}) {
            const double original = weight[r][c].item<double>();
            weight[r][c] = original + h;
            const double up = loss().item<double>();
            weight[r][c] = original - h;
            const double down = loss().item<double>();
            weight[r][c] = original;
            const double numeric = (up - down) / (2 * h);
            QVERIFY2(std::abs(numeric - analytic[r][c].item<double>()) < 1e-5 * (1 + std::abs(numeric)),
                     qPrintable(QStringLiteral("[%1,%2] %3 vs %4").arg(r).arg(c).arg(numeric).arg(analytic[r][c].item<double>())));
        }
    }
    void klSchedules()
    {
        VaeConfig c;
        c.annealSteps = 100;
        QCOMPARE(klWeight(c, 50, 1000), 0.5);
        QCOMPARE(klWeight(c, 100, 1000), 1.0);
        QCOMPARE(klWeight(c, 900, 1000), 1.0);
        c.annealSteps = 0;  // a third of the run
        QCOMPARE(klWeight(c, 150, 900), 0.5);
        c.klAnneal = "cyclical";
        c.cycles = 4;  // cycles of 250 steps: a ramp over 125, then 1
        QCOMPARE(klWeight(c, 1, 1000), 0.0);
        QVERIFY(std::abs(klWeight(c, 63, 1000) - 62.0 / 125) < 1e-9);
        QCOMPARE(klWeight(c, 200, 1000), 1.0);
        QCOMPARE(klWeight(c, 251, 1000), 0.0);  // the next cycle starts again from 0
        c.klAnneal = "none";
        QCOMPARE(klWeight(c, 1, 1000), 1.0);
        c.klAnneal = "sigmoid";
        c.wordDropout = 2;
        QCOMPARE(c.problems().size(), std::size_t(2));
    }
    void trainsOnTheSampleWithTheKlAboveZero()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        VaeRunRequest r;
        r.config = small();
        r.dataPath = test::sourcePath("resources/sample/topics.csv");
        r.store = &store;
        const auto out = trainVaeRun(r);
        QCOMPARE(test::name(out.status), test::name(RunStatus::Completed));
        const auto& v = out.validation;
        // Annealed and with word dropout, the posterior keeps information about the sentence.
        QVERIFY2(v.kl > 0.1, qPrintable(QString::number(v.kl)));
        QVERIFY(v.activeUnits > 0);
        QVERIFY(std::abs(v.elbo + v.reconstruction + v.kl) < 1e-9);
        // The importance-weighted bound is at least as tight as the ELBO (up to its own noise).
        QVERIFY2(v.iwaeNll < -v.elbo + 0.5, qPrintable(QStringLiteral("%1 vs %2").arg(v.iwaeNll).arg(-v.elbo)));
        QVERIFY(v.perplexity > 1);
        const auto run = store.run(out.runId);
        QCOMPARE(run->kind, std::string("vae"));
        for (const char* key : {"train/reconstruction", "train/kl", "train/beta", "val/elbo", "val/kl", "val/active_units",
                                "val/iwae_nll"})
            QVERIFY2(!store.metrics(out.runId, key).empty(), key);
        QCOMPARE(store.metrics(out.runId, "train/kl").size(), std::size_t(400));
        QCOMPARE(store.metrics(out.runId, "val/elbo").size(), std::size_t(2));  // steps 200 and 400
        // The latent space, from the run's checkpoint.
        const auto samples = vaeSample(store, out.runId, 4, 1);
        QCOMPARE(samples.size(), std::size_t(4));
        QCOMPARE(vaeSample(store, out.runId, 4, 1), samples);  // a seed, the same sentences
        QVERIFY(!vaeReconstruct(store, out.runId, "The vegan cafe grills a spicy curry").empty());
        const auto path = vaeInterpolate(store, out.runId, "The vegan cafe grills a spicy curry",
                                         "The young striker scores in the final match", 5);
        QCOMPARE(path.size(), std::size_t(5));
        // A checkpoint cut short is named, with what to do.
        const auto file = vaeCheckpointPath(store, out.runId);
        std::filesystem::resize_file(file, std::filesystem::file_size(file) / 2);
        try {
            vaeSample(store, out.runId, 1, 1);
            QFAIL("a truncated checkpoint loaded");
        } catch (const UserError& e) {
            QVERIFY2(e.message().english().find(file) != std::string::npos, e.what());
        }
        // Not a VAE run: said so.
        RunRecord other;
        other.kind = "classifier";
        const auto classifier = store.createRun(other);
        QVERIFY_THROWS_EXCEPTION(UserError, vaeSample(store, classifier, 1, 1));
    }
    void tooLittleTextIsRefusedBeforeARunExists()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        VaeRunRequest r;
        r.config = small();
        r.dataPath = test::writeFile(dir, "three.txt", "one sentence\nanother one\na third\n");
        r.format = "text";
        r.store = &store;
        try {
            trainVaeRun(r);
            QFAIL("trained on three sentences");
        } catch (const UserError& e) {
            QVERIFY2(e.message().english().find("three.txt") != std::string::npos &&
                         e.message().english().find("too few") != std::string::npos,
                     e.what());
        }
        QVERIFY(store.listRuns().empty());
        r.dataPath = test::writeFile(dir, "empty.txt", "");
        QVERIFY_THROWS_EXCEPTION(std::exception, trainVaeRun(r));
        QVERIFY(store.listRuns().empty());
    }
    void aCollapsedPosteriorIsReported()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        VaeRunRequest r;
        r.config = small();
        // The full KL weight from the first step and no word dropout: the decoder learns to do without z.
        r.config.klAnneal = "none";
        r.config.wordDropout = 0;
        r.config.steps = 300;
        r.config.evalEvery = 300;
        r.dataPath = test::sourcePath("resources/sample/topics.csv");
        r.store = &store;
        struct Messages : TrainingListener {
            std::vector<std::string> seen;
            void onMessage(const std::string& m) override { seen.push_back(m); }
        } listener;
        r.listener = &listener;
        const auto out = trainVaeRun(r);
        QVERIFY2(out.validation.kl < 0.5, qPrintable(QString::number(out.validation.kl)));
        QVERIFY(!out.warning.empty());
        QCOMPARE(listener.seen.size(), std::size_t(1));
        QVERIFY(listener.seen[0].find("posterior collapse") != std::string::npos);
        QVERIFY(store.run(out.runId)->summaryJson.find("posterior collapse") != std::string::npos);
    }
};

QTEST_MAIN(TestTextVae)
#include "tst_textvae.moc"
