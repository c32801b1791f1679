#include "TestFiles.h"
#include "store/RunStore.h"

#include <QtTest>

#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace lathe;

namespace {
void sqlExec(const std::string& path, const char* sql)
{
    sqlite3* db = nullptr;
    sqlite3_open(path.c_str(), &db);
    char* err = nullptr;
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, &err);
    sqlite3_free(err);
    sqlite3_close(db);
    QCOMPARE(rc, SQLITE_OK);
}

QByteArray fileBytes(const std::string& path)
{
    QFile f(QString::fromStdString(path));
    f.open(QIODevice::ReadOnly);
    return f.readAll();
}

RunRecord runningRun(const char* name)
{
    RunRecord r;
    r.name = name;
    r.model = "transformer";
    r.kind = "classifier";
    r.status = RunStatus::Running;
    return r;
}

// A child process that holds the run's lock until killed.
pid_t holdLockInChild(const std::string& lockPath)
{
    int ready[2];
    if (::pipe(ready) != 0)
        return -1;
    const pid_t pid = ::fork();
    if (pid == 0) {
        RunStore::RunLock lock(lockPath);
        const char ok = 1;
        [[maybe_unused]] auto n = ::write(ready[1], &ok, 1);
        while (true)
            ::pause();
    }
    char buf;
    [[maybe_unused]] auto n = ::read(ready[0], &buf, 1);
    ::close(ready[0]);
    ::close(ready[1]);
    return pid;
}
}  // namespace

