#include "TestFiles.h"
#include "data/DataError.h"
#include "data/TextDataset.h"
#include "util/PeakMemory.h"

#include <QtTest>

#include <filesystem>

using namespace lathe;
using lathe::test::writeFile;

namespace {
// A CSV of `rows` rows, labels cycling through "10", "9", "2" (integers sort as numbers).
std::string manyRows(int rows)
{
    std::string csv = "text,label\n";
    const char* labels[] = {"10", "9", "2"};
    for (int i = 0; i < rows; ++i)
        csv += "row " + std::to_string(i) + " of the large file with a few more words," + labels[i % 3] + "\n";
    return csv;
}

struct RecordingListener : LoadListener {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> calls;
    bool cancelAfterFirst = false;
    void progress(std::uint64_t done, std::uint64_t total) override { calls.emplace_back(done, total); }
    bool cancelRequested() const override { return cancelAfterFirst && !calls.empty(); }
};
}  // namespace

class TestCsvLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsQuotedFieldsWithNewlines()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "d.csv", "id,text,label\n1,\"hello, \"\"world\"\"\nsecond line\",pos\n"
                                                  "2,plain,neg\n3,\"中文 文本\",pos\n");
        const auto ds = loadDataset(path);
        QCOMPARE(ds.size(), std::size_t(3));
        QCOMPARE(ds.texts[0], std::string("hello, \"world\"\nsecond line"));
        QCOMPARE(ds.texts[2], std::string("中文 文本"));
        QCOMPARE(ds.classes, (std::vector<std::string>{"neg", "pos"}));
        QCOMPARE(ds.labels, (std::vector<int>{1, 0, 1}));
    }
    void choosesColumnsByName()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "d.csv", "sentence,topic\na,x\nb,y\n");
        LoadOptions o;
        o.textColumn = "sentence";
        o.labelColumn = "topic";
        QCOMPARE(loadDataset(path, o).texts[1], std::string("b"));
    }
    void loadsTsvAndCrlf()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "d.tsv", "text\tlabel\r\nx, y\ta\r\nz\tb\r\n");
        const auto ds = loadDataset(path);
        QCOMPARE(lathe::test::name(ds.format), lathe::test::name(DataFormat::Tsv));
        QCOMPARE(ds.texts[0], std::string("x, y"));
    }
    void integerLabelsSortNumerically()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "d.csv", "text,label\na,10\nb,9\nc,2\n");
        QCOMPARE(loadDataset(path).classes, (std::vector<std::string>{"2", "9", "10"}));
    }
    void replacesInvalidUtf8WhenAsked()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "d.csv", "text,label\ncaf\xE9,a\nok,b\n");
        LoadOptions o;
        o.replaceInvalidUtf8 = true;
        const auto ds = loadDataset(path, o);
        QCOMPARE(ds.replacedInvalidUtf8, std::size_t(1));
        QCOMPARE(ds.texts[0], std::string("caf\xEF\xBF\xBD"));
    }
    void reportsProgressUpToTheFileSizeAndCanBeCancelled()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "large.csv", QByteArray::fromStdString(manyRows(200'000)));
        const auto size = std::filesystem::file_size(path);
        RecordingListener listener;
        const auto ds = loadDataset(path, {}, &listener);
        QCOMPARE(ds.size(), std::size_t{200'000});
        QVERIFY2(listener.calls.size() >= 5, "progress is reported while the file is read");
        for (std::size_t i = 1; i < listener.calls.size(); ++i)
            QVERIFY(listener.calls[i].first >= listener.calls[i - 1].first);
        QCOMPARE(listener.calls.back().first, std::uint64_t(size));
        QCOMPARE(listener.calls.back().second, std::uint64_t(size));

        RecordingListener cancelling;
        cancelling.cancelAfterFirst = true;
        QVERIFY_THROWS_EXCEPTION(Cancelled, loadDataset(path, {}, &cancelling));
        QCOMPARE(cancelling.calls.size(), std::size_t{1});
    }
    void manyRowsKeepTheirClassesInBoundedMemory()
    {
        QTemporaryDir dir;
        const int rows = 600'000;
        const auto path = writeFile(dir, "large.csv", QByteArray::fromStdString(manyRows(rows)));
        const auto fileBytes = static_cast<double>(std::filesystem::file_size(path));
        TextDataset ds;
        std::int64_t rise = 0;
        {
            PeakMemoryProbe probe;
            ds = loadDataset(path);
            rise = probe.riseBytes();
            if (!probe.available())
                QWARN("no /proc/self/clear_refs here: the memory bound is not checked");
        }
        QCOMPARE(ds.size(), std::size_t(rows));
        QCOMPARE(ds.classes, (std::vector<std::string>{"2", "9", "10"}));
        QCOMPARE(ds.labels[0], 2);  // "10"
        QCOMPARE(ds.labels[1], 1);  // "9"
        QCOMPARE(ds.labels[rows - 1], 0);  // row 599999 is "2"
        QCOMPARE(ds.texts[rows - 1], std::string("row 599999 of the large file with a few more words"));
        // The texts themselves, their string headers and a label id a row, with the vector's
        // growth: about 2x the file. Holding the file, or a string a row more, breaks 3x.
        if (rise > 0)
            QVERIFY2(double(rise) < 3.0 * fileBytes,
                     qPrintable(QStringLiteral("peak rose %1 MB for a %2 MB file").arg(rise / 1e6).arg(fileBytes / 1e6)));
    }
    void loadsParallelPairs()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "pairs.csv", "words,digits,note\n\"three hundred and five\",305,x\n"
                                                      "\"twelve\",12,\n\"二十\",20,y\n");
        LoadOptions o;
        o.textColumn = "words";
        o.targetColumn = "digits";
        const auto ds = loadDataset(path, o);
        QVERIFY(ds.paired());
        QVERIFY(!ds.labelled());
        QCOMPARE(ds.texts, (std::vector<std::string>{"three hundred and five", "twelve", "二十"}));
        QCOMPARE(ds.targets, (std::vector<std::string>{"305", "12", "20"}));
        // Without a target column the same file is not read as pairs.
        o.targetColumn.clear();
        o.requireLabels = false;
        QVERIFY(!loadDataset(path, o).paired());
    }
    void reportsMalformedPairs_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty target") << QByteArray("src,tgt\na,b\nc,\n")
                                      << "pairs.csv:3: the tgt side of this pair is empty";
        QTest::newRow("empty source") << QByteArray("src,tgt\na,b\n,d\n")
                                      << "pairs.csv:3: the src side of this pair is empty";
        QTest::newRow("ragged row") << QByteArray("src,tgt\na,b\nc\n") << "pairs.csv:3: this row has 1 fields";
        QTest::newRow("no target column") << QByteArray("src,label\na,b\n")
                                          << "pairs.csv:1: no column named 'tgt' (the header has: src, label)";
        QTest::newRow("bad utf-8 in target") << QByteArray("src,tgt\na,b\nc,caf\xE9\n")
                                             << "pairs.csv:3: invalid UTF-8 byte 0xE9";
        QTest::newRow("header only") << QByteArray("src,tgt\n") << "pairs.csv: no examples found";
    }
    void refusesOneColumnAsBothSides()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "pairs.csv", "src,tgt\na,b\n");
        LoadOptions o;
        o.textColumn = "src";
        o.targetColumn = "src";
        try {
            loadDataset(path, o);
            QFAIL("expected a DataError");
        } catch (const DataError& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("the source and the target are both the column 'src'")),
                     e.what());
        }
    }
    void reportsMalformedPairs()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const auto path = writeFile(dir, "pairs.csv", content);
        LoadOptions o;
        o.textColumn = "src";
        o.targetColumn = "tgt";
        try {
            loadDataset(path, o);
            QFAIL("expected a DataError");
        } catch (const DataError& e) {
            const QString msg = QString::fromStdString(e.what());
            QVERIFY2(msg.contains(expected), qPrintable(msg));
        }
    }
    void pairsNeedAFileWithColumns()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "corpus.txt", "a line\n");
        LoadOptions o;
        o.targetColumn = "target";
        try {
            loadDataset(path, o);
            QFAIL("expected a DataError");
        } catch (const DataError& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("parallel pairs need a source and a target column")),
                     e.what());
        }
    }
    void reportsMalformedFiles_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("ragged row") << QByteArray("text,label\na,x\nb,y,extra\n")
                                    << "d.csv:3: this row has 3 fields but the header has 2";
        QTest::newRow("ragged after multi-line field")
            << QByteArray("text,label\n\"a\nb\",x\nc\n") << "d.csv:4: this row has 1 fields but the header has 2";
        QTest::newRow("unterminated quote") << QByteArray("text,label\na,x\n\"never closed,y\n")
                                            << "d.csv:3: a quoted field is never closed";
        QTest::newRow("stray quote") << QByteArray("text,label\nab\"c\"d,x\n") << "d.csv:2: malformed quoting";
        QTest::newRow("missing column") << QByteArray("body,label\na,x\n")
                                        << "d.csv:1: no column named 'text' (the header has: body, label)";
        QTest::newRow("empty file") << QByteArray("") << "d.csv: the file is empty";
        QTest::newRow("header only") << QByteArray("text,label\n") << "d.csv: no examples found";
        QTest::newRow("one class") << QByteArray("text,label\na,x\nb,x\n")
                                   << "d.csv: every example has the label 'x'; a classifier needs at least two classes";
        QTest::newRow("invalid utf-8") << QByteArray("text,label\nfine,x\ncaf\xE9 au lait,y\n")
                                       << "d.csv:3: invalid UTF-8 byte 0xE9 (byte offset 21)";
        QTest::newRow("binary") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)
                                << "d.csv:3: this looks like a binary file";
        QTest::newRow("utf-16") << QByteArray("\xFF\xFEt\0e\0", 6) << "d.csv:1: the file is UTF-16 encoded";
        QTest::newRow("empty label") << QByteArray("text,label\na,\nb,y\n") << "d.csv:2: the label is empty";
    }
    void reportsMalformedFiles()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const auto path = writeFile(dir, "d.csv", content);
        try {
            loadDataset(path);
            QFAIL("expected a DataError");
        } catch (const DataError& e) {
            const QString msg = QString::fromStdString(e.what());
            QVERIFY2(msg.contains(expected), qPrintable(msg));
            QVERIFY2(msg.startsWith(QString::fromStdString(path)), qPrintable(msg));
        }
    }
};

QTEST_APPLESS_MAIN(TestCsvLoader)
#include "tst_csvloader.moc"
