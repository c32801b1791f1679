#include "QuickConfig.h"
#include "StopAt.h"
#include "TestFiles.h"
#include "data/DataError.h"
#include "report/RunSize.h"
#include "store/RunStore.h"
#include "train/Training.h"
#include "util/PeakMemory.h"

#include <QtTest>
#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <thread>

using namespace lathe;

namespace {
using lathe::test::quickConfig;

using lathe::test::StopAt;

class StepCounter : public TrainingListener {
public:
    void onProgress(std::int64_t step, std::int64_t, double) override { steps.store(step); }
    void onMetrics(const std::vector<MetricPoint>& p) override { points += static_cast<int>(p.size()); }
    std::atomic<std::int64_t> steps{0};
    std::atomic<int> points{0};
};
}  // namespace

class TestTrainer : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void trainsAndRecordsTheRun()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        StepCounter counter;
        const auto o = train({quickConfig(60), &store, 0, 0, "smoke", &counter, nullptr});
        QCOMPARE(lathe::test::name(o.status), lathe::test::name(RunStatus::Completed));
        QCOMPARE(o.steps, std::int64_t(60));
        QVERIFY(o.validation.at("accuracy") > 0.5);
        QVERIFY(counter.points > 0);
        const auto run = store.run(o.runId);
        QCOMPARE(lathe::test::name(run->status), lathe::test::name(RunStatus::Completed));
        QCOMPARE(run->tags, std::string("smoke"));
        QCOMPARE(run->datasetFingerprint.size(), std::size_t(32));
        QCOMPARE(store.metrics(o.runId, "train/loss").size(), std::size_t(60));
        QCOMPARE(store.metrics(o.runId, "val/accuracy").size(), std::size_t(3));
        QVERIFY(store.latestEvaluation(o.runId, "validation"));
        const auto artifacts = store.artifacts(o.runId);
        // Tokenizer, latest checkpoint, and a snapshot at each of the 3 evaluations.
        QCOMPARE(artifacts.size(), std::size_t(5));
        for (const auto& a : artifacts)
            QVERIFY(std::filesystem::exists(a.path));
        // The size report: FLOPs per token and the measured peak of a training step.
        const auto size = runSize(*run);
        QCOMPARE(size.parameters, o.parameters);
        QVERIFY(size.flopsPerToken > 2 * o.parameters / 10);
        QCOMPARE(store.metrics(o.runId, "model/flops_per_token").size(), std::size_t(1));
        // Skipped only where the machine cannot measure it, not when training forgot to.
        if (!PeakMemoryProbe().available())
            QSKIP("peak memory cannot be measured here (/proc/self/clear_refs)");
        QCOMPARE(store.metrics(o.runId, "model/peak_train_bytes").size(), std::size_t(1));
        // At least the fp32 weights, and not absurdly more for a model this small.
        QVERIFY2(size.peakTrainBytes >= 4 * o.parameters && size.peakTrainBytes < (512ll << 20),
                 qPrintable(QString::number(size.peakTrainBytes)));
    }
    void sameSeedGivesTheSameRun()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        const auto a = train({quickConfig(30), &store});
        const auto b = train({quickConfig(30), &store});
        QCOMPARE(a.validation.at("loss"), b.validation.at("loss"));
        auto other = quickConfig(30);
        other.train.seed = 2;
        QVERIFY(train({other, &store}).validation.at("loss") != a.validation.at("loss"));
    }
    void pausesResumesAndStopsFromAnotherThread()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        TrainingControl control;
        StepCounter counter;
        TrainOutcome outcome;
        std::jthread worker([&] { outcome = train({quickConfig(100000), &store, 0, 0, {}, &counter, &control}); });
        QTRY_VERIFY_WITH_TIMEOUT(counter.steps >= 5, 30000);
        control.pause();
        QTest::qWait(300);
        const auto pausedAt = counter.steps.load();
        QTest::qWait(500);
        QCOMPARE(counter.steps.load(), pausedAt);
        control.resume();
        QTRY_VERIFY_WITH_TIMEOUT(counter.steps > pausedAt + 3, 30000);
        control.requestStop();
        worker.join();
        QCOMPARE(lathe::test::name(outcome.status), lathe::test::name(RunStatus::Stopped));
        QVERIFY(outcome.steps < 100000);
        QVERIFY(std::filesystem::exists(outcome.checkpoint));
        QCOMPARE(lathe::test::name(store.run(outcome.runId)->status), lathe::test::name(RunStatus::Stopped));
    }
    void resumeContinuesTheSameRun()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        TrainingControl control;
        StopAt stopper(control, 25);
        const auto first = train({quickConfig(50), &store, 0, 0, {}, &stopper, &control});
        QCOMPARE(lathe::test::name(first.status), lathe::test::name(RunStatus::Stopped));
        QCOMPARE(first.steps, std::int64_t(25));
        const auto second = train({quickConfig(50), &store, first.runId});
        QCOMPARE(second.runId, first.runId);
        QCOMPARE(lathe::test::name(second.status), lathe::test::name(RunStatus::Completed));
        QCOMPARE(second.steps, std::int64_t(50));
        const auto losses = store.metrics(first.runId, "train/loss");
        QCOMPARE(losses.size(), std::size_t(50));
        for (std::size_t i = 0; i < losses.size(); ++i)
            QCOMPARE(losses[i].step, std::int64_t(i + 1));
        QCOMPARE(store.listRuns().size(), std::size_t(1));
    }
    void nonFiniteLossEndsTheRunAsDiverged()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        auto c = quickConfig(200);
        c.train.optimizer = "sgd";
        c.train.learningRate = 1e12;
        c.train.clipNorm = 0;
        const auto o = train({c, &store});
        QCOMPARE(lathe::test::name(o.status), lathe::test::name(RunStatus::Diverged));
        QVERIFY2(QString::fromStdString(o.message.english()).contains(QStringLiteral("training diverged at step")),
                 o.message.english().c_str());
        QVERIFY(o.steps < 200);
        QCOMPARE(lathe::test::name(store.run(o.runId)->status), lathe::test::name(RunStatus::Diverged));
    }
    void badConfigurationIsRefusedBeforeARunExists()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        auto c = quickConfig(10);
        c.model.width = 30;
        c.model.heads = 4;
        try {
            train({c, &store});
            QFAIL("expected std::invalid_argument");
        } catch (const std::invalid_argument& e) {
            QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("multiple of the head count")));
        }
        QVERIFY(store.listRuns().empty());
    }
    void oneClassDatasetIsRefusedBeforeARunExists()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        auto c = quickConfig(10);
        c.data.path = lathe::test::writeFile(dir, "one.csv", "text,label\na,x\nb,x\nc,x\n");
        QVERIFY_THROWS_EXCEPTION(DataError, train({c, &store}));
        QVERIFY(store.listRuns().empty());
    }
    void languageModelLearns()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        RunConfig c = quickConfig(80);
        c.data.path = lathe::test::sourcePath("resources/sample/stories.txt");
        c.model.family = "lstm";
        c.model.maxLength = 32;
        c.train.learningRate = 1e-2;
        const auto o = train({c, &store});
        QCOMPARE(lathe::test::name(o.status), lathe::test::name(RunStatus::Completed));
        // A uniform guess over the vocabulary has perplexity equal to its size.
        const auto vocabulary =
            nlohmann::json::parse(store.run(o.runId)->configJson)["model"]["vocabularySize"].get<double>();
        QVERIFY2(o.validation.at("perplexity") < vocabulary / 5, std::to_string(o.validation.at("perplexity")).c_str());
    }
};

QTEST_GUILESS_MAIN(TestTrainer)
#include "tst_trainer.moc"
