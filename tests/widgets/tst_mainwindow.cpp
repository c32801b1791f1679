#include "WidgetTestSupport.h"
#include "data/DataPanel.h"
#include "main/MainWindow.h"
#include "store/RunStore.h"
#include "training/TrainingPanel.h"
#include "training/TrainingSession.h"

#include <QLabel>
#include <QPushButton>
#include <QStatusBar>
#include <QtTest>

using namespace lathe;
using lathe::gui::MainWindow;


class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
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
        QSignalSpy finished(window.trainingPanel(), &gui::TrainingPanel::runFinished);
        QTest::mouseClick(start, Qt::LeftButton);
        QVERIFY(!start->isEnabled());
        QVERIFY(window.findChild<QPushButton*>(QStringLiteral("stopButton"))->isEnabled());
        QVERIFY(finished.wait(300'000));
        const auto result = window.trainingPanel()->resultText();
        QVERIFY2(result.contains(QStringLiteral("completed after 60 steps")), qPrintable(result));
        QVERIFY2(result.contains(QStringLiteral("Validation accuracy 0.")), qPrintable(result));
        QVERIFY(start->isEnabled());
        const auto runs = window.store()->listRuns();
        QCOMPARE(runs.size(), std::size_t(1));
        QCOMPARE(test::name(runs[0].status), test::name(RunStatus::Completed));
        test::screenshot(window, QStringLiteral("mainwindow"));
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

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
