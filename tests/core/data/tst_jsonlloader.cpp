#include "TestFiles.h"
#include "data/DataError.h"
#include "data/TextDataset.h"

#include <QtTest>

using namespace lathe;
using lathe::test::writeFile;

class TestJsonlLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsObjectsWithStringAndIntegerLabels()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "d.jsonl", "{\"text\": \"good film\", \"label\": 1}\n\n"
                                                    "{\"text\": \"坏电影\", \"label\": 0, \"extra\": true}\n");
        const auto ds = loadDataset(path);
        QCOMPARE(ds.size(), std::size_t(2));
        QCOMPARE(ds.texts[1], std::string("坏电影"));
        QCOMPARE(ds.classes, (std::vector<std::string>{"0", "1"}));
        QCOMPARE(ds.labels, (std::vector<int>{1, 0}));
    }
    void fieldNamesAreConfigurable()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "d.jsonl", "{\"review\": \"a\", \"stars\": \"5\"}\n{\"review\": \"b\", \"stars\": \"1\"}\n");
        LoadOptions o;
        o.textColumn = "review";
        o.labelColumn = "stars";
        QCOMPARE(loadDataset(path, o).classes, (std::vector<std::string>{"1", "5"}));
    }
    void loadsParallelPairs()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "p.jsonl", "{\"src\": \"June 3, 2024\", \"tgt\": \"2024-06-03\"}\n\n"
                                                    "{\"src\": \"1 Jan 1999\", \"tgt\": \"1999-01-01\", \"x\": 1}\n");
        LoadOptions o;
        o.textColumn = "src";
        o.targetColumn = "tgt";
        const auto ds = loadDataset(path, o);
        QCOMPARE(ds.texts, (std::vector<std::string>{"June 3, 2024", "1 Jan 1999"}));
        QCOMPARE(ds.targets, (std::vector<std::string>{"2024-06-03", "1999-01-01"}));
        QVERIFY(!ds.labelled());
    }
    void reportsMalformedPairs()
    {
        const std::vector<std::pair<QByteArray, QString>> cases = {
            {"{\"src\": \"a\", \"tgt\": \"b\"}\n{\"src\": \"a\", \"tgt\": \"\"}\n", QStringLiteral("p.jsonl:2: the tgt side of this pair is empty")},
            {"{\"src\": \"a\"}\n", QStringLiteral("p.jsonl:1: no string field 'tgt'")},
            {"{\"src\": \"a\", \"tgt\": 5}\n", QStringLiteral("p.jsonl:1: no string field 'tgt'")},
            {"{\"source\": \"a\", \"tgt\": \"b\"}\n", QStringLiteral("p.jsonl:1: no string field 'src'")},
        };
        for (const auto& [content, expected] : cases) {
            QTemporaryDir dir;
            const auto path = writeFile(dir, "p.jsonl", content);
            LoadOptions o;
            o.textColumn = "src";
            o.targetColumn = "tgt";
            try {
                loadDataset(path, o);
                QFAIL("expected a DataError");
            } catch (const DataError& e) {
                const QString msg = QString::fromStdString(e.what());
                QVERIFY2(msg.contains(expected), qPrintable(msg));
                if (expected.contains(u"'src'"))
                    QVERIFY2(msg.contains(QStringLiteral("--source-column")), qPrintable(msg));
            }
        }
    }
    void reportsMalformedLines_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("broken json") << QByteArray("{\"text\":\"a\",\"label\":\"x\"}\n{\"text\": \"b\",\n")
                                     << "d.jsonl:2: not valid JSON";
        QTest::newRow("not an object") << QByteArray("[1, 2]\n") << "d.jsonl:1: this line is JSON but not an object";
        QTest::newRow("missing text") << QByteArray("{\"body\":\"a\",\"label\":\"x\"}\n")
                                      << "d.jsonl:1: no string field 'text'";
        QTest::newRow("missing label") << QByteArray("{\"text\":\"a\"}\n")
                                       << "d.jsonl:1: no string or integer field 'label'";
        QTest::newRow("invalid utf-8") << QByteArray("{\"text\":\"a\",\"label\":\"x\"}\n{\"text\":\"\xC3\x28\",\"label\":\"y\"}\n")
                                       << "d.jsonl:2: invalid UTF-8 byte 0xC3 (byte offset 34)";
        QTest::newRow("one class") << QByteArray("{\"text\":\"a\",\"label\":\"x\"}\n")
                                   << "d.jsonl: every example has the label 'x'";
        QTest::newRow("empty") << QByteArray("\n\n") << "d.jsonl: no examples found";
    }
    void reportsMalformedLines()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const auto path = writeFile(dir, "d.jsonl", content);
        try {
            loadDataset(path);
            QFAIL("expected a DataError");
        } catch (const DataError& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(expected), e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestJsonlLoader)
#include "tst_jsonlloader.moc"
