// Pretrain, then fine-tune: a masked LM that learns, a classifier taking the trunk and tokenizer
// of each kind of language model, ULMFiT's discriminative rates, gradual unfreezing and slanted
// triangular schedule, and training on the first N examples.
#include "QuickConfig.h"
#include "model/Models.h"
#include "store/RunStore.h"
#include "train/Checkpoint.h"
#include "train/Training.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <cmath>

using namespace lathe;

namespace {
RunConfig languageModel(const std::string& family, std::int64_t steps)
{
    auto c = lathe::test::quickConfig(steps, steps);
    c.model.family = family;
    c.model.hidden = c.model.width;
    c.train.learningRate = 5e-3;
    return c;
}

RunConfig fineTune(std::int64_t base, std::int64_t steps)
{
    auto c = lathe::test::quickConfig(steps, steps);
    c.train.baseRun = base;
    return c;
}

std::map<std::string, torch::Tensor> weights(RunStore& store, std::int64_t run)
{
    auto ck = loadCheckpoint(store.checkpointPath(run));
    std::map<std::string, torch::Tensor> out;
    for (const auto& item : ck.model->named_parameters())
        out[item.key()] = item.value().detach().clone();
    return out;
}

bool startsWithAny(const std::string& name, std::initializer_list<const char*> prefixes)
{
    for (const auto* p : prefixes)
        if (name.starts_with(p))
            return true;
    return false;
}
}  // namespace

