// The study coordinator (study/StudyRunner.cpp) on test functions, which it evaluates in its own
// process: budgets, grids, resuming, stopping and refusing bad settings. Training trials in
// worker processes are tested through lathe-cli (tests/app/tst_studycli.cpp).
#include "store/RunStore.h"
#include "study/Objectives.h"
#include "study/StudyResults.h"
#include "study/StudyRunner.h"

#include <QtTest>

#include <set>

using namespace lathe;
using namespace lathe::study;

namespace {
const char* kBraninSpace = R"({"x1": {"type": "float", "low": -5, "high": 10},
                               "x2": {"type": "float", "low": 0, "high": 15}})";

StudySettings braninStudy(const char* name, const char* sampler, std::int64_t trials, std::int64_t seed = 3)
{
    StudySettings s;
    s.study.name = name;
    s.study.spaceJson = kBraninSpace;
    s.study.objective = "branin";
    s.study.sampler = sampler;
    s.study.pruner = "none";
    s.study.maxTrials = trials;
    s.study.seed = seed;
    return s;
}

class StopAfter : public StudyListener {
public:
    StopAfter(std::stop_source& source, int finished) : m_source(source), m_left(finished) {}
    void onTrial(const TrialRecord& t) override
    {
        if (t.state != "running" && --m_left == 0)
            m_source.request_stop();
    }

private:
    std::stop_source& m_source;
    int m_left;
};

std::vector<std::string> paramsOf(const std::vector<TrialRecord>& trials)
{
    std::vector<std::string> out;
    for (const auto& t : trials)
        out.push_back(t.paramsJson);
    return out;
}
}  // namespace

