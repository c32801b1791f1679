#include "TestFiles.h"
#include "data/DataError.h"
#include "data/Follow.h"

#include <QtTest>

#include <filesystem>

using namespace lathe;
using lathe::test::writeFile;

namespace {
void append(const std::string& path, const QByteArray& bytes)
{
    QFile f(QString::fromStdString(path));
    QVERIFY(f.open(QIODevice::Append));
    f.write(bytes);
}

std::vector<std::string> texts(const std::vector<StreamRow>& rows)
{
    std::vector<std::string> out;
    for (const auto& r : rows)
        out.push_back(r.text);
    return out;
}

QString errorOf(const std::function<void()>& f)
{
    try {
        f();
    } catch (const DataError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}
}  // namespace

class TestFollow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void appendedCsvRowsArriveOnceWithTheirLines()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "s.csv", "text,label\nfirst,a\n\"second, quoted\",b\nthird,a\n");
        DataFollower follower(path, {});
        auto rows = follower.poll();
        QCOMPARE(texts(rows), (std::vector<std::string>{"first", "second, quoted", "third"}));
        QCOMPARE(rows[1].label, std::string("b"));
        QCOMPARE(rows[2].line, std::int64_t(4));
        QVERIFY(follower.poll().empty());
        append(path, "fourth,c\n\"fifth\nspans two lines\",a\n");
        rows = follower.poll();
        QCOMPARE(texts(rows), (std::vector<std::string>{"fourth", "fifth\nspans two lines"}));
        QCOMPARE(rows[0].label, std::string("c"));
        QCOMPARE(rows[0].line, std::int64_t(5));
        QCOMPARE(rows[1].line, std::int64_t(6));
        append(path, "sixth,b\n");
        rows = follower.poll();
        QCOMPARE(rows.size(), std::size_t(1));
        QCOMPARE(rows[0].line, std::int64_t(8));
        QCOMPARE(rows[0].file, path);
    }
    void aRowWithoutItsLineBreakWaits()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "s.jsonl", "{\"text\": \"one\", \"label\": \"x\"}\n");
        DataFollower follower(path, {});
        QCOMPARE(follower.poll().size(), std::size_t(1));
        append(path, "{\"text\": \"two\", \"la");
        QVERIFY(follower.poll().empty());
        append(path, "bel\": \"y\"}\n");
        const auto rows = follower.poll();
        QCOMPARE(texts(rows), std::vector<std::string>{"two"});
        QCOMPARE(rows[0].label, std::string("y"));
        QCOMPARE(rows[0].line, std::int64_t(2));
    }
    void aQuotedLineBreakHalfWrittenWaits()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "s.csv", "text,label\nfirst,a\n");
        DataFollower follower(path, {});
        QCOMPARE(follower.poll().size(), std::size_t(1));
        append(path, "second,b\n\"third starts\n");  // a quoted field with a line break, half written
        auto rows = follower.poll();
        QCOMPARE(texts(rows), std::vector<std::string>{"second"});
        append(path, "and ends\",a\n");
        rows = follower.poll();
        QCOMPARE(texts(rows), std::vector<std::string>{"third starts\nand ends"});
        QCOMPARE(rows[0].line, std::int64_t(4));
    }
    void followsATextCorpus()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "c.txt", "first line\n\nsecond line\n");
        LoadOptions o;
        o.requireLabels = false;
        DataFollower follower(path, o);
        QCOMPARE(texts(follower.poll()), (std::vector<std::string>{"first line", "second line"}));
        append(path, "\nthird line\n");
        const auto rows = follower.poll();
        QCOMPARE(texts(rows), std::vector<std::string>{"third line"});
        QCOMPARE(rows[0].line, std::int64_t(5));
        QVERIFY(rows[0].label.empty());
    }
    void aMalformedAppendedRowIsNamedByLine()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "s.csv", "text,label\nok,a\n");
        DataFollower follower(path, {});
        follower.poll();
        append(path, "fine,b\ntoo,many,fields\n");
        const auto message = errorOf([&] { follower.poll(); });
        QVERIFY2(message.contains(QStringLiteral("s.csv:4:")) && message.contains(QStringLiteral("3 fields")),
                 qPrintable(message));
    }
    void aFileThatShrankIsRefused()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "s.csv", "text,label\nok,a\nagain,b\n");
        DataFollower follower(path, {});
        follower.poll();
        writeFile(dir, "s.csv", "text,label\n");
        const auto message = errorOf([&] { follower.poll(); });
        QVERIFY2(message.contains(QStringLiteral("s.csv")) && message.contains(QStringLiteral("shrank")), qPrintable(message));
    }
    void aClassFolderTakesNewFilesOnceTheyHoldStill()
    {
        QTemporaryDir dir;
        writeFile(dir, "root/pos/1.txt", "Loved it.");
        writeFile(dir, "root/neg/1.txt", "Dreadful.");
        DataFollower follower(dir.filePath(QStringLiteral("root")).toStdString(), {});
        QVERIFY(follower.isFolder());
        auto rows = follower.poll();
        QCOMPARE(rows.size(), std::size_t(2));
        writeFile(dir, "root/pos/2.txt", "Wonderful.");
        writeFile(dir, "root/pos/3.txt", "");  // created, not yet written: it waits
        writeFile(dir, "root/pos/.3.txt.swp", "ignored");
        writeFile(dir, "root/new/1.txt", "A label of its own.");
        QVERIFY(follower.poll().empty());  // seen once: its size has not held still yet
        rows = follower.poll();
        QCOMPARE(texts(rows), (std::vector<std::string>{"A label of its own.", "Wonderful."}));
        QCOMPARE(rows[0].label, std::string("new"));
        QCOMPARE(rows[1].label, std::string("pos"));
        QVERIFY(follower.poll().empty());
        QCOMPARE(follower.filesTaken().size(), std::size_t(4));
    }
    void classesAreNumberedAsALoadNumbersThem()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "n.csv", "text,label\none,2\nten,10\nnine,9\nalso two,2\n");
        DataFollower follower(path, {});
        const auto ds = datasetOfRows(follower.poll(), path, {}, DataFormat::Csv);
        const auto loaded = loadDataset(path);
        QCOMPARE(ds.classes, loaded.classes);
        QCOMPARE(ds.labels, loaded.labels);
    }
    void aFolderOfDataFilesReadsEachNewFileWhole()
    {
        QTemporaryDir dir;
        writeFile(dir, "feed/part-2.csv", "text,label\nb1,b\n");
        writeFile(dir, "feed/part-1.jsonl", "{\"text\": \"a1\", \"label\": \"a\"}\n");
        const auto root = dir.filePath(QStringLiteral("feed")).toStdString();
        DataFollower follower(root, {});
        QCOMPARE(texts(follower.poll()), (std::vector<std::string>{"a1", "b1"}));
        // A resumed run takes its files in the order it took them before.
        DataFollower again(root, {});
        again.setOrder({root + "/part-2.csv", root + "/part-1.jsonl"});
        QCOMPARE(texts(again.poll()), (std::vector<std::string>{"b1", "a1"}));
        writeFile(dir, "feed/part-3.csv", "text,label\nc1,c\nc2,a\n");
        QVERIFY(follower.poll().empty());
        const auto rows = follower.poll();
        QCOMPARE(texts(rows), (std::vector<std::string>{"c1", "c2"}));
        QCOMPARE(rows[1].line, std::int64_t(3));
    }
    void theStartingRowsMustMakeADataset()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "s.csv", "text,label\none,a\ntwo,a\n");
        DataFollower follower(path, {});
        const auto rows = follower.poll();
        const auto message = errorOf([&] { datasetOfRows(rows, path, {}, DataFormat::Csv); });
        QVERIFY2(message.contains(QStringLiteral("two classes")), qPrintable(message));
        append(path, "three,b\n");
        auto all = rows;
        for (auto& r : follower.poll())
            all.push_back(r);
        const auto ds = datasetOfRows(all, path, {}, DataFormat::Csv);
        QCOMPARE(ds.classes, (std::vector<std::string>{"a", "b"}));
        QCOMPARE(ds.labels, (std::vector<int>{0, 0, 1}));
    }
    void aTextFileCannotFeedAClassifier()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "c.txt", "a line\n");
        const auto message = errorOf([&] { DataFollower follower(path, {}); });
        QVERIFY2(message.contains(QStringLiteral("no labels")), qPrintable(message));
    }
};

QTEST_GUILESS_MAIN(TestFollow)
#include "tst_follow.moc"
