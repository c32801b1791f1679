// lathe-cli study, end to end: trials trained in worker processes on the bundled sample, pruning,
// a killed worker, a killed coordinator and its resume, and the read commands.
#include "CliRunner.h"
#include "TestFiles.h"
#include "store/RunStore.h"

#include <QtTest>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <map>
#include <set>
#include <signal.h>

using namespace lathe;
using lathe::test::cli;
using lathe::test::sample;

namespace {
// A small, quick model on the bundled classification sample.
QStringList trainingFlags(int steps)
{
    return {QStringLiteral("--data"), sample("resources/sample/topics.csv"), QStringLiteral("--steps"),
            QString::number(steps), QStringLiteral("--eval-every"), QString::number(std::max(20, steps / 3)),
            QStringLiteral("--width"), QStringLiteral("32"), QStringLiteral("--max-length"), QStringLiteral("64")};
}

QString writeSpace(const QTemporaryDir& dir, const char* json)
{
    return QString::fromStdString(lathe::test::writeFile(dir, "space.json", QByteArray(json)));
}

// Polls the database until `done` holds (true) or `seconds` pass (false).
bool waitFor(const QString& db, double seconds, const std::function<bool(RunStore&)>& done)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < seconds * 1000) {
        {
            RunStore store(db.toStdString());
            if (done(store))
                return true;
        }
        QThread::msleep(100);
    }
    return false;
}

int trialsWhere(RunStore& store, const char* name, const std::function<bool(const TrialRecord&)>& test)
{
    const auto s = store.studyNamed(name);
    if (!s)
        return 0;
    int n = 0;
    for (const auto& t : store.trials(s->id))
        n += test(t);
    return n;
}

bool processGone(pid_t pid) { return ::kill(pid, 0) != 0; }
}  // namespace

class TestStudyCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void anObjectiveStudyPrintsItsTrialsAndBestAsJson()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        const auto space = writeSpace(dir, R"({"x1": {"type": "float", "low": -5, "high": 10},
                                               "x2": {"type": "float", "low": 0, "high": 15}})");
        const auto r = cli({QStringLiteral("study"), QStringLiteral("run"), QStringLiteral("--name"), QStringLiteral("b"),
                            QStringLiteral("--space"), space, QStringLiteral("--objective"), QStringLiteral("branin"),
                            QStringLiteral("--trials"), QStringLiteral("40"), QStringLiteral("--db"), db,
                            QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto j = r.lastJson();
        QCOMPARE(j["name"].get<std::string>(), std::string("b"));
        QCOMPARE(j["trials"].size(), std::size_t(40));
        for (const auto& t : j["trials"]) {
            QCOMPARE(t["state"].get<std::string>(), std::string("complete"));
            QVERIFY(t["params"].contains("x1") && t["params"].contains("x2"));
            QCOMPARE(t["run_id"].get<int>(), 0);
        }
        double lowest = 1e300;
        for (const auto& t : j["trials"])
            lowest = std::min(lowest, t["value"].get<double>());
        QCOMPARE(j["best"]["value"].get<double>(), lowest);
        const auto id = QString::number(j["study_id"].get<int>());

        const auto list = cli({QStringLiteral("study"), QStringLiteral("list"), QStringLiteral("--db"), db,
                               QStringLiteral("--json")});
        QCOMPARE(list.exitCode, 0);
        const auto studies = nlohmann::json::parse(list.out.toStdString());
        QCOMPARE(studies.size(), std::size_t(1));
        QCOMPARE(studies[0]["complete"].get<int>(), 40);
        QCOMPARE(studies[0]["status"].get<std::string>(), std::string("completed"));

        const auto show = cli({QStringLiteral("study"), QStringLiteral("show"), QStringLiteral("--study"),
                               QStringLiteral("b"), QStringLiteral("--db"), db, QStringLiteral("--json")});
        QCOMPARE(show.lastJson()["best"], j["best"]);
        const auto best = cli({QStringLiteral("study"), QStringLiteral("best"), QStringLiteral("--study"), id,
                               QStringLiteral("--db"), db});
        QCOMPARE(best.exitCode, 0);
        QVERIFY2(best.out.startsWith(QStringLiteral("trial %1").arg(j["best"]["number"].get<int>())), qPrintable(best.out));

        const auto csv = cli({QStringLiteral("study"), QStringLiteral("export"), QStringLiteral("--study"), id,
                              QStringLiteral("--db"), db});
        QCOMPARE(csv.exitCode, 0);
        const auto rows = csv.out.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(rows.size(), 41);
        QCOMPARE(rows[0], QStringLiteral("number,state,value,duration_s,params_x1,params_x2,run_id"));

        // Delete: the study and its trials go.
        const auto del = cli({QStringLiteral("study"), QStringLiteral("delete"), QStringLiteral("--study"), id,
                              QStringLiteral("--db"), db});
        QCOMPARE(del.exitCode, 0);
        QCOMPARE(nlohmann::json::parse(cli({QStringLiteral("study"), QStringLiteral("list"), QStringLiteral("--db"), db,
                                            QStringLiteral("--json")})
                                           .out.toStdString())
                     .size(),
                 std::size_t(0));
        const auto missing = cli({QStringLiteral("study"), QStringLiteral("show"), QStringLiteral("--study"),
                                  QStringLiteral("nope"), QStringLiteral("--db"), db});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(QStringLiteral("there is no study 'nope'")), qPrintable(missing.err));
        // After the delete the name is free again; a second study of a taken name is refused.
        const auto recreate = cli({QStringLiteral("study"), QStringLiteral("run"), QStringLiteral("--name"),
                                   QStringLiteral("b"), QStringLiteral("--space"), space, QStringLiteral("--objective"),
                                   QStringLiteral("branin"), QStringLiteral("--trials"), QStringLiteral("5"),
                                   QStringLiteral("--db"), db});
        QCOMPARE(recreate.exitCode, 0);
        const auto again = cli({QStringLiteral("study"), QStringLiteral("run"), QStringLiteral("--name"), QStringLiteral("b"),
                                QStringLiteral("--space"), space, QStringLiteral("--objective"), QStringLiteral("branin"),
                                QStringLiteral("--trials"), QStringLiteral("5"), QStringLiteral("--db"), db});
        QCOMPARE(again.exitCode, 2);
        QVERIFY2(again.err.contains(QStringLiteral("--resume")), qPrintable(again.err));
    }

    // The issue's real 6-trial study: every trial a run in the database, and the one hopeless
    // learning rate pruned by the median rule at its first evaluation, its checkpoint and curve kept.
    void aStudyOnTheSampleMakesRunsAndPrunesTheHopelessOne()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        const auto space = writeSpace(dir, R"({"lr": {"type": "categorical",
                                                      "choices": [0.006, 0.007, 0.008, 0.009, 0.01, 1e-7, 0.012]}})");
        const auto r = cli(QStringList{QStringLiteral("study"), QStringLiteral("run"), QStringLiteral("--name"),
                                       QStringLiteral("lr"), QStringLiteral("--space"), space, QStringLiteral("--sampler"),
                                       QStringLiteral("grid"), QStringLiteral("--pruner"), QStringLiteral("median"),
                                       QStringLiteral("--db"), db, QStringLiteral("--json")}
                           + trainingFlags(60));
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto j = r.lastJson();
        QCOMPARE(j["trials"].size(), std::size_t(7));  // lr 0.012 after the hopeless one
        RunStore store(db.toStdString());
        for (int i = 0; i < 5; ++i) {
            const auto& t = j["trials"][i];
            QCOMPARE(t["state"].get<std::string>(), std::string("complete"));
            const auto run = store.run(t["run_id"].get<std::int64_t>());
            QVERIFY(run);
            QCOMPARE(lathe::test::name(run->status), lathe::test::name(RunStatus::Completed));
            QCOMPARE(run->tags, std::string("study:lr,trial:") + std::to_string(i));
            QCOMPARE(run->name, std::string("lr #") + std::to_string(i));
            QVERIFY(t["value"].get<double>() > 0.5);
        }
        const auto& pruned = j["trials"][5];
        QCOMPARE(pruned["params"]["lr"].get<double>(), 1e-7);
        QCOMPARE(pruned["state"].get<std::string>(), std::string("pruned"));
        QCOMPARE(pruned["steps"].get<int>(), 20);
        const auto runId = pruned["run_id"].get<std::int64_t>();
        QCOMPARE(lathe::test::name(store.run(runId)->status), lathe::test::name(RunStatus::Stopped));
        QVERIFY(std::filesystem::exists(store.checkpointPath(runId)));
        QCOMPARE(store.metrics(runId, "val/accuracy").size(), std::size_t(1));
        const auto trials = store.trials(j["study_id"].get<std::int64_t>());
        QCOMPARE(trials[5].intermediate.size(), std::size_t(1));
        QCOMPARE(trials[0].intermediate.size(), std::size_t(3));  // steps 20, 40, 60
        // One worker trained every trial, and the trial after the pruned one was not stopped with
        // it (lr 0.012 is itself pruned at step 40: below the median there).
        QVERIFY(j["trials"][6]["steps"].get<int>() >= 40);
        for (int i = 1; i < 7; ++i)
            QCOMPARE(store.run(j["trials"][i]["run_id"].get<std::int64_t>())->pid,
                     store.run(j["trials"][0]["run_id"].get<std::int64_t>())->pid);
        // The best trial's configuration trains again as an ordinary run, here for more steps.
        const auto config = cli({QStringLiteral("study"), QStringLiteral("best"), QStringLiteral("--study"),
                                 QStringLiteral("lr"), QStringLiteral("--config"), QStringLiteral("--db"), db});
        QCOMPARE(config.exitCode, 0);
        const auto bestConfig = nlohmann::json::parse(config.out.toStdString());
        QCOMPARE(bestConfig["train"]["learningRate"].get<double>(), j["best"]["params"]["lr"].get<double>());
        const auto file = QString::fromStdString(lathe::test::writeFile(dir, "best.json", config.out.toUtf8()));
        const auto again = cli({QStringLiteral("train"), QStringLiteral("--config"), file, QStringLiteral("--steps"),
                                QStringLiteral("80"), QStringLiteral("--db"), db, QStringLiteral("--json")});
        QVERIFY2(again.exitCode == 0, qPrintable(again.err));
        QCOMPARE(again.lastJson()["steps"].get<int>(), 80);
    }

    void aTrialsResultDoesNotDependOnTheTrialsItsWorkerRanBefore()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        const auto space = writeSpace(dir, R"({"lr": {"type": "categorical", "choices": [0.01, 0.003, 0.006]}})");
        // The same three trials: one worker trains them one after another, then three workers
        // train one each in a fresh process.
        std::map<std::string, std::vector<double>> losses;
        std::map<std::string, std::set<std::int64_t>> pids;
        for (const char* workers : {"1", "3"}) {
            const auto r = cli(QStringList{QStringLiteral("study"), QStringLiteral("run"), QStringLiteral("--name"),
                                           QStringLiteral("w") + QLatin1String(workers), QStringLiteral("--space"), space,
                                           QStringLiteral("--sampler"), QStringLiteral("grid"), QStringLiteral("--workers"),
                                           QLatin1String(workers), QStringLiteral("--threads"), QStringLiteral("1"),
                                           QStringLiteral("--metric"), QStringLiteral("val/loss"),
                                           QStringLiteral("--db"), db, QStringLiteral("--json")}
                               // Precision pinned: `auto` times bf16 against fp32 in each process, and
                               // under load (ctest -j2) two processes can resolve it differently.
                               + trainingFlags(40) + QStringList{QStringLiteral("--precision"), QStringLiteral("fp32")});
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            RunStore store(db.toStdString());
            const auto j = r.lastJson();
            for (const auto& t : j["trials"]) {
                QCOMPARE(t["state"].get<std::string>(), std::string("complete"));
                losses[workers].push_back(t["value"].get<double>());
                pids[workers].insert(store.run(t["run_id"].get<std::int64_t>())->pid);
            }
        }
        QCOMPARE(pids["1"].size(), std::size_t(1));
        QCOMPARE(pids["3"].size(), std::size_t(3));
        QCOMPARE(losses["1"].size(), std::size_t(3));
        for (std::size_t i = 0; i < 3; ++i)
            QCOMPARE(losses["1"][i], losses["3"][i]);  // to the last bit
    }

    void aKilledWorkerFailsItsTrialWithinSecondsAndIsRetried()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        const auto space = writeSpace(dir, R"({"lr": {"type": "float", "low": 1e-3, "high": 1e-2, "log": true}})");
        QProcess coordinator;
        coordinator.start(QStringLiteral(LATHE_CLI),
                          QStringList{QStringLiteral("study"), QStringLiteral("run"), QStringLiteral("--name"),
                                      QStringLiteral("k"), QStringLiteral("--space"), space, QStringLiteral("--sampler"),
                                      QStringLiteral("random"), QStringLiteral("--trials"), QStringLiteral("1"),
                                      QStringLiteral("--retries"), QStringLiteral("1"), QStringLiteral("--db"), db,
                                      QStringLiteral("--json")}
                              + trainingFlags(100000));
        pid_t worker = 0;
        QVERIFY(waitFor(db, 120, [&](RunStore& store) {
            const auto s = store.studyNamed("k");
            if (!s || store.trials(s->id).empty() || store.trials(s->id)[0].runId == 0)
                return false;
            worker = static_cast<pid_t>(store.run(store.trials(s->id)[0].runId)->pid);
            return worker > 0;
        }));
        QElapsedTimer t;
        t.start();
        ::kill(worker, SIGKILL);
        // The trial fails within seconds, and its values are tried again as trial 1.
        QVERIFY(waitFor(db, 10, [](RunStore& store) {
            return trialsWhere(store, "k", [](const TrialRecord& t) { return t.state == "failed"; }) == 1;
        }));
        qInfo("trial marked failed %.1f s after its worker was killed", t.elapsed() / 1000.0);
        QVERIFY(waitFor(db, 120, [](RunStore& store) {
            return trialsWhere(store, "k", [](const TrialRecord& t) { return t.number == 1 && t.runId > 0; }) == 1;
        }));
        coordinator.terminate();  // SIGTERM: the study stops, its running trial with it
        QVERIFY(coordinator.waitForFinished(60000));
        QCOMPARE(coordinator.exitCode(), 1);
        RunStore store(db.toStdString());
        const auto s = *store.studyNamed("k");
        QCOMPARE(s.status, std::string("stopped"));
        const auto trials = store.trials(s.id);
        QCOMPARE(trials.size(), std::size_t(2));
        QVERIFY2(trials[0].message.english().find("killed by signal 9") != std::string::npos,
                 trials[0].message.english().c_str());
        QCOMPARE(lathe::test::name(store.run(trials[0].runId)->status), lathe::test::name(RunStatus::Crashed));
        QCOMPARE(trials[1].paramsJson, trials[0].paramsJson);
        QCOMPARE(trials[1].state, std::string("failed"));
        QVERIFY2(trials[1].message.english().find("stopped with the study") != std::string::npos,
                 trials[1].message.english().c_str());
        QCOMPARE(lathe::test::name(store.run(trials[1].runId)->status), lathe::test::name(RunStatus::Stopped));  // stopped cleanly, checkpoint kept
    }

    void aKilledCoordinatorTakesItsWorkersAndResumesWithoutLosingATrial()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        const auto space = writeSpace(dir, R"({"lr": {"type": "float", "low": 1e-3, "high": 1e-2, "log": true}})");
        const QStringList args = QStringList{QStringLiteral("study"), QStringLiteral("run"), QStringLiteral("--name"),
                                             QStringLiteral("c"), QStringLiteral("--space"), space,
                                             QStringLiteral("--sampler"), QStringLiteral("tpe"), QStringLiteral("--trials"),
                                             QStringLiteral("4"), QStringLiteral("--workers"), QStringLiteral("2"),
                                             QStringLiteral("--db"), db, QStringLiteral("--json")}
                                 + trainingFlags(150);
        QProcess coordinator;
        coordinator.start(QStringLiteral(LATHE_CLI), args);
        // Once one trial is complete and two are training, kill the coordinator outright.
        std::vector<pid_t> workers;
        QVERIFY(waitFor(db, 300, [&](RunStore& store) {
            workers.clear();
            const auto s = store.studyNamed("c");
            if (!s)
                return false;
            int complete = 0;
            for (const auto& t : store.trials(s->id)) {
                complete += t.state == "complete";
                if (t.state == "running" && t.runId > 0)
                    workers.push_back(static_cast<pid_t>(store.run(t.runId)->pid));
            }
            return complete >= 1 && workers.size() == 2;
        }));
        // Only while it runs: an exited process's pid reads 0, and kill(0, …) would hit ctest too.
        if (const auto pid = static_cast<pid_t>(coordinator.processId()); pid > 0)
            ::kill(pid, SIGKILL);
        QVERIFY(coordinator.waitForFinished(10000));
        // Its workers die with it (they get SIGTERM when it dies).
        QVERIFY(waitFor(db, 30, [&](RunStore&) { return processGone(workers[0]) && processGone(workers[1]); }));
        int completeBefore = 0;
        {
            RunStore store(db.toStdString());
            const auto s = *store.studyNamed("c");
            QVERIFY(!store.studyLocked(s.id));
            for (const auto& t : store.trials(s.id))
                completeBefore += t.state == "complete";
        }
        const auto r = cli(QStringList{QStringLiteral("study"), QStringLiteral("run"), QStringLiteral("--name"),
                                       QStringLiteral("c"), QStringLiteral("--resume"), QStringLiteral("--db"), db,
                                       QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto j = r.lastJson();
        QCOMPARE(j["status"].get<std::string>(), std::string("completed"));
        RunStore store(db.toStdString());
        const auto trials = store.trials(j["study_id"].get<std::int64_t>());
        int complete = 0, again = 0;
        for (const auto& t : trials) {
            QCOMPARE(t.state, std::string("complete"));
            complete += 1;
            again += t.attempts == 2;
            QCOMPARE(lathe::test::name(store.run(t.runId)->status), lathe::test::name(RunStatus::Completed));
        }
        QCOMPARE(complete, 4);
        QVERIFY(completeBefore >= 1);
        QCOMPARE(again, 2);  // the two trials the kill interrupted ran again under their numbers
    }
};

QTEST_GUILESS_MAIN(TestStudyCli)
#include "tst_studycli.moc"