class TestRunStore : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void createsRunsAndKeepsMetrics()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("exp.db")).toStdString();
        std::int64_t id = 0;
        {
            RunStore store(path);
            id = store.createRun(runningRun("first"));
            QVERIFY(id > 0);
            std::vector<MetricPoint> pts;
            for (int s = 1; s <= 500; ++s)
                pts.push_back({"train/loss", s, 1.0 * s, 1.0 / s});
            store.appendMetrics(id, pts);
            store.appendMetrics(id, {{"val/accuracy", 500, 1.0, 0.9}});
            store.finishRun(id, RunStatus::Completed, {}, "{\"val/accuracy\":0.9}", 500);
        }
        RunStore store(path);
        const auto runs = store.listRuns();
        QCOMPARE(runs.size(), std::size_t(1));
        QCOMPARE(lathe::test::name(runs[0].status), lathe::test::name(RunStatus::Completed));
        QCOMPARE(runs[0].steps, std::int64_t(500));
        QCOMPARE(store.metrics(id, "train/loss").size(), std::size_t(500));
        QCOMPARE(store.metrics(id, "train/loss")[1].value, 0.5);
        QCOMPARE(store.metricKeys(id), (std::vector<std::string>{"train/loss", "val/accuracy"}));
    }
    void usesWalMode()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("exp.db")).toStdString();
        RunStore store(path);
        store.createRun(runningRun("x"));
        QVERIFY(QFile::exists(QString::fromStdString(path + "-wal")));
    }
    void refusesNewerDatabaseAndLeavesItUntouched()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("exp.db")).toStdString();
        { RunStore store(path); }
        sqlExec(path, "PRAGMA user_version = 99");
        const auto before = fileBytes(path);
        try {
            RunStore store(path);
            QFAIL("a newer database must be refused");
        } catch (const StoreError& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("written by a newer Lathe (schema version 99")), e.what());
        }
        QCOMPARE(fileBytes(path), before);
    }
    void refusesCorruptedDatabaseAndLeavesItUntouched()
    {
        QTemporaryDir dir;
        const auto path = lathe::test::writeFile(dir, "exp.db", QByteArray(8192, 'x'));
        try {
            RunStore store(path);
            QFAIL("a corrupted database must be refused");
        } catch (const StoreError& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("not a readable experiment database")), e.what());
        }
        QCOMPARE(fileBytes(path), QByteArray(8192, 'x'));
    }
    void migratesVersionOneDatabase()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("v1.db")).toStdString();
        // The schema as version 1 shipped it.
        sqlExec(path, R"(
            CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL DEFAULT '',
              created REAL NOT NULL, finished REAL NOT NULL DEFAULT 0, heartbeat REAL NOT NULL DEFAULT 0,
              status TEXT NOT NULL, kind TEXT NOT NULL DEFAULT '', model TEXT NOT NULL DEFAULT '',
              config TEXT NOT NULL DEFAULT '{}', dataset TEXT NOT NULL DEFAULT '',
              dataset_fingerprint TEXT NOT NULL DEFAULT '', parameters INTEGER NOT NULL DEFAULT 0,
              tags TEXT NOT NULL DEFAULT '', notes TEXT NOT NULL DEFAULT '', parent_id INTEGER NOT NULL DEFAULT 0,
              host TEXT NOT NULL DEFAULT '', pid INTEGER NOT NULL DEFAULT 0, message TEXT NOT NULL DEFAULT '');
            CREATE TABLE metrics (run_id INTEGER NOT NULL, key TEXT NOT NULL, step INTEGER NOT NULL,
              wall REAL NOT NULL, value REAL);
            INSERT INTO runs (name, created, status, model) VALUES ('old run', 1.0, 'completed', 'bilstm');
            INSERT INTO metrics VALUES (1, 'train/loss', 1, 1.0, 0.7);
            PRAGMA user_version = 1;)");
        RunStore store(path);
        const auto run = store.run(1);
        QVERIFY(run);
        QCOMPARE(run->name, std::string("old run"));
        QCOMPARE(run->steps, std::int64_t(0));
        QCOMPARE(store.metrics(1).size(), std::size_t(1));
        store.addEvaluation({1, 1, "validation", "{}", 0});
        store.flush();
        QVERIFY(store.latestEvaluation(1, "validation"));
    }
    void aFinishedRunKeepsItsMessageTemplateForTranslation()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("exp.db")).toStdString();
        std::int64_t id = 0;
        const Message why(LATHE_TR("Trainer", "the loss became NaN at step %1"), 42);
        {
            RunStore store(path);
            id = store.createRun(runningRun("nan"));
            store.finishRun(id, RunStatus::Failed, why, "{}", 42);
        }
        RunStore store(path);
        const auto run = store.run(id);
        QVERIFY(run);
        QVERIFY(run->message.context());
        QCOMPARE(std::string(run->message.context()), std::string("Trainer"));
        QCOMPARE(run->message.text(), why.text());
        QCOMPARE(run->message.english(), why.english());
        QCOMPARE(store.listRuns().at(0).message.english(), why.english());
    }
    void aMessageWrittenBeforeTemplatesReadsAsItsEnglish()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("exp.db")).toStdString();
        std::int64_t id = 0;
        {
            RunStore store(path);
            id = store.createRun(runningRun("old"));
            store.finishRun(id, RunStatus::Failed, Message(LATHE_TR("Trainer", "x")), "{}", 1);
        }
        // As a version-3 Lathe left it: English text only, or parts a later reader cannot parse.
        sqlExec(path, "UPDATE runs SET message = 'stopped by the user at step 9', message_parts = ''");
        {
            RunStore store(path);
            QVERIFY(!store.run(id)->message.context());
            QCOMPARE(store.run(id)->message.english(), std::string("stopped by the user at step 9"));
        }
        sqlExec(path, "UPDATE runs SET message_parts = '{broken'");
        RunStore store(path);
        QCOMPARE(store.run(id)->message.english(), std::string("stopped by the user at step 9"));
    }
    void runOfKilledProcessIsMarkedCrashed()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("exp.db")).toStdString();
        std::int64_t id = 0;
        std::string lockPath;
        {
            RunStore store(path);
            id = store.createRun(runningRun("doomed"));
            lockPath = store.runDirectory(id) + "/run.lock";
        }
        const pid_t child = holdLockInChild(lockPath);
        QVERIFY(child > 0);
        {
            RunStore store(path);  // the process is alive: still running
            QCOMPARE(lathe::test::name(store.run(id)->status), lathe::test::name(RunStatus::Running));
        }
        ::kill(child, SIGKILL);
        ::waitpid(child, nullptr, 0);
        RunStore store(path);
        QCOMPARE(lathe::test::name(store.run(id)->status), lathe::test::name(RunStatus::Crashed));
        QVERIFY(!store.run(id)->message.empty());
    }
    void staleRunFromAnotherMachineIsMarkedCrashed()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("exp.db")).toStdString();
        std::int64_t stale = 0, fresh = 0;
        {
            RunStore store(path);
            auto r = runningRun("remote");
            r.host = "another-machine";
            r.created = nowSeconds() - 3600;
            stale = store.createRun(r);
            r.created = nowSeconds();
            fresh = store.createRun(r);
        }
        RunStore store(path);
        QCOMPARE(lathe::test::name(store.run(stale)->status), lathe::test::name(RunStatus::Crashed));
        QCOMPARE(lathe::test::name(store.run(fresh)->status), lathe::test::name(RunStatus::Running));
    }
    void deleteRemovesRowsAndFiles()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        const auto id = store.createRun(runningRun("gone"));
        lathe::test::writeFile(dir, QString::fromStdString(store.runDirectory(id) + "/checkpoint.pt").mid(dir.path().size() + 1), "x");
        store.appendMetrics(id, {{"train/loss", 1, 1, 1}});
        store.deleteRun(id);
        QVERIFY(!store.run(id));
        QVERIFY(store.metrics(id).empty());
        QVERIFY(!QDir(QString::fromStdString(store.runDirectory(id))).exists());
    }
};

QTEST_APPLESS_MAIN(TestRunStore)
#include "tst_runstore.moc"
