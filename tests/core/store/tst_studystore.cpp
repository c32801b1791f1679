// The study tables of the experiment database (store/RunStoreStudies.cpp, schema version 5).
#include "TestFiles.h"
#include "store/RunStore.h"
#include "store/Schema.h"

#include <QtTest>

#include <sqlite3.h>

#include <cmath>

using namespace lathe;

namespace {
StudyRecord branin(const char* name)
{
    StudyRecord s;
    s.name = name;
    s.spaceJson = R"({"x1": {"type": "float", "low": -5, "high": 10}})";
    s.objective = "branin";
    s.direction = "minimize";
    s.sampler = "tpe";
    s.pruner = "none";
    s.seed = 7;
    s.maxTrials = 20;
    return s;
}

TrialRecord trial(std::int64_t studyId, std::int64_t number)
{
    TrialRecord t;
    t.studyId = studyId;
    t.number = number;
    t.paramsJson = R"({"x1": 1.5})";
    return t;
}
}  // namespace

class TestStudyStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void migratesFromEveryEarlierVersion()
    {
        QCOMPARE(schema::migrationCount(), schema::kCurrentVersion);
        for (int from = 0; from < schema::kCurrentVersion; ++from) {
            QTemporaryDir dir;
            const auto path = dir.filePath(QStringLiteral("old.db")).toStdString();
            {
                sqlite3* db = nullptr;
                QCOMPARE(sqlite3_open(path.c_str(), &db), SQLITE_OK);
                schema::migrate(db, path, from);  // the database a version-`from` Lathe left
                QCOMPARE(schema::version(db), from);
                if (from >= 1)
                    sqlite3_exec(db, "INSERT INTO runs (name, created, status) VALUES ('old run', 1.0, 'completed')",
                                 nullptr, nullptr, nullptr);
                sqlite3_close(db);
            }
            RunStore store(path);
            if (from >= 1)
                QCOMPARE(store.run(1)->name, std::string("old run"));
            const auto id = store.createStudy(branin("after migration"));
            QVERIFY2(id > 0, qPrintable(QStringLiteral("from version %1").arg(from)));
            QCOMPARE(store.listStudies().size(), std::size_t(1));
        }
    }

    void aStudyAndItsTrialsReadBackAsWritten()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        const auto id = store.createStudy(branin("b"));
        const auto s = store.study(id);
        QVERIFY(s);
        QCOMPARE(s->name, std::string("b"));
        QCOMPARE(s->status, std::string("running"));
        QCOMPARE(s->objective, std::string("branin"));
        QCOMPARE(s->seed, std::int64_t(7));
        QCOMPARE(s->maxTrials, std::int64_t(20));
        QCOMPARE(s->pid, std::int64_t(::getpid()));
        QCOMPARE(store.studyNamed("b")->id, id);
        QVERIFY(!store.studyNamed("c"));

        const auto t0 = store.createTrial(trial(id, 0));
        const auto t1 = store.createTrial(trial(id, 1));
        store.setTrialRun(t0, 42);
        store.addTrialValue(t0, 200, 0.5);
        store.addTrialValue(t0, 100, 0.7);
        store.addTrialValue(t0, 300, std::nan(""));
        store.finishTrial(t0, "complete", 0.4, 300, Message());
        store.finishTrial(t1, "failed", std::nullopt, 0, Message(LATHE_TR("Study", "pruned at step %1"), 3));
        const auto trials = store.trials(id);
        QCOMPARE(trials.size(), std::size_t(2));
        QCOMPARE(trials[0].runId, std::int64_t(42));
        QCOMPARE(trials[0].state, std::string("complete"));
        QCOMPARE(*trials[0].value, 0.4);
        QCOMPARE(trials[0].steps, std::int64_t(300));
        QCOMPARE(trials[0].intermediate.size(), std::size_t(3));
        QCOMPARE(trials[0].intermediate[0], std::make_pair(std::int64_t(100), 0.7));  // by step
        QVERIFY(std::isnan(trials[0].intermediate[2].second));                       // NaN kept as NaN
        QVERIFY(!trials[1].value);
        QCOMPARE(trials[1].message.english(), std::string("pruned at step 3"));
        QCOMPARE(store.trialOfRun(42), std::make_optional(std::make_pair(id, std::int64_t(0))));
        QVERIFY(!store.trialOfRun(43));
    }

    void aTakenNameIsRefusedWithWhatToDo()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        store.createStudy(branin("same"));
        try {
            store.createStudy(branin("same"));
            QFAIL("a second study of the same name must be refused");
        } catch (const StoreError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("--resume")), e.what());
        }
        QCOMPARE(store.listStudies().size(), std::size_t(1));
    }

    void aRequeuedTrialStartsAgainUnderItsNumber()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        const auto id = store.createStudy(branin("r"));
        const auto t = store.createTrial(trial(id, 0));
        store.setTrialRun(t, 9);
        store.addTrialValue(t, 10, 1.0);
        store.requeueTrial(t);
        const auto again = store.trials(id).at(0);
        QCOMPARE(again.state, std::string("running"));
        QCOMPARE(again.attempts, std::int64_t(2));
        QCOMPARE(again.runId, std::int64_t(0));
        QVERIFY(again.intermediate.empty());
        QCOMPARE(again.number, std::int64_t(0));
    }

    void claimingAndFinishingRecordTheCoordinatorAndTheOutcome()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        const auto id = store.createStudy(branin("c"));
        store.finishStudy(id, "stopped", Message(LATHE_TR("Study", "stopped by the user")));
        QCOMPARE(store.study(id)->status, std::string("stopped"));
        QVERIFY(store.study(id)->finished > 0);
        QCOMPARE(store.study(id)->message.english(), std::string("stopped by the user"));
        store.claimStudy(id, 50, 60.0, 2);
        const auto s = *store.study(id);
        QCOMPARE(s.status, std::string("running"));
        QCOMPARE(s.finished, 0.0);
        QCOMPARE(s.maxTrials, std::int64_t(50));
        QCOMPARE(s.timeout, 60.0);
        QCOMPARE(s.workers, std::int64_t(2));
        QVERIFY(s.message.empty());
    }

    void theStudyLockIsHeldOnlyWhileItsCoordinatorRuns()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        const auto id = store.createStudy(branin("l"));
        QVERIFY(!store.studyLocked(id));
        {
            const auto lock = store.lockStudy(id);
            QVERIFY(store.studyLocked(id));
            // flock is per open file: a second coordinator, even in this process, is refused.
            QVERIFY_THROWS_EXCEPTION(StoreError, store.lockStudy(id));
        }
        QVERIFY(!store.studyLocked(id));
    }

    void deletingAStudyKeepsItsRuns()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        RunRecord run;
        run.name = "trial run";
        run.status = RunStatus::Completed;
        const auto runId = store.createRun(run);
        const auto id = store.createStudy(branin("d"));
        const auto t = store.createTrial(trial(id, 0));
        store.setTrialRun(t, runId);
        store.addTrialValue(t, 1, 0.5);
        store.deleteStudy(id);
        QVERIFY(!store.study(id));
        QVERIFY(store.trials(id).empty());
        QVERIFY(store.run(runId));
    }
};

QTEST_GUILESS_MAIN(TestStudyStore)
#include "tst_studystore.moc"
