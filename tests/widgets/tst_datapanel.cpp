#include "WidgetTestSupport.h"
#include "data/DataPanel.h"
#include "data/DatasetModel.h"
#include "data/DatasetProfileView.h"

#include <QTabWidget>
#include <QTableWidget>
#include <QtTest>
#include <QLabel>
#include <QTableView>

using namespace lathe;
using lathe::gui::DataPanel;
using lathe::gui::DatasetProfileView;

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
    void pairsAreReadAsSourcesAndTargets()
    {
        QTemporaryDir dir;
        DataPanel panel;
        QSignalSpy changed(&panel, &DataPanel::datasetChanged);
        // A text and a target column, no label: pairs, without being told.
        panel.openDataset(QString::fromStdString(test::sourcePath("resources/sample/numbers.csv")));
        QVERIFY(changed.wait(30'000));
        QVERIFY(panel.dataset()->paired());
        QCOMPARE(panel.loadedOptions().targetColumn, std::string("target"));
        QVERIFY2(panel.summaryText().startsWith(QStringLiteral("3,000 source–target pairs (text → target)")),
                 qPrintable(panel.summaryText()));
        auto* table = panel.findChild<QTableView*>();
        QCOMPARE(table->model()->headerData(lathe::gui::DatasetModel::Label, Qt::Horizontal).toString(), QStringLiteral("Target"));
        QCOMPARE(table->model()->headerData(lathe::gui::DatasetModel::Text, Qt::Horizontal).toString(), QStringLiteral("Source"));
        QCOMPARE(table->model()->index(0, lathe::gui::DatasetModel::Label).data().toString(), QStringLiteral("23"));
        QCOMPARE(table->model()->index(0, lathe::gui::DatasetModel::Text).data().toString(), QStringLiteral("twenty-three"));
        panel.resize(900, 500);
        panel.show();
        test::screenshot(panel, QStringLiteral("datapanel_pairs"));
        // Labelled data stays labelled; a target column named by hand reads pairs from any columns.
        panel.openDataset(test::sampleDataset());
        QVERIFY(changed.wait(30'000));
        QVERIFY(!panel.dataset()->paired() && panel.dataset()->labelled());
        const auto file = test::writeFile(dir, "g2p.tsv", "word\tphones\ncat\tk ae t\ndog\td ao g\n");
        panel.setReadOptions(QStringLiteral("auto"), QStringLiteral("word"), QStringLiteral("label"),
                             QStringLiteral("phones"));
        panel.openDataset(QString::fromStdString(file));
        QVERIFY(changed.wait(30'000));
        QCOMPARE(panel.dataset()->targets.at(1), std::string("d ao g"));
        // A missing target column is named.
        QSignalSpy failed(&panel, &DataPanel::loadFailed);
        panel.setReadOptions(QStringLiteral("auto"), QStringLiteral("word"), QStringLiteral("label"),
                             QStringLiteral("ipa"));
        panel.openDataset(QString::fromStdString(file));
        QVERIFY(failed.wait(30'000));
        QVERIFY2(panel.errorText().contains(QStringLiteral("ipa")), qPrintable(panel.errorText()));
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
    void profileShowsClassesLengthsSplitAndVocabulary();
    void formatAndColumnsCanBeChosen();
    void cancelKeepsThePreviousDataset();
    void missingFileIsReported()
    {
        DataPanel panel;
        QSignalSpy failed(&panel, &DataPanel::loadFailed);
        panel.openDataset(QStringLiteral("/nonexistent/data.csv"));
        QVERIFY(failed.wait(30'000));
        QVERIFY2(panel.errorText().contains(QStringLiteral("data.csv")), qPrintable(panel.errorText()));
    }
};

void TestDataPanel::profileShowsClassesLengthsSplitAndVocabulary()
{
    DataPanel panel;
    QSignalSpy profiled(panel.profileView(), &DatasetProfileView::profiled);
    panel.openDataset(test::sampleDataset());
    QVERIFY(profiled.wait(60'000));
    const auto& p = panel.profileView()->profile();
    QCOMPARE(p.classCounts.size(), 4);
    qint64 total = 0;
    for (const auto& c : p.classCounts)
        total += c.second;
    QCOMPARE(total, 2400);
    QCOMPARE(p.trainSize + p.validationSize + p.testSize, 2400);
    QCOMPARE(p.validationSize, 239);  // 10% per class, rounded per class
    QCOMPARE(p.sampled, 2400);
    qint64 histogram = 0;
    for (const auto c : p.lengthCounts)
        histogram += c;
    QCOMPARE(histogram, 2400);
    QVERIFY(p.medianLength > 3 && p.medianLength <= p.p95Length && p.p95Length <= p.maxLength);
    QCOMPARE(panel.profileView()->classBarCount(), 4);
    QCOMPARE(panel.profileView()->lengthBinCount(), int(p.lengthCounts.size()));
    QCOMPARE(p.topPieces.front().first, QStringLiteral("the"));  // English's commonest word
    QVERIFY(panel.profileView()->vocabularyTable()->rowCount() >= 20);
    QVERIFY2(panel.profileView()->summaryText().contains(QStringLiteral("239 validation")),
             qPrintable(panel.profileView()->summaryText()));

    // Characters give longer texts than words.
    const int wordMedian = p.medianLength;
    panel.profileView()->setTokenizer(QStringLiteral("char"));
    QVERIFY(profiled.wait(60'000));
    QVERIFY(panel.profileView()->profile().medianLength > 2 * wordMedian);
    panel.resize(1000, 700);
    panel.findChild<QTabWidget*>()->setCurrentIndex(1);
    test::screenshot(panel, QStringLiteral("data_profile"));
}

void TestDataPanel::formatAndColumnsCanBeChosen()
{
    QTemporaryDir dir;
    const auto path = test::writeFile(dir, "reviews.jsonl",
                                      "{\"body\": \"great film\", \"stars\": \"5\"}\n"
                                      "{\"body\": \"dull plot\", \"stars\": \"1\"}\n");
    DataPanel panel;
    QSignalSpy changed(&panel, &DataPanel::datasetChanged);
    QSignalSpy failed(&panel, &DataPanel::loadFailed);
    panel.openDataset(QString::fromStdString(path));
    QVERIFY(failed.wait(30'000));  // no "text" field
    panel.setReadOptions(QStringLiteral("jsonl"), QStringLiteral("body"), QStringLiteral("stars"));
    panel.openDataset(QString::fromStdString(path));
    QVERIFY(changed.wait(30'000));
    QCOMPARE(panel.dataset()->size(), std::size_t(2));
    QCOMPARE(panel.dataset()->classes, (std::vector<std::string>{"1", "5"}));

    // Forcing CSV on the bundled sample still works; forcing plain text makes it a corpus.
    panel.setReadOptions(QStringLiteral("text"), QStringLiteral("text"), QStringLiteral("label"));
    panel.openDataset(test::sampleDataset());
    QVERIFY(changed.wait(30'000));
    QVERIFY(!panel.dataset()->labelled());
}

void TestDataPanel::cancelKeepsThePreviousDataset()
{
    DataPanel panel;
    QSignalSpy changed(&panel, &DataPanel::datasetChanged);
    panel.openDataset(test::sampleDataset());
    QVERIFY(changed.wait(30'000));
    QTemporaryDir dir;
    QByteArray big = "text,label\n";
    for (int i = 0; i < 200'000; ++i)
        big += "some words that take a while to read,a\n";
    const auto path = test::writeFile(dir, "big.csv", big);
    panel.openDataset(QString::fromStdString(path));
    QVERIFY(panel.isLoading());
    panel.cancelLoading();
    QVERIFY(!panel.isLoading());
    QTest::qWait(300);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(panel.datasetPath(), test::sampleDataset());
    QVERIFY2(panel.errorText().contains(QStringLiteral("cancelled")), qPrintable(panel.errorText()));
}

QTEST_MAIN(TestDataPanel)
#include "tst_datapanel.moc"
