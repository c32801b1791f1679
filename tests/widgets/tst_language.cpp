#include "WidgetTestSupport.h"
#include "data/DataPanel.h"
#include "main/Language.h"
#include "compress/CompressPanel.h"
#include "main/MainWindow.h"
#include "training/TrainingForm.h"
#include "training/TrainingPanel.h"
#include "common/CoreText.h"
#include "model/ModelSize.h"
#include "train/RunConfig.h"
#include "runs/RunsModel.h"
#include "store/RunStore.h"

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
    // update_translations leaves new strings "unfinished"; none may ship that way.
    void everyStringHasItsChineseTranslation()
    {
        QFile ts(QString::fromStdString(lathe::test::sourcePath("translations/lathe_zh_CN.ts")));
        QVERIFY(ts.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(ts.readAll());
        QVERIFY(text.count(QStringLiteral("<message>")) > 300);
        QCOMPARE(text.count(QStringLiteral("type=\"unfinished\"")), 0);
        // Core's contexts are there: lupdate scans core/ for LATHE_TR.
        for (const char* context : {"Data", "Settings", "Training", "Checkpoint", "Store", "Compress", "Inspect", "Model"})
            QVERIFY2(text.contains(QStringLiteral("<name>%1</name>").arg(QLatin1String(context))), context);
    }
    // Core's messages (validation, load errors, the memory check) reach the Chinese UI in
    // Chinese, with their file names and numbers in place; English stays as it was.
    void coreMessagesAppearInChinese()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("one-class.csv"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("text,label\nthe oven was hot,cooking\nthe pan was warm,cooking\n");
        f.close();
        lathe::gui::DataPanel panel;
        QSignalSpy failed(&panel, &lathe::gui::DataPanel::loadFailed);
        panel.openDataset(path);
        QVERIFY(failed.wait(30'000));
        const QString shown = panel.errorText();
        QVERIFY2(shown.contains(QStringLiteral("分类器至少需要两个类别")), qPrintable(shown));
        QVERIFY2(shown.contains(path) && shown.contains(QStringLiteral("'cooking'")), qPrintable(shown));
        QVERIFY2(!shown.contains(QStringLiteral("classifier")), qPrintable(shown));
        panel.resize(640, 220);
        lathe::test::screenshot(panel, QStringLiteral("data_error_zh_CN"));

        lathe::RunConfig c;
        c.train.learningRate = 0;
        c.model.dropout = 1.5;
        QCOMPARE(lathe::coreText(lathe::joinLines(c.problems())),
                 QStringLiteral("dropout 必须在 [0, 1) 之内\n学习率必须为正数"));
        QCOMPARE(c.validate(), std::string("dropout must be in [0, 1)\nthe learning rate must be positive"));

        lathe::RunConfig huge;
        huge.model.width = 100'000'000;
        huge.model.heads = 4;
        const auto memory = lathe::coreText(lathe::memoryProblem(huge, 16LL << 30));
        QVERIFY2(memory.startsWith(QStringLiteral("模型放不进内存")) && memory.contains(QStringLiteral("16 GB")),
                 qPrintable(memory));
        // The Model & Training form says it where Start would be pressed.
        lathe::gui::TrainingForm form;
        form.setLabelled(true, 4);
        lathe::RunConfig odd = form.config();
        odd.model.width = 64;
        odd.model.heads = 3;
        form.setConfig(odd);
        QCOMPARE(form.problems(), QStringLiteral("宽度 64 必须是头数 3 的正整数倍"));
        form.resize(560, 900);
        lathe::test::screenshot(form, QStringLiteral("trainingform_problem_zh_CN"));
    }
    // A run's stored message (its template and arguments, schema v4) reads in Chinese in the
    // Runs table's status tooltip, with its step number in place; the database keeps English.
    void aStoredRunMessageReadsInChineseInTheRunsTable()
    {
        QVERIFY(lathe::gui::installTranslation(*QCoreApplication::instance(), QLocale(QLocale::Chinese, QLocale::China)));
        QTemporaryDir dir;
        lathe::RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        lathe::RunRecord r;
        r.name = "stopped";
        r.model = "transformer";
        r.kind = "classifier";
        r.status = lathe::RunStatus::Running;
        const auto id = store.createRun(r);
        store.finishRun(id, lathe::RunStatus::Stopped,
                        lathe::Message(LATHE_TR("Training", "stopped by the user at step %1"), 9), "{}", 9);
        QCOMPARE(store.run(id)->message.english(), std::string("stopped by the user at step 9"));
        lathe::gui::RunsModel model;
        model.reload(store);
        QCOMPARE(model.rowCount(), 1);
        const auto tip = model.data(model.index(0, lathe::gui::RunsModel::Status), Qt::ToolTipRole).toString();
        QCOMPARE(tip, QStringLiteral("在第 9 步被用户停止"));
    }
};

QTEST_MAIN(TestLanguage)
#include "tst_language.moc"