class TestStudyRunner : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aStudyRunsItsBudgetAndEveryTrialIsStored()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        const auto outcome = runStudy(store, braninStudy("tpe", "tpe", 60), false, nullptr, {});
        QCOMPARE(outcome.status, std::string("completed"));
        const auto study = *store.study(outcome.studyId);
        QCOMPARE(study.status, std::string("completed"));
        QCOMPARE(study.direction, std::string("minimize"));
        QVERIFY(!store.studyLocked(study.id));
        const auto trials = store.trials(study.id);
        QCOMPARE(trials.size(), std::size_t(60));
        for (std::size_t i = 0; i < trials.size(); ++i) {
            QCOMPARE(trials[i].number, std::int64_t(i));
            QCOMPARE(trials[i].state, std::string("complete"));
            const auto p = nlohmann::json::parse(trials[i].paramsJson);
            QCOMPARE(*trials[i].value, branin(p["x1"].get<double>(), p["x2"].get<double>()));
        }
        // TPE after 60 trials is well below what the first random ones found.
        const auto best = bestTrial(study, trials);
        QVERIFY(best);
        QVERIFY2(*best->value < 2.0, qPrintable(QString::number(*best->value)));
    }

    void aGridStudyTriesEveryPointOnceAndEnds()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        auto s = braninStudy("grid", "grid", 0);
        s.study.spaceJson = R"({"x1": {"type": "float", "low": -5, "high": 10, "step": 5},
                                "x2": {"type": "categorical", "choices": [0, 15]}})";
        const auto outcome = runStudy(store, s, false, nullptr, {});
        QCOMPARE(outcome.status, std::string("completed"));
        const auto trials = store.trials(outcome.studyId);
        QCOMPARE(trials.size(), std::size_t(8));  // 4 x 2 points, then the grid is done
        std::set<std::string> distinct;
        for (const auto& t : trials)
            distinct.insert(t.paramsJson);
        QCOMPARE(distinct.size(), std::size_t(8));
    }

    void aResumedStudySamplesAsIfItHadNeverStopped()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        runStudy(store, braninStudy("straight", "tpe", 30), false, nullptr, {});
        // The same study stopped after 12 trials, then resumed to 30.
        std::stop_source stop;
        StopAfter listener(stop, 12);
        const auto first = runStudy(store, braninStudy("resumed", "tpe", 30), false, &listener, stop.get_token());
        QCOMPARE(first.status, std::string("stopped"));
        QCOMPARE(store.study(first.studyId)->status, std::string("stopped"));
        QCOMPARE(store.trials(first.studyId).size(), std::size_t(12));
        auto again = braninStudy("resumed", "random", 0, 99);  // stored sampler and seed win
        again.study.spaceJson.clear();
        const auto second = runStudy(store, again, true, nullptr, {});
        QCOMPARE(second.studyId, first.studyId);
        QCOMPARE(second.status, std::string("completed"));
        QCOMPARE(paramsOf(store.trials(second.studyId)), paramsOf(store.trials(store.studyNamed("straight")->id)));
    }

    void aTrialLeftRunningByADeadCoordinatorIsRunAgain()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        const auto first = runStudy(store, braninStudy("crashed", "random", 5), false, nullptr, {});
        // As a killed coordinator leaves it: trial 5 running, the study running, nobody holding it.
        TrialRecord t;
        t.studyId = first.studyId;
        t.number = 5;
        t.paramsJson = R"({"x1": 1.0, "x2": 2.0})";
        store.createTrial(t);
        store.claimStudy(first.studyId, 5, 0, 1);
        const auto second = runStudy(store, braninStudy("crashed", "random", 8), true, nullptr, {});
        QCOMPARE(second.status, std::string("completed"));
        const auto trials = store.trials(first.studyId);
        QCOMPARE(trials.size(), std::size_t(8));
        QCOMPARE(trials[5].state, std::string("complete"));
        QCOMPARE(trials[5].attempts, std::int64_t(2));
        QCOMPARE(trials[5].paramsJson, t.paramsJson);
        QCOMPARE(*trials[5].value, branin(1.0, 2.0));
        QCOMPARE(store.study(first.studyId)->maxTrials, std::int64_t(8));
    }

    void aStudyAnotherProcessRunsIsRefused()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        const auto first = runStudy(store, braninStudy("busy", "random", 2), false, nullptr, {});
        const auto lock = store.lockStudy(first.studyId);
        QVERIFY_THROWS_EXCEPTION(StoreError, runStudy(store, braninStudy("busy", "random", 4), true, nullptr, {}));
        QCOMPARE(store.trials(first.studyId).size(), std::size_t(2));
    }

    void badSettingsAreRefusedBeforeAStudyExists_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("message");
        QTest::newRow("sampler") << "sampler" << "bayes" << "bayes";
        QTest::newRow("pruner") << "pruner" << "early" << "early";
        QTest::newRow("objective") << "objective" << "rosenbrock" << "unknown objective 'rosenbrock'";
        QTest::newRow("objective's parameters") << "space" << R"({"y": {"type": "float", "low": 0, "high": 1}})"
                                                << "needs a float parameter";
        QTest::newRow("metric") << "metric" << "val/top5" << "unknown metric 'val/top5'";
        QTest::newRow("not a setting") << "trainspace" << R"({"colour": {"type": "float", "low": 0, "high": 1}})"
                                       << "parameter 'colour' is not a training setting";
        QTest::newRow("fixed setting") << "trainspace" << R"({"data.path": {"type": "categorical", "choices": ["a"]}})"
                                       << "cannot vary between trials";
        QTest::newRow("perplexity of a classifier") << "metric" << "val/perplexity" << "classifier";
        QTest::newRow("exact match of a classifier") << "metric" << "val/exact_match" << "an encoder–decoder's metric";
        QTest::newRow("accuracy of an encoder–decoder") << "pairsmetric" << "val/accuracy"
                                                        << "but a seq2seq model is an encoder–decoder";
        QTest::newRow("direction") << "direction" << "up" << "unknown direction 'up'";
        QTest::newRow("name") << "name" << "" << "needs a name";
    }
    void badSettingsAreRefusedBeforeAStudyExists()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, message);
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        auto s = braninStudy("bad", "random", 3);
        const auto v = value.toStdString();
        const bool training = field == QStringLiteral("metric") || field == QStringLiteral("trainspace") ||
                              field == QStringLiteral("pairsmetric");
        if (training) {
            s.study.objective.clear();
            s.study.metric = "val/accuracy";
            s.study.spaceJson = R"({"lr": {"type": "float", "low": 1e-4, "high": 1e-2, "log": true}})";
            s.fixed.data.path = "topics.csv";
            s.workerProgram = "/bin/false";
        }
        if (field == QStringLiteral("sampler")) s.study.sampler = v;
        if (field == QStringLiteral("pruner")) s.study.pruner = v;
        if (field == QStringLiteral("objective")) s.study.objective = v;
        if (field == QStringLiteral("space") || field == QStringLiteral("trainspace")) s.study.spaceJson = v;
        if (field == QStringLiteral("metric")) s.study.metric = v;
        if (field == QStringLiteral("pairsmetric")) {
            s.study.metric = v;
            s.fixed.model.family = "seq2seq";
        }
        if (field == QStringLiteral("direction")) s.study.direction = v;
        if (field == QStringLiteral("name")) s.study.name = v;
        try {
            runStudy(store, s, false, nullptr, {});
            QFAIL("bad settings must be refused");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
        }
        QVERIFY(store.listStudies().empty());
    }
};

QTEST_GUILESS_MAIN(TestStudyRunner)
#include "tst_studyrunner.moc"
