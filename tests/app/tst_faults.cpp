// Fault injection, end to end: lathe-cli killed, interrupted, starved of disk and sharing its
// database, against real files in a temp dir. scripts/fault-inject.sh runs the random-kill
// slot long (LATHE_FAULT_KILLS=100); ctest runs it short.
#include "TestFiles.h"
#include "store/RunStore.h"
#include "train/Training.h"

#include <QRandomGenerator>
#include <QtTest>

#include <atomic>
#include <thread>

#include <signal.h>
#include <sqlite3.h>
#include <sys/resource.h>

using namespace lathe;

namespace {
QString sample() { return QString::fromStdString(lathe::test::sourcePath("resources/sample/topics.csv")); }

// A small, quick classifier: a few milliseconds a step, a checkpoint every 10 steps.
QStringList trainArgs(const QString& db, int steps)
{
    return {QStringLiteral("train"), QStringLiteral("--data"), sample(), QStringLiteral("--width"), QStringLiteral("32"),
            QStringLiteral("--layers"), QStringLiteral("1"), QStringLiteral("--steps"), QString::number(steps),
            QStringLiteral("--eval-every"), QStringLiteral("10"), QStringLiteral("--threads"), QStringLiteral("1"),
            QStringLiteral("--db"), db, QStringLiteral("--quiet")};
}

QStringList resumeArgs(const QString& db, std::int64_t run = 1)
{
    return {QStringLiteral("train"), QStringLiteral("--resume"), QString::number(run), QStringLiteral("--threads"),
            QStringLiteral("1"), QStringLiteral("--db"), db, QStringLiteral("--quiet")};
}

struct Finished {
    int exitCode = -1;
    QProcess::ExitStatus status = QProcess::NormalExit;
    QString err;
};

// Sends `signal` to the process while it runs. Once it has exited its pid reads 0, and kill(0, …)
// would signal this test's whole process group (ctest with it).
void signalProcess(QProcess& p, int signal)
{
    if (const auto pid = static_cast<pid_t>(p.processId()); pid > 0)
        ::kill(pid, signal);
}

Finished finish(QProcess& p, int timeoutMs = 300000)
{
    if (!p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished();
        return {-1, QProcess::CrashExit, QStringLiteral("timed out")};
    }
    return {p.exitCode(), p.exitStatus(), QString::fromUtf8(p.readAllStandardError())};
}

Finished run(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(LATHE_CLI), args);
    return finish(p);
}

// Runs lathe-cli with a file-size limit (RLIMIT_FSIZE), as a nearly full disk behaves: a
// write past it fails with EFBIG (SIGXFSZ ignored, as a shell's `ulimit -f` user would see).
Finished runWithFileSizeLimit(const QStringList& args, qint64 bytes)
{
    QProcess p;
    p.setChildProcessModifier([bytes] {
        ::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{static_cast<rlim_t>(bytes), static_cast<rlim_t>(bytes)};
        ::setrlimit(RLIMIT_FSIZE, &limit);
    });
    p.start(QStringLiteral(LATHE_CLI), args);
    return finish(p);
}

QProcessEnvironment withFault(const QString& point)
{
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("LATHE_FAULT_POINT"), point);
    return env;
}

