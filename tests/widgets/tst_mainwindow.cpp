#include "WidgetTestSupport.h"
#include "attention/AttentionPanel.h"
#include "charts/MetricChart.h"
#include "compare/ComparePanel.h"
#include "compress/CompressPanel.h"
#include "data/DataPanel.h"
#include "evaluation/EvaluationPanel.h"
#include "predictions/PredictionsModel.h"
#include "predictions/PredictionsPanel.h"
#include "projector/ProjectorPanel.h"
#include "live/LivePanel.h"
#include "main/MainWindow.h"
#include "main/QuitOnSignal.h"
#include "runs/RunsModel.h"
#include "runs/RunsPanel.h"
#include "store/RunStore.h"
#include "training/TrainingPanel.h"
#include "training/TrainingSession.h"

#include <QAbstractButton>
#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QStatusBar>
#include <QTimer>
#include <QLineEdit>
#include <QSpinBox>
#include "kernels/Threads.h"

#include <QtTest>

#include <csignal>
#include <unistd.h>

using namespace lathe;
using lathe::gui::MainWindow;


class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        test::isolateSettings();
    }
    void trainsTheBundledSampleFromTheButton()
    {
        QTemporaryDir dir;
        MainWindow window(dir.filePath(QStringLiteral("exp.db")));
        window.show();
        QVERIFY(window.storeError().isEmpty());
        auto* start = window.findChild<QPushButton*>(QStringLiteral("startButton"));
        QVERIFY(!start->isEnabled());  // nothing to train on yet

        QSignalSpy changed(window.dataPanel(), &gui::DataPanel::datasetChanged);
        window.openDataset(test::sampleDataset());
        QVERIFY(changed.wait(30'000));
        QVERIFY(start->isEnabled());

        window.trainingPanel()->setSteps(60);
        window.trainingPanel()->setThreads(2);
        // Start "the" from a pretrained vector as long as the model's width.
        const int width = window.findChild<QSpinBox*>(QStringLiteral("width"))->value();
        QByteArray vector("the");
        for (int i = 0; i < width; ++i)
            vector += " 0.01";
        const auto vectors = test::writeFile(dir, "vectors.txt", vector + '\n');
        window.findChild<QLineEdit*>(QStringLiteral("embeddingsPath"))->setText(QString::fromStdString(vectors));
        QSignalSpy finished(window.trainingPanel(), &gui::TrainingPanel::runFinished);
        QTest::mouseClick(start, Qt::LeftButton);
        QVERIFY(!start->isEnabled());
        QVERIFY(window.findChild<QPushButton*>(QStringLiteral("stopButton"))->isEnabled());
        QVERIFY(finished.wait(300'000));
        const auto result = window.trainingPanel()->resultText();
        QVERIFY2(result.contains(QStringLiteral("completed after 60 steps")), qPrintable(result));
        QVERIFY2(result.contains(QStringLiteral("Validation accuracy 0.")), qPrintable(result));
        QVERIFY2(result.contains(QStringLiteral("Word vectors initialized 1 of")), qPrintable(result));
        QVERIFY(start->isEnabled());
        const auto runs = window.store()->listRuns();
        QCOMPARE(runs.size(), std::size_t(1));
        QCOMPARE(test::name(runs[0].status), test::name(RunStatus::Completed));
        // The Live charts got the run's points and the Runs table lists it from the database.
        QCOMPARE(window.livePanel()->chart(QStringLiteral("loss"))->smoothedPoints(QStringLiteral("train/loss")).size(), 60);
        QCOMPARE(window.runsPanel()->model()->rowCount(), 1);
        QCOMPARE(window.runsPanel()->model()->index(0, gui::RunsModel::Status).data().toString(), QStringLiteral("completed"));
        window.dock(QStringLiteral("liveDock"))->raise();
        test::screenshot(window, QStringLiteral("mainwindow"));
    }
    // The new user's path: the first run on the bundled sample finishes and every inspection
    // panel shows it with no click in Runs; choosing another run anywhere moves them all.
    void aFinishedRunIsCurrentInEveryPanel()
    {
        QTemporaryDir dir;
        MainWindow window(dir.filePath(QStringLiteral("exp.db")));
        window.show();
        QSignalSpy changed(window.dataPanel(), &gui::DataPanel::datasetChanged);
        window.openDataset(test::sampleDataset());
        QVERIFY(changed.wait(30'000));
        QCOMPARE(window.currentRun(), 0);
        QCOMPARE(window.findChild<QLabel*>(QStringLiteral("currentRunLabel"))->text(), QStringLiteral("No current run"));
        window.trainingPanel()->setSteps(20);
        window.trainingPanel()->setThreads(2);
        QSignalSpy finished(window.trainingPanel(), &gui::TrainingPanel::runFinished);
        QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("startButton")), Qt::LeftButton);
        QVERIFY(finished.wait(300'000));
        const qint64 first = finished.takeFirst().first().toLongLong();
        QCOMPARE(window.currentRun(), first);
        QVERIFY(window.findChild<QLabel*>(QStringLiteral("currentRunLabel"))->text().startsWith(QStringLiteral("Current run: #%1").arg(first)));
        QCOMPARE(window.runsPanel()->selectedRuns(), QList<qint64>{first});

        // Attention: the run's checkpoint and validation examples, the first one computed; a typed text too.
        auto* attention = window.attentionPanel();
        QCOMPARE(attention->runId(), first);
        QVERIFY(!attention->timeline().isEmpty());
        QVERIFY(QTest::qWaitFor([&] { return attention->exampleCombo()->count() > 1; }, 30'000));
        QVERIFY(QTest::qWaitFor([&] { return !attention->isBusy() && attention->result().layers > 0; }, 30'000));
        const auto exampleTokens = attention->result().tokens;
        attention->showText(QStringLiteral("the oven was hot so the bread baked fast"));
        QVERIFY(QTest::qWaitFor([&] { return !attention->isBusy() && attention->result().tokens != exampleTokens; }, 30'000));
        // Predictions, Evaluation, Projector (a PCA map at once) and Compress show it too.
        auto* predictions = window.predictionsPanel();
        QCOMPARE(predictions->runId(), first);
        QVERIFY2(QTest::qWaitFor([&] { return predictions->model()->rowCount() > 0; }, 60'000),
                 qPrintable(predictions->message()));
        QCOMPARE(window.evaluationPanel()->runId(), first);
        QVERIFY(window.evaluationPanel()->message().isEmpty());
        QCOMPARE(window.projectorPanel()->runId(), first);
        QVERIFY2(QTest::qWaitFor([&] { return !window.projectorPanel()->isBusy() && window.projectorPanel()->pointCount() > 0; }, 60'000),
                 qPrintable(window.projectorPanel()->message()));
        QCOMPARE(window.compressPanel()->runId(), first);
        window.dock(QStringLiteral("projectorDock"))->raise();
        test::screenshot(window, QStringLiteral("mainwindow_current_run_projector"));
        window.dock(QStringLiteral("predictionsDock"))->raise();
        test::screenshot(window, QStringLiteral("mainwindow_current_run_predictions"));
        window.dock(QStringLiteral("attentionDock"))->raise();
        test::screenshot(window, QStringLiteral("mainwindow_current_run"));

        // A second run (a BiLSTM) becomes current when it finishes; Attention says why it cannot show it.
        auto* family = window.findChild<QComboBox*>(QStringLiteral("familyCombo"));
        family->setCurrentIndex(family->findData(QStringLiteral("bilstm")));
        window.trainingPanel()->setSteps(10);
        QTest::mouseClick(window.findChild<QPushButton*>(QStringLiteral("startButton")), Qt::LeftButton);
        QVERIFY(finished.wait(300'000));
        const qint64 second = finished.takeFirst().first().toLongLong();
        QCOMPARE(window.currentRun(), second);
        QCOMPARE(predictions->runId(), second);
        QCOMPARE(window.evaluationPanel()->runId(), second);
        QVERIFY2(attention->message().contains(QStringLiteral("pick a Transformer, GPT, masked LM or encoder–decoder run")), qPrintable(attention->message()));

        // Choosing the first run in Attention's own run box moves every panel back to it.
        QSignalSpy current(&window, &MainWindow::currentRunChanged);
        auto* attentionRuns = attention->findChild<QComboBox*>(QStringLiteral("attentionRun"));
        QVERIFY(attentionRuns);
        attentionRuns->setCurrentIndex(attentionRuns->findData(QVariant::fromValue<qint64>(first)));
        Q_EMIT attentionRuns->activated(attentionRuns->currentIndex());
        QCOMPARE(current.size(), 1);
        QCOMPARE(window.currentRun(), first);
        // Predictions finishes the second run's pass first, then computes the first run's.
        QTRY_COMPARE_WITH_TIMEOUT(predictions->runId(), first, 60'000);
        QCOMPARE(window.evaluationPanel()->runId(), first);
        QCOMPARE(window.compressPanel()->runId(), first);
        QCOMPARE(window.runsPanel()->selectedRuns(), QList<qint64>{first});

        // Inspect in Compare, and a single selection in Runs, do the same.
        window.comparePanel()->setRuns({first, second});
        auto* configRun = window.comparePanel()->findChild<QComboBox*>(QStringLiteral("compareConfigRun"));
        QVERIFY(configRun);
        configRun->setCurrentIndex(configRun->findData(QVariant::fromValue<qint64>(second)));
        QTest::mouseClick(window.comparePanel()->findChild<QPushButton*>(QStringLiteral("inspectButton")), Qt::LeftButton);
        QCOMPARE(window.currentRun(), second);
        QCOMPARE(window.projectorPanel()->runId(), second);
        window.runsPanel()->selectRuns({first});
        QCOMPARE(window.currentRun(), first);
        QTRY_COMPARE_WITH_TIMEOUT(predictions->runId(), first, 60'000);
        // Selecting several runs (to compare them) leaves the current run alone.
        window.runsPanel()->selectRuns({first, second});
        QCOMPARE(window.currentRun(), first);
        QVERIFY(QTest::qWaitFor([&] { return !attention->isBusy() && !predictions->isBusy() && !window.projectorPanel()->isBusy(); }, 60'000));
    }
    void pauseResumeStopAndResumeFromTheRunsPanel()
    {
        QTemporaryDir dir;
        MainWindow window(dir.filePath(QStringLiteral("exp.db")));
        QSignalSpy changed(window.dataPanel(), &gui::DataPanel::datasetChanged);
        window.openDataset(test::sampleDataset());
        QVERIFY(changed.wait(30'000));
        window.trainingPanel()->setSteps(100'000);
        window.trainingPanel()->setThreads(1);
        auto* session = window.trainingPanel()->session();
        QSignalSpy progressed(session, &gui::TrainingSession::progressed);
        QSignalSpy finished(session, &gui::TrainingSession::finished);
        window.trainingPanel()->startTraining();
        QVERIFY(progressed.wait(60'000));
        window.trainingPanel()->togglePause();
        QVERIFY(session->isPaused());
        QTest::qWait(300);
        const auto pausedAt = window.livePanel()->chart(QStringLiteral("loss"))->smoothedPoints(QStringLiteral("train/loss")).size();
        QTest::qWait(500);
        // At most the step in flight when Pause was pressed lands afterwards.
        QVERIFY(window.livePanel()->chart(QStringLiteral("loss"))->smoothedPoints(QStringLiteral("train/loss")).size() <= pausedAt + 1);
        window.trainingPanel()->togglePause();
        QVERIFY(!session->isPaused());
        window.trainingPanel()->stopTraining();
        QVERIFY(finished.wait(60'000));
        const auto runId = session->outcome().runId;
        QCOMPARE(test::name(window.store()->run(runId)->status), test::name(RunStatus::Stopped));
        QCOMPARE(window.runsPanel()->model()->index(0, gui::RunsModel::Status).data().toString(), QStringLiteral("stopped"));

        // Resume from the Runs panel continues the same run from its checkpoint.
        window.runsPanel()->selectRuns({runId});
        QSignalSpy progressedAgain(session, &gui::TrainingSession::progressed);
        Q_EMIT window.runsPanel()->resumeRequested(runId);
        QVERIFY(session->isRunning());
        QVERIFY(progressedAgain.wait(60'000));
        QCOMPARE(session->runId(), runId);
        window.trainingPanel()->stopTraining();
        QVERIFY(finished.wait(60'000));
        QCOMPARE(window.store()->listRuns().size(), std::size_t(1));
    }
    void closingTheWindowWhileTrainingStopsTheRunWithACheckpoint()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("exp.db"));
        qint64 runId = 0;
        {
            auto window = std::make_unique<MainWindow>(db);
            window->show();
            QSignalSpy changed(window->dataPanel(), &gui::DataPanel::datasetChanged);
            window->openDataset(test::sampleDataset());
            QVERIFY(changed.wait(30'000));
            window->trainingPanel()->setSteps(100'000);
            window->trainingPanel()->setThreads(1);
            auto* session = window->trainingPanel()->session();
            QSignalSpy progressed(session, &gui::TrainingSession::progressed);
            window->trainingPanel()->startTraining();
            QVERIFY(progressed.wait(60'000));
            runId = session->runId();
            // The window asks first; the user answers Yes.
            bool asked = false;
            QTimer::singleShot(200, [&asked] {
                if (auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget())) {
                    asked = true;
                    box->button(QMessageBox::Yes)->click();
                }
            });
            QVERIFY(window->close());
            QVERIFY(asked);
            window.reset();  // the workbench quits
        }
        RunStore store(db.toStdString());
        const auto run = store.run(runId);
        QVERIFY(run);
        QCOMPARE(test::name(run->status), test::name(RunStatus::Stopped));
        const auto timeline = store.checkpointTimeline(runId);
        QVERIFY(!timeline.empty());
        QCOMPARE(timeline.back().first, run->steps);
    }
    void sigtermWhileTrainingStopsTheRunWithACheckpoint()
    {
        // A logout or `kill` sends SIGTERM: the event loop ends as if the window closed.
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("exp.db"));
        qint64 runId = 0;
        {
            // In main()'s order: QuitOnSignal's waiter starts before the window's threads.
            gui::QuitOnSignal quitOnSignal;
            auto window = std::make_unique<MainWindow>(db);
            QSignalSpy signalled(&quitOnSignal, &gui::QuitOnSignal::signalled);
            QSignalSpy changed(window->dataPanel(), &gui::DataPanel::datasetChanged);
            window->openDataset(test::sampleDataset());
            QVERIFY(changed.wait(30'000));
            window->trainingPanel()->setSteps(100'000);
            window->trainingPanel()->setThreads(1);
            auto* session = window->trainingPanel()->session();
            QSignalSpy progressed(session, &gui::TrainingSession::progressed);
            window->trainingPanel()->startTraining();
            QVERIFY(progressed.wait(60'000));
            runId = session->runId();
            ::kill(::getpid(), SIGTERM);  // process-directed, as `kill` sends it
            QVERIFY(signalled.wait(10'000));
            QCOMPARE(signalled.front().front().toInt(), int(SIGTERM));
            window.reset();  // what follows app.exec() returning in main()
        }
        RunStore store(db.toStdString());
        const auto run = store.run(runId);
        QCOMPARE(test::name(run->status), test::name(RunStatus::Stopped));
        QCOMPARE(store.checkpointTimeline(runId).back().first, run->steps);
    }
    void layoutThreadsAndRecentDatasetsPersist()
    {
        QTemporaryDir dir;
        {
            MainWindow window(dir.filePath(QStringLiteral("exp.db")));
            for (const auto* name : {"dataDock", "trainingDock", "liveDock", "runsDock", "compressDock"})
                QVERIFY2(window.dock(QLatin1String(name)), name);
            window.show();
            QSignalSpy changed(window.dataPanel(), &gui::DataPanel::datasetChanged);
            window.openDataset(test::sampleDataset());
            QVERIFY(changed.wait(30'000));
            window.trainingPanel()->setThreads(3);
            window.dock(QStringLiteral("runsDock"))->hide();
            window.close();
        }
        MainWindow window(dir.filePath(QStringLiteral("exp.db")));
        QCOMPARE(window.trainingPanel()->threads(), 3);
        QVERIFY(window.dock(QStringLiteral("runsDock"))->isHidden());
        QCOMPARE(window.recentDatasets().value(0), QFileInfo(test::sampleDataset()).absoluteFilePath());
        QCOMPARE(QSettings().value(QStringLiteral("data/last")).toString(), QFileInfo(test::sampleDataset()).absoluteFilePath());
    }
    void droppingAFileOpensIt()
    {
        QTemporaryDir dir;
        MainWindow window(dir.filePath(QStringLiteral("exp.db")));
        window.show();
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(test::sampleDataset())});
        QSignalSpy changed(window.dataPanel(), &gui::DataPanel::datasetChanged);
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(&window, &drop);
        QVERIFY(changed.wait(30'000));
        QCOMPARE(window.dataPanel()->datasetPath(), test::sampleDataset());
    }
    void statusBarShowsTheThreadsTrainingWillUse()
    {
        QTemporaryDir dir;
        MainWindow window(dir.filePath(QStringLiteral("exp.db")));
        const auto shows = [&window](const QString& text) {
            const auto labels = window.statusBar()->findChildren<QLabel*>();
            return std::any_of(labels.begin(), labels.end(), [&](QLabel* l) { return l->text() == text; });
        };
        window.trainingPanel()->setThreads(1);
        QVERIFY(shows(QStringLiteral("Threads: 1")));
        window.trainingPanel()->setThreads(3);
        QVERIFY(shows(QStringLiteral("Threads: 3")));
        QVERIFY(!shows(QStringLiteral("Threads: 1")));
        // 0 is Auto: the engine picks by timing steps, up to the cores this process may use.
        window.trainingPanel()->setThreads(0);
        QVERIFY(shows(QStringLiteral("Threads: auto (up to %1)").arg(kernels::availableCores())));
    }
    void unreadableDatabaseDisablesTrainingButKeepsData()
    {
        QTemporaryDir dir;
        const auto db = test::writeFile(dir, "exp.db", QByteArray("this is not an SQLite database at all, "
                                                                  "but it is long enough to look like one").repeated(200));
        const auto before = QFile(QString::fromStdString(db)).size();
        MainWindow window(QString::fromStdString(db));
        QVERIFY(!window.storeError().isEmpty());
        QVERIFY(!window.store());
        QSignalSpy changed(window.dataPanel(), &gui::DataPanel::datasetChanged);
        window.openDataset(test::sampleDataset());
        QVERIFY(changed.wait(30'000));
        QVERIFY(!window.findChild<QPushButton*>(QStringLiteral("startButton"))->isEnabled());
        QCOMPARE(QFile(QString::fromStdString(db)).size(), before);  // never overwritten
    }
};

// QTEST_MAIN, with the workbench main()'s first line: the signals QuitOnSignal takes are blocked
// before QApplication and qExec start any thread (Qt Test's watchdog among them), so every
// thread inherits them blocked and only QuitOnSignal's waiter takes a process-directed SIGTERM.
// Under TSan a signal handed to the watchdog, parked in a wait TSan does not see, was never
// handled in time (docs/sanitizers.md).
int main(int argc, char** argv)
{
    lathe::gui::QuitOnSignal::blockSignalsInThisThread();
    QApplication app(argc, argv);
    app.setAttribute(Qt::AA_Use96Dpi, true);
    TestMainWindow test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}
#include "tst_mainwindow.moc"
