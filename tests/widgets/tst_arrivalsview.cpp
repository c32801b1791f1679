#include "SampleRows.h"
#include "WidgetTestSupport.h"
#include "data/ArrivalsView.h"
#include "data/DataPanel.h"
#include "store/RunStore.h"
#include "training/TrainingSession.h"

#include <QLabel>
#include <QTabWidget>
#include <QTreeWidget>
#include <QtTest>

using namespace lathe;
using namespace lathe::gui;

using lathe::test::appendTo;
using lathe::test::sampleCsv;

class TestArrivalsView : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::isolateSettings(); }
    void listsRowsAppendedWhileTheRunFollowsTheFile()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("s.csv"));
        QVERIFY(appendTo(data, sampleCsv(0, 300)));
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        TrainingSession session;
        DataPanel panel;
        panel.arrivalsView()->setSession(&session);
        panel.resize(900, 500);
        panel.show();
        auto* view = panel.arrivalsView();
        QVERIFY(view->summaryText().contains(QStringLiteral("Follow the file")));  // what to do to use it
        QCOMPARE(view->rowCount(), 0);

        const auto config = test::quickFollowConfig(data.toStdString(), 2);
        QSignalSpy finished(&session, &TrainingSession::finished);
        QVERIFY(session.start(config, &store));
        // Its first epoch evaluated: the run now waits for rows.
        QTRY_VERIFY_WITH_TIMEOUT(session.series().contains(QStringLiteral("val/loss")), 120000);
        QVERIFY(appendTo(data, sampleCsv(300, 120, {}) + "Shares rallied as the central bank held rates,finance\n"));
        QTRY_COMPARE_WITH_TIMEOUT(view->rowCount(), 1, 60000);
        auto* item = view->table()->topLevelItem(0);
        QCOMPARE(item->text(ArrivalsView::Rows), QStringLiteral("121"));
        QVERIFY2(item->text(ArrivalsView::From).contains(QStringLiteral("s.csv, lines 302–422")),
                 qPrintable(item->text(ArrivalsView::From)));
        QCOMPARE(item->text(ArrivalsView::NewLabels), QStringLiteral("finance"));
        QVERIFY(item->toolTip(ArrivalsView::NewLabels).contains(QStringLiteral("not trained on")));
        QVERIFY2(view->summaryText().contains(QStringLiteral("121 rows arrived")), qPrintable(view->summaryText()));
        QVERIFY(view->summaryText().contains(QStringLiteral("(finance)")));
        auto* tabs = panel.findChild<QTabWidget*>(QStringLiteral("dataTabs"));
        tabs->setCurrentWidget(view);
        QCOMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("Arrivals (121)"));
        test::screenshot(panel, QStringLiteral("data_arrivals"));
        QVERIFY(finished.wait(120000));  // idle for 2 s: the run ends
        QCOMPARE(test::name(session.outcome().status), test::name(RunStatus::Completed));

        // The next followed run starts a list of its own (the file it starts from holds them all).
        QVERIFY(session.start(config, &store));
        QTRY_VERIFY_WITH_TIMEOUT(view->summaryText().contains(QStringLiteral("nothing has arrived yet")), 60000);
        QCOMPARE(view->rowCount(), 0);
        QCOMPARE(tabs->tabText(tabs->currentIndex()), QStringLiteral("Arrivals"));
        QVERIFY(finished.wait(120000));
    }
};

QTEST_MAIN(TestArrivalsView)
#include "tst_arrivalsview.moc"
