#include "WidgetTestSupport.h"
#include "data/DataPanel.h"
#include "main/Language.h"
#include "compress/CompressPanel.h"
#include "main/MainWindow.h"
#include "training/TrainingPanel.h"

#include <QApplication>
#include <QPushButton>
#include <QDockWidget>
#include <QtTest>

using lathe::gui::TrainingPanel;

class TestLanguage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { lathe::test::isolateSettings(); }
    void englishNeedsNoTranslation()
    {
        QVERIFY(!lathe::gui::installTranslation(*QCoreApplication::instance(), QLocale(QLocale::English)));
        TrainingPanel panel;
        QCOMPARE(panel.findChild<QPushButton*>(QStringLiteral("startButton"))->text(), QStringLiteral("&Start Training"));
    }
    void simplifiedChineseIsCompiledIn()
    {
        QVERIFY(QFile::exists(QStringLiteral(":/i18n/lathe_zh_CN.qm")));
        QVERIFY(lathe::gui::installTranslation(*QCoreApplication::instance(), QLocale(QLocale::Chinese, QLocale::China)));
        TrainingPanel panel;
        QCOMPARE(panel.findChild<QPushButton*>(QStringLiteral("startButton"))->text(), QStringLiteral("开始训练(&S)"));
        QCOMPARE(QCoreApplication::translate("lathe::gui::DataPanel", "Dataset:"), QStringLiteral("数据集："));

        // The whole window in Chinese, for checking labels by eye (LATHE_SCREENSHOT_DIR).
        QTemporaryDir dir;
        lathe::gui::MainWindow window(dir.filePath(QStringLiteral("exp.db")));
        window.show();
        QSignalSpy changed(window.dataPanel(), &lathe::gui::DataPanel::datasetChanged);
        window.openDataset(QString::fromStdString(lathe::test::sourcePath("resources/sample/topics.csv")));
        QVERIFY(changed.wait(30'000));
        QVERIFY(window.dataPanel()->summaryText().contains(QStringLiteral("个样本")));
        lathe::test::screenshot(window, QStringLiteral("mainwindow_zh_CN"));
        // Every panel's tab and the Live charts, too: Chinese labels run wider than English.
        window.trainingPanel()->setSteps(20);
        window.trainingPanel()->setThreads(2);
        QSignalSpy finished(window.trainingPanel(), &lathe::gui::TrainingPanel::runFinished);
        window.trainingPanel()->startTraining();
        QVERIFY(finished.wait(120'000));
        QVERIFY(window.dock(QStringLiteral("liveDock"))->isVisible());
        lathe::test::screenshot(window, QStringLiteral("live_zh_CN"));
        window.dock(QStringLiteral("evaluationDock"))->raise();
        lathe::test::screenshot(window, QStringLiteral("evaluation_zh_CN"));
        // The Compression lab after a short sweep of that run.
        QCOMPARE(QCoreApplication::translate("lathe::gui::CompressPanel", "Start Sweep"), QStringLiteral("开始扫描"));
        auto* lab = window.compressPanel();
        QVERIFY(lab->setRun(finished.front().front().toLongLong()));
        lab->setValues(QStringLiteral("2, 8, 32"));
        QSignalSpy swept(lab, &lathe::gui::CompressPanel::sweepFinished);
        QVERIFY(lab->start());
        QVERIFY(swept.wait(120'000));
        QVERIFY2(lab->message().startsWith(QStringLiteral("扫描在")), qPrintable(lab->message()));
        window.dock(QStringLiteral("compressDock"))->raise();
        lathe::test::screenshot(window, QStringLiteral("compress_zh_CN"));
    }
};

QTEST_MAIN(TestLanguage)
#include "tst_language.moc"
