// Column names read before loading, and when a file holds parallel pairs.
#include "TestFiles.h"
#include "data/Columns.h"

#include <QtTest>

using namespace lathe;

class TestColumns : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void namesComeFromTheHeaderOrTheFirstObject()
    {
        QTemporaryDir dir;
        const auto csv = test::writeFile(dir, "a.csv", "\xEF\xBB\xBFtext,\"the, target\",label\nx,y,z\n");
        QCOMPARE(columnNames(csv), (std::vector<std::string>{"text", "the, target", "label"}));
        const auto tsv = test::writeFile(dir, "a.tsv", "source\ttarget\nx\ty\n");
        QCOMPARE(columnNames(tsv), (std::vector<std::string>{"source", "target"}));
        const auto jsonl = test::writeFile(dir, "a.jsonl", "\n{\"text\": \"x\", \"target\": \"y\"}\n");
        QCOMPARE(columnNames(jsonl), (std::vector<std::string>{"target", "text"}));
        QVERIFY(columnNames(test::writeFile(dir, "c.txt", "just text\n")).empty());
        QVERIFY(columnNames(dir.filePath(QStringLiteral("missing.csv")).toStdString()).empty());
        QVERIFY(columnNames(test::writeFile(dir, "bad.jsonl", "{not json\n")).empty());
    }
    void pairsHaveTextAndTargetButNoLabel()
    {
        QTemporaryDir dir;
        LoadOptions o;
        QVERIFY(looksLikePairs(test::sourcePath("resources/sample/numbers.csv"), o));
        QVERIFY(!looksLikePairs(test::sourcePath("resources/sample/topics.csv"), o));
        QVERIFY(!looksLikePairs(test::sourcePath("resources/sample/stories.txt"), o));
        // A label column wins: a "target" beside it is an ordinary column.
        QVERIFY(!looksLikePairs(test::writeFile(dir, "l.csv", "text,target,label\na,b,c\n"), o));
        // Kaggle's "target" as the label, named so: not pairs.
        o.labelColumn = "target";
        QVERIFY(!looksLikePairs(test::writeFile(dir, "k.csv", "text,target\na,1\n"), o));
        o = {};
        o.textColumn = "source";
        QVERIFY(looksLikePairs(test::writeFile(dir, "s.tsv", "source\ttarget\na\tb\n"), o));
    }
};

QTEST_APPLESS_MAIN(TestColumns)
#include "tst_columns.moc"
