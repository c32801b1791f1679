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
