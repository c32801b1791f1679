#include "WidgetTestSupport.h"
#include "data/DataPanel.h"
#include "main/MainWindow.h"
#include "store/RunStore.h"
#include "training/TrainingPanel.h"
#include "training/TrainingSession.h"

#include <QPushButton>
#include <QtTest>

using namespace lathe;
using lathe::gui::MainWindow;

namespace {
// Saves a picture of `w` when LATHE_SCREENSHOT_DIR is set, for looking at the real thing.
void screenshot(QWidget& w, const char* name)
{
    const auto dir = qEnvironmentVariable("LATHE_SCREENSHOT_DIR");
    QTest::qWait(100);  // let deferred layout requests settle first
    if (!dir.isEmpty())
        w.grab().save(dir + QLatin1Char('/') + QLatin1String(name) + QStringLiteral(".png"));
}
}  // namespace

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
        screenshot(window, "mainwindow");
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
