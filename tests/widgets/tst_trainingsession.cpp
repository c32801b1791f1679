#include "WidgetTestSupport.h"
#include "store/RunStore.h"
#include "training/TrainingSession.h"
#include "vectors/VectorsRun.h"

#include <QtTest>

using namespace lathe;
using lathe::gui::TrainingSession;

class TestTrainingSession : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runsToCompletionAndDeliversMetrics()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        TrainingSession session;
        QSignalSpy started(&session, &TrainingSession::started);
        QSignalSpy finished(&session, &TrainingSession::finished);
        QVERIFY(session.start(test::quickConfig(30, 10), &store));
        QVERIFY(session.isRunning());
        QVERIFY(!session.start(test::quickConfig(30, 10), &store));  // one run at a time
        QVERIFY(finished.wait(120'000));
        QCOMPARE(started.count(), 1);
        QVERIFY(!session.isRunning());
        QCOMPARE(test::name(session.outcome().status), test::name(RunStatus::Completed));
        QCOMPARE(session.series().value(QStringLiteral("train/loss")).size(), 30);
        QCOMPARE(session.series().value(QStringLiteral("val/accuracy")).size(), 3);  // steps 10, 20, 30
        QCOMPARE(session.runId(), session.outcome().runId);
        QCOMPARE(store.metrics(session.runId(), "train/loss").size(), std::size_t(30));
    }
    void stopEndsTheRunAsStopped()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        TrainingSession session;
        QSignalSpy progressed(&session, &TrainingSession::progressed);
        QSignalSpy finished(&session, &TrainingSession::finished);
        session.start(test::quickConfig(1'000'000, 10), &store);
        QVERIFY(progressed.wait(60'000));
        session.stop();
        QVERIFY(finished.wait(60'000));
        QCOMPARE(test::name(session.outcome().status), test::name(RunStatus::Stopped));
        QCOMPARE(test::name(store.run(session.runId())->status), test::name(RunStatus::Stopped));
    }
    void pauseHoldsTheStepUntilResumed()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        TrainingSession session;
        QSignalSpy progressed(&session, &TrainingSession::progressed);
        QSignalSpy finished(&session, &TrainingSession::finished);
        session.start(test::quickConfig(200, 10), &store);
        QVERIFY(progressed.wait(60'000));
        session.pause();
        QVERIFY(session.isPaused());
        QTest::qWait(300);  // let the step in flight finish
        const auto before = session.series().value(QStringLiteral("train/loss")).size();
        QTest::qWait(500);
        QCOMPARE(session.series().value(QStringLiteral("train/loss")).size(), before);
        QVERIFY(before < 200);
        session.resume();
        QVERIFY(finished.wait(120'000));
        QCOMPARE(test::name(session.outcome().status), test::name(RunStatus::Completed));
        QCOMPARE(session.series().value(QStringLiteral("train/loss")).size(), 200);
    }
    void badDataFailsWithTheLoaderMessage()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        auto config = test::quickConfig(10, 10);
        config.data.path = test::writeFile(dir, "bad.csv", "text,label\na,x\nb,x\n");
        TrainingSession session;
        QSignalSpy finished(&session, &TrainingSession::finished);
        session.start(config, &store);
        QVERIFY(finished.wait(60'000));
        QCOMPARE(test::name(session.outcome().status), test::name(RunStatus::Failed));
        QVERIFY2(session.outcome().message.english().find("bad.csv: every example has the label 'x'") != std::string::npos,
                 session.outcome().message.english().c_str());
        QVERIFY(store.listRuns().empty());
    }
    void learnsWordVectorsWithProgressInWords()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        TrainingSession session;
        QSignalSpy started(&session, &TrainingSession::started);
        QSignalSpy finished(&session, &TrainingSession::finished);
        auto c = VectorsConfig::defaultsFor("glove");
        c.dim = 8;
        c.minCount = 3;
        c.epochs = 2;
        QVERIFY(session.startVectors(c, test::sampleDataset(), {}, &store));
        QVERIFY(session.isVectors());
        QVERIFY(finished.wait(120'000));
        QCOMPARE(test::name(session.outcome().status), test::name(RunStatus::Completed));
        const auto run = store.run(session.runId());
        QCOMPARE(run->kind, std::string("word-vectors"));
        QCOMPARE(run->model, std::string("glove"));
        // Started with the words to go (two passes over the kept words); the metrics as written.
        QCOMPARE(started.count(), 1);
        QCOMPARE(started.at(0).at(1).toLongLong(), session.outcome().steps);
        QVERIFY(session.outcome().validation.at("vocabulary") > 50);
        QCOMPARE(std::size_t(session.series().value(QStringLiteral("train/loss")).size()),
                 store.metrics(session.runId(), "train/loss").size());
        // A model run afterwards is not a vectors run.
        QVERIFY(session.start(test::quickConfig(2, 2), &store));
        QVERIFY(!session.isVectors());
        QVERIFY(finished.wait(120'000));
    }
    void aVectorsRunPausesResumesAndStops()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        TrainingSession session;
        QSignalSpy progressed(&session, &TrainingSession::progressed);
        QSignalSpy finished(&session, &TrainingSession::finished);
        auto c = VectorsConfig::defaultsFor("skipgram");
        c.dim = 16;
        c.minCount = 1;
        c.epochs = 100'000;  // far more than the test waits for
        c.threads = 2;
        session.startVectors(c, test::sampleDataset(), {}, &store);
        QVERIFY(progressed.wait(60'000));
        session.pause();
        QTest::qWait(1'000);  // the workers reach their pause points, the last report before them lands
        const auto held = session.series().value(QStringLiteral("train/loss")).size();
        QTest::qWait(1'200);  // two reports' time: nothing new while paused
        QCOMPARE(session.series().value(QStringLiteral("train/loss")).size(), held);
        session.resume();
        QTRY_VERIFY_WITH_TIMEOUT(session.series().value(QStringLiteral("train/loss")).size() > held, 30'000);
        session.stop();
        QVERIFY(finished.wait(60'000));
        QCOMPARE(test::name(session.outcome().status), test::name(RunStatus::Stopped));
        QCOMPARE(test::name(store.run(session.runId())->status), test::name(RunStatus::Stopped));
        QVERIFY(!runVectorsPath(store, session.runId()).empty());  // the vectors so far are kept
    }
    void destroyingARunningSessionStopsIt()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        {
            TrainingSession session;
            QSignalSpy progressed(&session, &TrainingSession::progressed);
            session.start(test::quickConfig(1'000'000, 10), &store);
            QVERIFY(progressed.wait(60'000));
        }
        QCOMPARE(test::name(store.listRuns().at(0).status), test::name(RunStatus::Stopped));
    }
};

QTEST_MAIN(TestTrainingSession)
#include "tst_trainingsession.moc"