// A second connection, as the workbench reading charts has: what it saw must never vanish.
// Armed with a process id, it counts only once that process has run 1 'running' (a resumed
// run first drops its history past the checkpoint, on purpose).
class Reader {
public:
    explicit Reader(const QString& db) : m_path(db.toStdString()), m_thread([this](std::stop_token st) { poll(st); }) {}
    void arm(qint64 pid) { m_pid = pid; }
    // The latest count seen (after arming, when armed).
    std::int64_t seen() const { return m_seen.load(); }
    bool failed() const { return m_failed.load(); }
    // Whether the armed process has been seen training.
    bool running() const { return m_running.load(); }

private:
    void poll(std::stop_token st)
    {
        sqlite3* db = nullptr;
        while (!st.stop_requested()) {
            if (!db && sqlite3_open_v2(m_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
                sqlite3_close(db);
                db = nullptr;
            }
            if (db) {
                sqlite3_busy_timeout(db, 2000);
                const auto pid = m_pid.load();
                const char* sql = pid > 0 ? "SELECT (SELECT COUNT(*) FROM metrics), "
                                            "(SELECT pid = ? AND status = 'running' FROM runs WHERE id = 1)"
                                          : "SELECT COUNT(*), 1 FROM metrics";
                sqlite3_stmt* q = nullptr;
                if (sqlite3_prepare_v2(db, sql, -1, &q, nullptr) == SQLITE_OK) {
                    if (pid > 0)
                        sqlite3_bind_int64(q, 1, pid);
                    const int rc = sqlite3_step(q);
                    if (rc == SQLITE_ROW && sqlite3_column_int(q, 1) == 1) {
                        m_seen = sqlite3_column_int64(q, 0);
                        m_running = true;
                    }
                    else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                        m_failed = true;
                    sqlite3_finalize(q);
                } else {
                    // Opened before the schema existed (an empty file): open afresh next time.
                    sqlite3_close(db);
                    db = nullptr;
                }
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(15));
        }
        sqlite3_close(db);
    }

    std::string m_path;
    std::atomic<std::int64_t> m_seen{0};
    std::atomic<qint64> m_pid{0};
    std::atomic<bool> m_failed{false};
    std::atomic<bool> m_running{false};
    std::jthread m_thread;
};

QString integrity(const QString& db)
{
    sqlite3* raw = nullptr;
    sqlite3_open(db.toUtf8().constData(), &raw);
    sqlite3_stmt* q = nullptr;
    QString result = QStringLiteral("cannot read");
    if (sqlite3_prepare_v2(raw, "PRAGMA integrity_check", -1, &q, nullptr) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        result = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)));
    sqlite3_finalize(q);
    sqlite3_close(raw);
    return result;
}

std::int64_t metricRows(const QString& db)
{
    sqlite3* raw = nullptr;
    sqlite3_open(db.toUtf8().constData(), &raw);
    sqlite3_stmt* q = nullptr;
    std::int64_t n = -1;
    if (sqlite3_prepare_v2(raw, "SELECT COUNT(*) FROM metrics", -1, &q, nullptr) == SQLITE_OK && sqlite3_step(q) == SQLITE_ROW)
        n = sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(raw);
    return n;
}

QString statusOf(const QString& db, std::int64_t id = 1)
{
    RunStore store(db.toStdString());
    const auto r = store.run(id);
    return r ? lathe::test::name(r->status) : QStringLiteral("absent");
}

std::size_t lossRows(const QString& db, std::int64_t id = 1)
{
    RunStore store(db.toStdString());
    return store.metrics(id, "train/loss").size();
}

int envInt(const char* name, int fallback)
{
    bool ok = false;
    const int v = qEnvironmentVariableIntValue(name, &ok);
    return ok ? v : fallback;
}
}  // namespace

