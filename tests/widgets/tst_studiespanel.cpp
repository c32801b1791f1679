// The Studies panel, driven as a user would: a real 6-trial study on the bundled sample with
// its trials in lathe-cli worker processes, a study lathe-cli ran shown with its views, and
// the messages for what cannot start.
#include "WidgetTestSupport.h"
#include "store/RunStore.h"
#include "studies/SpaceEditor.h"
#include "studies/StudiesPanel.h"
#include "studies/ParallelCoordinates.h"
#include "studies/StudyCharts.h"
#include "studies/TrialsModel.h"
#include "study/StudyRunner.h"

#include <QComboBox>
#include <QPushButton>
#include <QLineEdit>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableView>
#include <QValueAxis>
#include <QtTest>
#include <nlohmann/json.hpp>

using namespace lathe;
using namespace lathe::gui;

namespace {
void choose(QComboBox* box, const char* data) { box->setCurrentIndex(box->findData(QString::fromLatin1(data))); }
}  // namespace

class TestStudiesPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { lathe::test::isolateSettings(); }

    void aSixTrialStudyOnTheSampleRunsFromThePanel()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        StudiesPanel panel;
        panel.resize(900, 900);
        panel.setStore(&store);
        panel.setWorkerProgram(QStringLiteral(LATHE_CLI));
        panel.setFixedSettings([] { return lathe::test::quickConfig(40, 20); });
        panel.show();
        QCOMPARE(panel.nameEdit()->text(), QStringLiteral("study-1"));
        panel.spaceEditor()->setSearched(QStringLiteral("width"), false);
        panel.spaceEditor()->setSearched(QStringLiteral("layers"), false);
        panel.spaceEditor()->setSearched(QStringLiteral("dropout"), true);
        choose(panel.samplerBox(), "random");
        choose(panel.prunerBox(), "none");
        panel.trialsBox()->setValue(6);
        panel.workersBox()->setValue(2);
        QVERIFY(panel.startStudy());
        QVERIFY(panel.isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(!panel.isRunning(), 300000);
        QVERIFY2(panel.statusText().contains(QStringLiteral("completed")), qPrintable(panel.statusText()));
        const auto studies = store.listStudies();
        QCOMPARE(studies.size(), std::size_t(1));
        QCOMPARE(panel.shownStudy(), studies[0].id);
        QCOMPARE(studies[0].workers, std::int64_t(2));
        // Every trial is a completed run in the database, and the views show all six.
        const auto& trials = panel.trialsModel()->trials();
        QCOMPARE(trials.size(), std::size_t(6));
        for (const auto& t : trials) {
            QCOMPARE(t.state, std::string("complete"));
            const auto run = store.run(t.runId);
            QVERIFY(run);
            QCOMPARE(lathe::test::name(run->status), lathe::test::name(RunStatus::Completed));
            QVERIFY(t.paramsJson.find("dropout") != std::string::npos);
        }
        QCOMPARE(panel.historyChart()->completePoints(), 6);
        QCOMPARE(panel.intermediateChart()->curveCount(), 6);
        QCOMPARE(panel.trialsModel()->parameterNames(), QStringList({QStringLiteral("dropout"), QStringLiteral("lr")}));
        // The next study gets a fresh name.
        QCOMPARE(panel.nameEdit()->text(), QStringLiteral("study-2"));
        // Parallel coordinates: an axis per parameter and the objective; brushing filters.
        auto* parallel = panel.parallelCoordinates();
        QCOMPARE(parallel->axisNames(),
                 QStringList({QStringLiteral("dropout"), QStringLiteral("lr"), QStringLiteral("val/accuracy")}));
        QCOMPARE(parallel->trialCount(), 6);
        QCOMPARE(parallel->selectedCount(), 6);
        parallel->setBrush(2, 0.999, 1.0);  // the best trial only (the objective axis runs worst to best)
        QCOMPARE(parallel->selectedCount(), 1);
        parallel->setBrush(0, 0.0, 0.0);    // an empty range clears only that axis (none was set)
        QCOMPARE(parallel->selectedCount(), 1);
        // Slices: each trial's lr against its value; importance computed off the GUI thread.
        panel.sliceParameterBox()->setCurrentText(QStringLiteral("lr"));
        QCOMPARE(panel.sliceChart()->pointCount(), 6);
        QTRY_VERIFY(!panel.importancePending());
        QCOMPARE(panel.importanceChart()->parameters().size(), 2);
        const QStringList tabs = {QStringLiteral("history"), QStringLiteral("intermediate"), QStringLiteral("parallel"),
                                  QStringLiteral("importance"), QStringLiteral("slices"), QStringLiteral("trials")};
        for (int i = 0; i < tabs.size(); ++i) {
            panel.views()->setCurrentIndex(i);
            lathe::test::screenshot(panel, QStringLiteral("studies-") + tabs[i]);
        }
        panel.views()->setCurrentIndex(tabs.indexOf(QStringLiteral("trials")));
        // The best trials' runs, best first, for Compare; the best one's settings to train again.
        const auto top = panel.topRuns(5);
        QCOMPARE(top.size(), 5);
        const TrialRecord* best = &trials[0];
        for (const auto& t : trials)
            if (*t.value > *best->value)
                best = &t;
        QCOMPARE(top.front(), qint64(best->runId));
        QSignalSpy compare(&panel, &StudiesPanel::compareRequested);
        panel.compareButton()->click();
        QCOMPARE(compare.size(), 1);
        QCOMPARE(compare[0][0].value<QList<qint64>>(), top);
        QSignalSpy again(&panel, &StudiesPanel::trainAgainRequested);
        QVERIFY(panel.trainAgainButton()->isEnabled());
        panel.trainAgainButton()->click();
        QCOMPARE(again.size(), 1);
        const auto config = nlohmann::json::parse(again[0][0].toString().toStdString());
        QCOMPARE(config["train"]["learningRate"].get<double>(),
                 nlohmann::json::parse(best->paramsJson)["lr"].get<double>());
        // Double-clicking a trial chooses its run.
        QSignalSpy chosen(&panel, &StudiesPanel::runChosen);
        const auto cell = panel.trialsTable()->model()->index(0, 0);
        const auto at = panel.trialsTable()->visualRect(cell).center();
        QTest::mouseClick(panel.trialsTable()->viewport(), Qt::LeftButton, {}, at);  // a view double-clicks what was pressed
        QTest::mouseDClick(panel.trialsTable()->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(chosen[0][0].toLongLong(), qint64(trials[0].runId));
    }

    void aStudyRunElsewhereIsShownWithItsBestAndPrunedTrials()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        // As lathe-cli leaves one: a maximised study with intermediate values and a pruned trial.
        StudyRecord s;
        s.name = "elsewhere";
        s.metric = "val/accuracy";
        s.direction = "maximize";
        s.sampler = "tpe";
        s.pruner = "median";
        s.spaceJson = R"({"lr": {"type": "float", "low": 0.001, "high": 0.01}})";
        const auto id = store.createStudy(s);
        const double values[] = {0.6, 0.8, 0.7};
        for (int n = 0; n < 4; ++n) {
            TrialRecord t;
            t.studyId = id;
            t.number = n;
            t.paramsJson = QStringLiteral(R"({"lr": %1})").arg(0.001 * (n + 1)).toStdString();
            const auto tid = store.createTrial(t);
            store.addTrialValue(tid, 10, n < 3 ? values[n] - 0.2 : 0.1);
            if (n < 3) {
                store.addTrialValue(tid, 20, values[n]);
                store.finishTrial(tid, "complete", values[n], 20, Message());
            } else {
                store.finishTrial(tid, "pruned", 0.1, 10, Message(LATHE_TR("Study", "pruned at step %1"), 10));
            }
        }
        store.finishStudy(id, "completed", Message());
        StudiesPanel panel;
        panel.resize(900, 800);
        panel.setStore(&store);
        QCOMPARE(panel.shownStudy(), id);
        QCOMPARE(panel.historyChart()->completePoints(), 3);
        QCOMPARE(panel.historyChart()->prunedPoints(), 1);
        // The best so far climbs 0.6 -> 0.8 and stays there to the last trial.
        const auto best = panel.historyChart()->bestLine();
        QCOMPARE(best.front(), QPointF(0, 0.6));
        QCOMPARE(best.back(), QPointF(3, 0.8));
        QCOMPARE(panel.intermediateChart()->curveCount(), 4);
        // The slice's axes span what the trials had (lr 0.001-0.003, values 0.6-0.8) with a little
        // room, not Qt's nice numbers past them.
        const auto* x = qobject_cast<QValueAxis*>(panel.sliceChart()->chart()->axes(Qt::Horizontal).value(0));
        const auto* y = qobject_cast<QValueAxis*>(panel.sliceChart()->chart()->axes(Qt::Vertical).value(0));
        QVERIFY(x && y);
        QVERIFY2(x->min() > 0.0009 && x->min() < 0.001 && x->max() > 0.003 && x->max() < 0.0031,
                 qPrintable(QStringLiteral("%1 .. %2").arg(x->min()).arg(x->max())));
        QVERIFY2(y->min() > 0.59 && y->min() < 0.6 && y->max() > 0.8 && y->max() < 0.81,
                 qPrintable(QStringLiteral("%1 .. %2").arg(y->min()).arg(y->max())));
        QVERIFY(!panel.trainAgainButton()->isEnabled());  // its trials trained no runs here
        const auto* model = panel.trialsModel();
        QCOMPARE(model->data(model->index(3, 1), Qt::DisplayRole).toString(), QStringLiteral("pruned"));
        QCOMPARE(model->data(model->index(3, 1), Qt::ToolTipRole).toString(), QStringLiteral("pruned at step 10"));
        // Sorting by value puts the best on top.
        panel.trialsTable()->sortByColumn(2, Qt::DescendingOrder);
        QCOMPARE(panel.trialsTable()->model()->index(0, 0).data().toLongLong(), qint64(1));
    }

    void stopEndsTheStudyAndItsRunningTrial()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        StudiesPanel panel;
        panel.setStore(&store);
        panel.setWorkerProgram(QStringLiteral(LATHE_CLI));
        panel.setFixedSettings([] { return lathe::test::quickConfig(1000000, 50); });
        QVERIFY(panel.startStudy());
        QTRY_VERIFY_WITH_TIMEOUT(!panel.trialsModel()->trials().empty() &&
                                     panel.trialsModel()->trials().front().runId > 0,
                                 60000);
        panel.stopStudy();
        QTRY_VERIFY_WITH_TIMEOUT(!panel.isRunning(), 60000);
        QCOMPARE(panel.statusText(), QStringLiteral("Study 1 stopped."));
        QCOMPARE(store.study(1)->status, std::string("stopped"));
        const auto trial = store.trials(1).at(0);
        QCOMPARE(trial.state, std::string("failed"));
        QCOMPARE(lathe::test::name(store.run(trial.runId)->status), lathe::test::name(RunStatus::Stopped));
    }

    void aStoppedStudyResumesFromThePanel()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        // A test-function study stopped after 5 of its 12 trials (as lathe-cli leaves one on Ctrl-C).
        study::StudySettings s;
        s.study.name = "branin";
        s.study.objective = "branin";
        s.study.sampler = "tpe";
        s.study.pruner = "none";
        s.study.maxTrials = 12;
        s.study.spaceJson = R"({"x1": {"type": "float", "low": -5, "high": 10},
                                "x2": {"type": "float", "low": 0, "high": 15}})";
        struct StopAfterFive : study::StudyListener {
            std::stop_source stop;
            int finished = 0;
            void onTrial(const TrialRecord& t) override
            {
                if (t.state != "running" && ++finished == 5)
                    stop.request_stop();
            }
        } listener;
        const auto first = study::runStudy(store, s, false, &listener, listener.stop.get_token());
        QCOMPARE(first.status, std::string("stopped"));
        StudiesPanel panel;
        panel.setStore(&store);
        QCOMPARE(panel.shownStudy(), first.studyId);
        QVERIFY(panel.resumeButton()->isEnabled());
        QVERIFY(!panel.trainAgainButton()->isEnabled());  // test-function trials train no runs
        panel.resumeButton()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!panel.isRunning(), 30000);
        QCOMPARE(store.study(first.studyId)->status, std::string("completed"));
        QCOMPARE(panel.trialsModel()->trials().size(), std::size_t(12));
        QCOMPARE(panel.historyChart()->completePoints(), 12);
        QVERIFY(!panel.resumeButton()->isEnabled());
        // Deleting it leaves the panel empty and the name free.
        QVERIFY(panel.deleteButton()->isEnabled());
        QVERIFY(panel.deleteShownStudy(false));
        QVERIFY(store.listStudies().empty());
        QCOMPARE(panel.shownStudy(), qint64(0));
        QCOMPARE(panel.trialsModel()->trials().size(), std::size_t(0));
        QVERIFY(!panel.deleteButton()->isEnabled());
    }

    void whatCannotStartSaysWhy()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        StudiesPanel panel;
        panel.setWorkerProgram(QStringLiteral(LATHE_CLI));
        QVERIFY(!panel.startStudy());
        QVERIFY2(panel.statusText().contains(QStringLiteral("database")), qPrintable(panel.statusText()));
        panel.setStore(&store);
        panel.setFixedSettings([] { return RunConfig(); });  // no dataset open
        QVERIFY(!panel.startStudy());
        QVERIFY2(panel.statusText().contains(QStringLiteral("dataset")), qPrintable(panel.statusText()));
        panel.setFixedSettings([] { return lathe::test::quickConfig(20); });
        panel.spaceEditor()->setRange(QStringLiteral("lr"), QStringLiteral("small"), QStringLiteral("0.01"));
        QVERIFY(!panel.startStudy());
        QVERIFY2(panel.statusText().contains(QStringLiteral("lr")), qPrintable(panel.statusText()));
        for (const char* name : {"lr", "width", "layers"})
            panel.spaceEditor()->setSearched(QString::fromLatin1(name), false);
        QVERIFY(!panel.startStudy());
        QVERIFY2(panel.statusText().contains(QStringLiteral("Tick")), qPrintable(panel.statusText()));
        // A setting the engine refuses comes back from the coordinator as its message.
        panel.spaceEditor()->setSearched(QStringLiteral("lr"), true);
        panel.spaceEditor()->setRange(QStringLiteral("lr"), QStringLiteral("0"), QStringLiteral("0.01"));
        QVERIFY(panel.startStudy());
        QTRY_VERIFY_WITH_TIMEOUT(!panel.isRunning(), 30000);
        QVERIFY2(panel.statusText().contains(QStringLiteral("log scale")), qPrintable(panel.statusText()));
        QVERIFY(store.listStudies().empty());
    }
};

QTEST_MAIN(TestStudiesPanel)
#include "tst_studiespanel.moc"
