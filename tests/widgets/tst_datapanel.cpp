#include "WidgetTestSupport.h"
#include "data/DataPanel.h"

#include <QtTest>
#include <QLabel>
#include <QTableView>

using namespace lathe;
using lathe::gui::DataPanel;

class TestDataPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates)); }
    void opensTheBundledSample()
    {
        DataPanel panel;
        QSignalSpy changed(&panel, &DataPanel::datasetChanged);
        panel.openDataset(test::sampleDataset());
        QVERIFY(panel.isLoading());
        QVERIFY(changed.wait(30'000));
        QVERIFY(!panel.isLoading());
        QCOMPARE(panel.datasetPath(), test::sampleDataset());
        QCOMPARE(panel.dataset()->size(), std::size_t(2400));
        auto* table = panel.findChild<QTableView*>();
        QCOMPARE(table->model()->rowCount(), 2400);
        QVERIFY2(panel.summaryText().startsWith(QStringLiteral("2,400 examples in 4 classes: computing 601 · cooking 604")),
                 qPrintable(panel.summaryText()));
    }
    void badFileShowsWhereAndKeepsThePreviousDataset()
    {
        QTemporaryDir dir;
        const auto good = test::writeFile(dir, "good.csv", "text,label\na,x\nb,y\n");
        const auto bad = test::writeFile(dir, "bad.csv", "text,label\na,x\nb,y,extra\n");
        DataPanel panel;
        QSignalSpy changed(&panel, &DataPanel::datasetChanged);
        QSignalSpy failed(&panel, &DataPanel::loadFailed);
        panel.openDataset(QString::fromStdString(good));
        QVERIFY(changed.wait(30'000));
        panel.openDataset(QString::fromStdString(bad));
        QVERIFY(failed.wait(30'000));
        QVERIFY2(panel.errorText().contains(QStringLiteral("bad.csv:3: this row has 3 fields but the header has 2")),
                 qPrintable(panel.errorText()));
        QCOMPARE(panel.datasetPath(), QString::fromStdString(good));
        QCOMPARE(panel.findChild<QTableView*>()->model()->rowCount(), 2);
        panel.resize(700, 400);
        panel.show();
        test::screenshot(panel, QStringLiteral("datapanel_error"));
        // A good file afterwards clears the message.
        panel.openDataset(QString::fromStdString(good));
        QVERIFY(changed.wait(30'000));
        QVERIFY(panel.errorText().isEmpty());
    }
    void corpusIsSummarisedAsLines()
    {
        DataPanel panel;
        QSignalSpy changed(&panel, &DataPanel::datasetChanged);
        panel.openDataset(QString::fromStdString(test::sourcePath("resources/sample/stories.txt")));
        QVERIFY(changed.wait(30'000));
        QVERIFY(!panel.dataset()->labelled());
        QVERIFY(panel.dataset()->size() > 100);
    }
    void missingFileIsReported()
    {
        DataPanel panel;
        QSignalSpy failed(&panel, &DataPanel::loadFailed);
        panel.openDataset(QStringLiteral("/nonexistent/data.csv"));
        QVERIFY(failed.wait(30'000));
        QVERIFY2(panel.errorText().contains(QStringLiteral("data.csv")), qPrintable(panel.errorText()));
    }
};

QTEST_MAIN(TestDataPanel)
#include "tst_datapanel.moc"
