// DatasetCache: a study worker's trials read their dataset once, and a changed file again.
#include "TestFiles.h"
#include "data/DataError.h"
#include "data/DatasetCache.h"

#include <QtTest>

#include <filesystem>

using namespace lathe;

class TestDatasetCache : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theSameFileWithTheSameOptionsIsReadOnce()
    {
        QTemporaryDir dir;
        const auto path = lathe::test::writeFile(dir, "d.csv", "text,label\na b,x\nc d,y\n");
        DatasetCache cache;
        const auto first = cache.load(path, {});
        const auto second = cache.load(path, {});
        QCOMPARE(cache.loads(), std::size_t(1));
        QCOMPARE(second.get(), first.get());
        QCOMPARE(second->size(), std::size_t(2));
    }

    void otherOptionsReadTheFileAgain()
    {
        QTemporaryDir dir;
        const auto path = lathe::test::writeFile(dir, "d.csv", "text,label,topic\na b,x,t1\nc d,y,t2\n");
        DatasetCache cache;
        const auto byLabel = cache.load(path, {});
        LoadOptions topic;
        topic.labelColumn = "topic";
        const auto byTopic = cache.load(path, topic);
        QCOMPARE(cache.loads(), std::size_t(2));
        QCOMPARE(byTopic->classes, (std::vector<std::string>{"t1", "t2"}));
        QCOMPARE(byLabel->classes, (std::vector<std::string>{"x", "y"}));  // still valid for its holder
    }

    void aChangedFileIsReadAgain()
    {
        QTemporaryDir dir;
        const auto path = lathe::test::writeFile(dir, "d.csv", "text,label\na b,x\nc d,y\n");
        DatasetCache cache;
        QCOMPARE(cache.load(path, {})->size(), std::size_t(2));
        lathe::test::writeFile(dir, "d.csv", "text,label\na b,x\nc d,y\ne f,x\n");
        QCOMPARE(cache.load(path, {})->size(), std::size_t(3));
        // Same size, new contents: the modification time tells.
        lathe::test::writeFile(dir, "d.csv", "text,label\na b,x\nc d,y\ne g,x\n");
        std::filesystem::last_write_time(path, std::filesystem::last_write_time(path) + std::chrono::seconds(2));
        QCOMPARE(cache.load(path, {})->texts[2], std::string("e g"));
        QCOMPARE(cache.loads(), std::size_t(3));
    }

    void aBadFileIsRefusedEveryTime()
    {
        QTemporaryDir dir;
        const auto path = lathe::test::writeFile(dir, "d.csv", "text,label\n\"unclosed,x\n");
        DatasetCache cache;
        QVERIFY_THROWS_EXCEPTION(DataError, cache.load(path, {}));
        QVERIFY_THROWS_EXCEPTION(DataError, cache.load(path, {}));
    }
};

QTEST_GUILESS_MAIN(TestDatasetCache)
#include "tst_datasetcache.moc"