class TestFineTune : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void maskedLanguageModelLearns()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        const auto untrained = train({languageModel("mlm", 1), &store});
        const auto trained = train({languageModel("mlm", 150), &store});
        QVERIFY2(trained.status == RunStatus::Completed, qPrintable(QString::fromStdString(trained.message.english())));
        const double before = untrained.validation.at("loss"), after = trained.validation.at("loss");
        QVERIFY2(std::isfinite(after) && after < before - 1.0, qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
        QCOMPARE(trained.validation.at("perplexity"), std::exp(after));
        auto ck = loadCheckpoint(store.checkpointPath(trained.runId));
        QCOMPARE(ck.config.model.family, std::string("mlm"));
        QVERIFY(ck.model->isMaskedLanguageModel());
    }
    void classifierTakesTheTrunkOfEachLanguageModel()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        for (const std::string family : {"gpt", "mlm", "lstm"}) {
            const auto base = train({languageModel(family, 20), &store});
            QVERIFY2(base.status == RunStatus::Completed, qPrintable(QString::fromStdString(base.message.english())));
            // Unfreezing slower than the run: only the head trains, so the trunk must stay the base's.
            auto c = fineTune(base.runId, 10);
            c.train.unfreezeEvery = 1000;
            const auto tuned = train({c, &store});
            QVERIFY2(tuned.status == RunStatus::Completed, qPrintable(QString::fromStdString(tuned.message.english())));
            const auto run = store.run(tuned.runId);
            QCOMPARE(run->kind, std::string("classifier"));
            QCOMPARE(run->parentId, base.runId);
            auto ck = loadCheckpoint(store.checkpointPath(tuned.runId));
            auto baseCk = loadCheckpoint(store.checkpointPath(base.runId));
            QCOMPARE(ck.tokenizer->toJson(), baseCk.tokenizer->toJson());
            QCOMPARE(ck.config.model.family, std::string(family == "lstm" ? "bilstm" : "transformer"));
            QCOMPARE(ck.config.model.causal, family == "gpt");
            QCOMPARE(ck.config.model.bidirectional, family != "lstm");
            QCOMPARE(ck.classes.size(), std::size_t(4));
            const auto before = weights(store, base.runId), after = weights(store, tuned.runId);
            int same = 0;
            for (const auto& [name, w] : after) {
                // The top layer group (final norm and the new head) trains from the first step.
                if (name.starts_with("head.") || name.starts_with("norm."))
                    continue;
                QVERIFY2(before.count(name), name.c_str());
                QVERIFY2(before.at(name).equal(w), (family + ": " + name).c_str());
                ++same;
            }
            QVERIFY(same >= 3);
            QVERIFY(!before.count("head.weight") || before.at("head.weight").sizes() != after.at("head.weight").sizes());
        }
    }
    void fromScratchControlIsTheSameClassifierWithRandomWeights()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        const auto base = train({languageModel("gpt", 20), &store});
        QVERIFY(base.status == RunStatus::Completed);
        const auto tuned = train({fineTune(base.runId, 10), &store});
        auto c = fineTune(base.runId, 10);
        c.train.fromScratch = true;
        const auto scratch = train({c, &store});
        QVERIFY2(scratch.status == RunStatus::Completed, qPrintable(QString::fromStdString(scratch.message.english())));
        // Linked to the same base, tagged as its control.
        const auto run = store.run(scratch.runId);
        QCOMPARE(run->parentId, base.runId);
        QCOMPARE(run->tags, std::string("from-scratch"));
        QCOMPARE(run->kind, std::string("classifier"));
        auto scratchCk = loadCheckpoint(store.checkpointPath(scratch.runId));
        auto tunedCk = loadCheckpoint(store.checkpointPath(tuned.runId));
        auto baseCk = loadCheckpoint(store.checkpointPath(base.runId));
        QVERIFY(scratchCk.config.train.fromScratch);
        // The identical architecture (every parameter's name and shape) and tokenizer ...
        QCOMPARE(scratchCk.tokenizer->toJson(), baseCk.tokenizer->toJson());
        QCOMPARE(scratchCk.config.model.causal, true);
        const auto before = weights(store, base.runId), control = weights(store, scratch.runId),
                   finetuned = weights(store, tuned.runId);
        QCOMPARE(control.size(), finetuned.size());
        for (const auto& [name, w] : finetuned) {
            QVERIFY2(control.count(name), name.c_str());
            QCOMPARE(control.at(name).sizes(), w.sizes());
        }
        // ... but no weight matrix of the base: the trunk starts from random values.
        int differ = 0;
        for (const auto& [name, w] : control)
            if (before.count(name) && w.dim() == 2) {
                QVERIFY2(!before.at(name).equal(w), name.c_str());
                ++differ;
            }
        QVERIFY(differ >= 3);
        // Adapters on random weights, or a control without a base, are refused.
        c.model.loraRank = 4;
        QVERIFY(!c.problems().empty());
        auto noBase = lathe::test::quickConfig(10, 10);
        noBase.train.fromScratch = true;
        QVERIFY(!noBase.problems().empty());
    }
    void loraOnALanguageModelTrainsTheNewHeadToo()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        const auto base = train({languageModel("gpt", 5), &store});
        auto c = fineTune(base.runId, 5);
        c.model.loraRank = 2;
        const auto tuned = train({c, &store});
        QVERIFY2(tuned.status == RunStatus::Completed, qPrintable(QString::fromStdString(tuned.message.english())));
        const auto before = weights(store, base.runId), after = weights(store, tuned.runId);
        // The trunk is frozen; the head (new, random) and the adapters train.
        QVERIFY(before.at("tokens.weight").equal(after.at("tokens.weight")));
        const auto summary = nlohmann::json::parse(store.run(tuned.runId)->summaryJson);
        const auto trainable = summary.at("trainable_parameters").get<std::int64_t>();
        std::int64_t head = 0, adapters = 0;
        for (const auto& [name, w] : after)
            (name.starts_with("head.") ? head : adapters) += name.ends_with(".lora_A") || name.ends_with(".lora_B") || name.starts_with("head.") ? w.numel() : 0;
        QCOMPARE(trainable, head + adapters);
        QVERIFY(head > 0 && adapters > 0);
        // Resumed for more steps, the head still trains (its optimizer state is restored).
        auto more = c;
        more.train.maxSteps = 8;
        const auto resumed = train({more, &store, tuned.runId});
        QVERIFY2(resumed.status == RunStatus::Completed, qPrintable(QString::fromStdString(resumed.message.english())));
        QCOMPARE(resumed.steps, std::int64_t{8});
        QVERIFY(!weights(store, tuned.runId).at("head.weight").equal(after.at("head.weight")));
    }
    void aGptBaseMadeWithFirstPoolingStillFineTunes()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        auto lm = languageModel("gpt", 3);
        lm.model.pooling = "first";  // meaningless for a language model, but a config may say it
        const auto base = train({lm, &store});
        const auto tuned = train({fineTune(base.runId, 3), &store});
        QVERIFY2(tuned.status == RunStatus::Completed, qPrintable(QString::fromStdString(tuned.message.english())));
        QCOMPARE(loadCheckpoint(store.checkpointPath(tuned.runId)).config.model.pooling, std::string("mean"));
    }
    void classifierBaseIsRefusedForLanguageModelData()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        const auto classifier = train({lathe::test::quickConfig(3, 3), &store});
        auto c = languageModel("gpt", 3);
        c.train.baseRun = classifier.runId;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, train({c, &store}));
    }
    void discriminativeRatesScaleEachLayerGroup()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        auto a = lathe::test::quickConfig(1, 1);
        a.model.layers = 2;
        const auto base = train({a, &store});
        auto c = fineTune(base.runId, 1);
        c.train.layerLrDecay = 2.6;
        c.train.weightDecay = 0;
        c.train.schedule = "constant";
        const auto tuned = train({c, &store});
        QVERIFY2(tuned.status == RunStatus::Completed, qPrintable(QString::fromStdString(tuned.message.english())));
        // Adam's first step moves every weight with a gradient by the rate itself: the largest
        // change of each group is its rate.
        const auto before = weights(store, base.runId), after = weights(store, tuned.runId);
        std::map<int, double> largest;
        for (const auto& [name, w] : after) {
            const int group = startsWithAny(name, {"tokens.", "positions."}) ? 0
                              : name.starts_with("blocks.0.")                ? 1
                              : name.starts_with("blocks.1.")                ? 2
                                                                             : 3;
            largest[group] = std::max(largest[group], (w - before.at(name)).abs().max().item<double>());
        }
        QCOMPARE(largest.size(), std::size_t(4));
        for (int g = 0; g < 4; ++g) {
            const double expected = c.train.learningRate / std::pow(2.6, 3 - g);
            QVERIFY2(std::abs(largest[g] / expected - 1) < 0.01,
                     qPrintable(QStringLiteral("group %1: %2 vs %3").arg(g).arg(largest[g]).arg(expected)));
        }
    }
    void gradualUnfreezingReleasesOneGroupAtATime()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        auto a = lathe::test::quickConfig(1, 1);
        a.model.layers = 2;
        const auto base = train({a, &store});
        auto c = fineTune(base.runId, 5);
        c.train.unfreezeEvery = 2;  // steps 0-1: top; 2-3: + block 1; 4: + block 0
        const auto tuned = train({c, &store});
        QVERIFY2(tuned.status == RunStatus::Completed, qPrintable(QString::fromStdString(tuned.message.english())));
        const auto before = weights(store, base.runId), after = weights(store, tuned.runId);
        for (const auto& [name, w] : after) {
            const bool frozen = startsWithAny(name, {"tokens.", "positions."});
            QVERIFY2(before.at(name).equal(w) == frozen, name.c_str());
        }
        const auto unfrozen = store.metrics(tuned.runId, "train/unfrozen_groups");
        QCOMPARE(unfrozen.size(), std::size_t(2));
        QCOMPARE(unfrozen[0].step, std::int64_t{2});
        QCOMPARE(unfrozen[0].value, 2.0);
        QCOMPARE(unfrozen[1].step, std::int64_t{4});
        QCOMPARE(unfrozen[1].value, 3.0);
    }
    void slantedTriangularRisesThenFalls()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        auto c = lathe::test::quickConfig(100, 100);
        c.train.schedule = "slanted";
        c.train.learningRate = 0.01;
        const auto run = train({c, &store});
        const auto lr = store.metrics(run.runId, "train/lr");
        QCOMPARE(lr.size(), std::size_t(100));
        // Logged at step + 1: the rate of step s is lr[s].
        QCOMPARE(lr[0].value, 0.01 / 32);
        QCOMPARE(lr[10].value, 0.01);  // cut = 10% of 100 steps
        QVERIFY(lr[5].value > lr[4].value && lr[11].value < lr[10].value);
        QVERIFY(std::abs(lr[55].value - 0.01 * (1 + 0.5 * 31) / 32) < 1e-12);
    }
    void trainLimitTrainsOnASeededSubset()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        auto c = lathe::test::quickConfig(1, 1);
        c.train.maxSteps = 0;
        c.train.epochs = 2;
        c.train.batchSize = 8;
        c.data.trainLimit = 20;
        const auto run = train({c, &store});
        QVERIFY2(run.status == RunStatus::Completed, qPrintable(QString::fromStdString(run.message.english())));
        QCOMPARE(run.steps, std::int64_t{6});  // 3 batches of 20 examples, twice
        c.data.trainLimit = -1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, train({c, &store}));
    }
    void maskedLanguageModelCannotDistill()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        const auto teacher = train({languageModel("mlm", 2), &store});
        auto c = languageModel("gpt", 2);
        c.train.teacherRun = teacher.runId;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, train({c, &store}));
    }
};

QTEST_GUILESS_MAIN(TestFineTune)
#include "tst_finetune.moc"