class TestFaults : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void sigkillAtEachFaultPointLeavesAResumableRun_data()
    {
        QTest::addColumn<QString>("point");
        QTest::addColumn<int>("steps");
        // Each after the first checkpoint (step 10), so the run has one to resume from. Writes
        // are batched by time: the 25th transaction comes after step 10 on any machine (a
        // flush is at most every 250 ms), and well before step 400.
        QTest::newRow("mid-step") << QStringLiteral("step@15") << 40;
        QTest::newRow("mid-evaluation") << QStringLiteral("evaluation@2") << 40;
        QTest::newRow("mid-checkpoint-write") << QStringLiteral("checkpoint-written@2") << 40;
        QTest::newRow("mid-transaction") << QStringLiteral("metrics-transaction@25") << 400;
    }
    void sigkillAtEachFaultPointLeavesAResumableRun()
    {
        QFETCH(QString, point);
        QFETCH(int, steps);
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        const auto killed = run(trainArgs(db, steps), withFault(point));
        QVERIFY2(killed.status == QProcess::CrashExit, qPrintable(QStringLiteral("it did not die: exit %1, %2").arg(killed.exitCode).arg(killed.err)));
        QCOMPARE(integrity(db), QStringLiteral("ok"));
        QCOMPARE(statusOf(db), lathe::test::name(RunStatus::Crashed));
        // A checkpoint's temporary file may be left; the checkpoint itself is whole.
        const auto resumed = run(resumeArgs(db));
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        QCOMPARE(statusOf(db), lathe::test::name(RunStatus::Completed));
        QCOMPARE(lossRows(db), std::size_t(steps));
        QCOMPARE(integrity(db), QStringLiteral("ok"));
    }
    void sigkillAtRandomMomentsLosesNoRowAReaderSaw()
    {
        // LATHE_FAULT_KILLS rounds (scripts/fault-inject.sh: 100), each a kill at a random moment
        // of a run resumed again and again; LATHE_FAULT_SEED picks the moments.
        const int rounds = envInt("LATHE_FAULT_KILLS", 3);
        QRandomGenerator random(static_cast<quint32>(envInt("LATHE_FAULT_SEED", 14)));
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        // Long enough that the kills, not the end of the run, stop every round.
        const int steps = std::max(200, rounds * 60);
        const QString checkpoint = dir.filePath(QStringLiteral("e-files/run-1/checkpoint.pt"));
        int killedMidRun = 0;
        for (int round = 0; round < rounds; ++round) {
            Reader reader(db);
            QProcess p;
            p.start(QStringLiteral(LATHE_CLI), round == 0 ? trainArgs(db, steps) : resumeArgs(db));
            QVERIFY(p.waitForStarted());
            reader.arm(p.processId());
            if (round == 0)
                QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(checkpoint), 60000);
            // A moment of its training: steps, evaluations, checkpoints and flushes all come by.
            QTRY_VERIFY_WITH_TIMEOUT(reader.running() || p.state() == QProcess::NotRunning, 60000);
            QTest::qWait(static_cast<int>(random.bounded(0, 700)));
            signalProcess(p, SIGKILL);
            const auto f = finish(p);
            const auto seen = reader.seen();
            QVERIFY(!reader.failed());
            QCOMPARE(integrity(db), QStringLiteral("ok"));
            QVERIFY2(metricRows(db) >= seen, qPrintable(QStringLiteral("round %1: the reader saw %2 rows, %3 remain")
                                                            .arg(round).arg(seen).arg(metricRows(db))));
            const auto status = statusOf(db);
            // The run may have completed before the kill (or between its end and the exit).
            if (status == lathe::test::name(RunStatus::Completed))
                break;
            QCOMPARE(f.status, QProcess::CrashExit);
            QCOMPARE(status, lathe::test::name(RunStatus::Crashed));
            ++killedMidRun;
        }
        qInfo("%d of %d kills landed mid-run; every one left an intact database and a crashed run", killedMidRun, rounds);
        if (statusOf(db) != lathe::test::name(RunStatus::Completed)) {
            const auto r = run(resumeArgs(db));
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        }
        QCOMPARE(statusOf(db), lathe::test::name(RunStatus::Completed));
        QCOMPARE(lossRows(db), std::size_t(steps));
    }
    void sigtermAndSigintStopTheRunWithACheckpoint_data()
    {
        QTest::addColumn<int>("signal");
        QTest::newRow("SIGTERM") << int(SIGTERM);
        QTest::newRow("SIGINT") << int(SIGINT);
    }
    void sigtermAndSigintStopTheRunWithACheckpoint()
    {
        QFETCH(int, signal);
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        Reader reader(db);
        QProcess p;
        p.start(QStringLiteral(LATHE_CLI), trainArgs(db, 400));
        QTRY_VERIFY_WITH_TIMEOUT(reader.seen() >= 20, 60000);
        signalProcess(p, signal);
        const auto f = finish(p, 60000);
        QVERIFY2(f.status == QProcess::NormalExit, qPrintable(QStringLiteral("exit %1: %2").arg(f.exitCode).arg(f.err)));
        QCOMPARE(f.exitCode, 1);
        RunStore store(db.toStdString());
        const auto r = store.run(1);
        QCOMPARE(lathe::test::name(r->status), lathe::test::name(RunStatus::Stopped));
        QVERIFY(r->steps > 0 && r->steps < 400);
        // Its checkpoint is at the step it stopped at: resuming loses no step.
        const auto timeline = store.checkpointTimeline(1);
        QVERIFY(!timeline.empty());
        QCOMPARE(timeline.back().first, r->steps);
        const auto resumed = run(resumeArgs(db));
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        QCOMPARE(lossRows(db), std::size_t(400));
    }
    void diskFullDuringACheckpointKeepsThePreviousOne()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        QCOMPARE(run(trainArgs(db, 40), withFault(QStringLiteral("step@15"))).status, QProcess::CrashExit);
        QCOMPARE(statusOf(db), lathe::test::name(RunStatus::Crashed));  // (the open also folds the WAL in)
        const QString checkpoint = dir.filePath(QStringLiteral("e-files/run-1/checkpoint.pt"));
        const auto checkpointBytes = QFileInfo(checkpoint).size();
        // Room for the database to grow, none for the next checkpoint.
        const qint64 limit = QFileInfo(db).size() + 512 * 1024;
        QVERIFY2(checkpointBytes > limit, qPrintable(QStringLiteral("checkpoint %1 B, limit %2 B").arg(checkpointBytes).arg(limit)));
        const auto full = runWithFileSizeLimit(resumeArgs(db), limit);
        QCOMPARE(full.status, QProcess::NormalExit);
        QCOMPARE(full.exitCode, 1);
        for (const char* part : {"could not write the checkpoint", "Is the disk full?", "The checkpoint of step 10 is kept"})
            QVERIFY2(full.err.contains(QLatin1String(part)), qPrintable(full.err));
        QVERIFY2(!full.err.contains(QStringLiteral("PytorchStreamWriter")), qPrintable(full.err));
        QCOMPARE(integrity(db), QStringLiteral("ok"));
        QCOMPARE(statusOf(db), lathe::test::name(RunStatus::Failed));
        QCOMPARE(QFileInfo(checkpoint).size(), checkpointBytes);
        // With space again, the run continues from that checkpoint.
        const auto resumed = run(resumeArgs(db));
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        QCOMPARE(lossRows(db), std::size_t(40));
    }
    void diskFullDuringAMetricsFlushStopsWithAMessageAndTheDatabaseOpens()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        // No evaluation (so no checkpoint) for a long while: the metrics fill the limit first.
        auto args = trainArgs(db, 100'000);
        args[args.indexOf(QStringLiteral("--eval-every")) + 1] = QStringLiteral("100000");
        const auto full = runWithFileSizeLimit(args, 160 * 1024);
        QCOMPARE(full.status, QProcess::NormalExit);
        QCOMPARE(full.exitCode, 2);
        for (const char* part : {"could not be written", "Is the disk full?", "No checkpoint was written yet"})
            QVERIFY2(full.err.contains(QLatin1String(part)), qPrintable(full.err));
        QCOMPARE(integrity(db), QStringLiteral("ok"));
        // Its end could not be recorded in a full database: the next open marks it crashed.
        const auto status = statusOf(db);
        QVERIFY2(status == lathe::test::name(RunStatus::Crashed) || status == lathe::test::name(RunStatus::Failed),
                 qPrintable(status));
        QVERIFY(lossRows(db) > 0);
    }
    void twoTrainingsAndAnInProcessOneShareADatabaseWhileItIsRead()
    {
        // The workbench trains in-process (core's train()) and reads; lathe-cli trains beside it.
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        { RunStore create(db.toStdString()); }
        Reader reader(db);
        QProcess a, b;
        a.start(QStringLiteral(LATHE_CLI), trainArgs(db, 60));
        b.start(QStringLiteral(LATHE_CLI), trainArgs(db, 60));
        TrainOutcome inProcess;
        std::string inProcessError;
        {
            std::jthread gui([&] {
                try {
                    RunStore store(db.toStdString());
                    RunConfig c;
                    c.data.path = sample().toStdString();
                    c.model.width = 32;
                    c.model.layers = 1;
                    c.train.maxSteps = 60;
                    c.train.evalEvery = 10;
                    c.train.threads = 1;
                    inProcess = train({c, &store});
                } catch (const std::exception& e) {
                    inProcessError = e.what();
                }
            });
        }
        const auto fa = finish(a), fb = finish(b);
        QVERIFY2(inProcessError.empty(), inProcessError.c_str());
        QVERIFY2(fa.exitCode == 0 && !fa.err.contains(QStringLiteral("locked")), qPrintable(fa.err));
        QVERIFY2(fb.exitCode == 0 && !fb.err.contains(QStringLiteral("locked")), qPrintable(fb.err));
        QVERIFY(!reader.failed());
        RunStore store(db.toStdString());
        const auto runs = store.listRuns();
        QCOMPARE(runs.size(), std::size_t(3));
        for (const auto& r : runs) {
            QCOMPARE(lathe::test::name(r.status), lathe::test::name(RunStatus::Completed));
            QCOMPARE(store.metrics(r.id, "train/loss").size(), std::size_t(60));
        }
        QCOMPARE(integrity(db), QStringLiteral("ok"));
    }
};

QTEST_GUILESS_MAIN(TestFaults)
#include "tst_faults.moc"
