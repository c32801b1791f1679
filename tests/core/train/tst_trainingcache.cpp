// TrainingCache: a study worker's trials read their dataset once (a changed file again) and learn
// the same tokenizer once, and encode the same split once.
#include "TestFiles.h"
#include "data/DataError.h"
#include "train/Batches.h"
#include "train/TrainingCache.h"

#include <QtTest>

#include <filesystem>

using namespace lathe;

class TestTrainingCache : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theSameFileWithTheSameOptionsIsReadOnce()
    {
        QTemporaryDir dir;
        const auto path = lathe::test::writeFile(dir, "d.csv", "text,label\na b,x\nc d,y\n");
        TrainingCache cache;
        const auto first = cache.dataset(path, {});
        const auto second = cache.dataset(path, {});
        QCOMPARE(cache.datasetLoads(), std::size_t(1));
        QCOMPARE(second.get(), first.get());
        QCOMPARE(second->size(), std::size_t(2));
    }

    void otherOptionsReadTheFileAgain()
    {
        QTemporaryDir dir;
        const auto path = lathe::test::writeFile(dir, "d.csv", "text,label,topic\na b,x,t1\nc d,y,t2\n");
        TrainingCache cache;
        const auto byLabel = cache.dataset(path, {});
        LoadOptions topic;
        topic.labelColumn = "topic";
        const auto byTopic = cache.dataset(path, topic);
        QCOMPARE(cache.datasetLoads(), std::size_t(2));
        QCOMPARE(byTopic->classes, (std::vector<std::string>{"t1", "t2"}));
        QCOMPARE(byLabel->classes, (std::vector<std::string>{"x", "y"}));  // still valid for its holder
    }

    void aChangedFileIsReadAgain()
    {
        QTemporaryDir dir;
        const auto path = lathe::test::writeFile(dir, "d.csv", "text,label\na b,x\nc d,y\n");
        TrainingCache cache;
        QCOMPARE(cache.dataset(path, {})->size(), std::size_t(2));
        lathe::test::writeFile(dir, "d.csv", "text,label\na b,x\nc d,y\ne f,x\n");
        QCOMPARE(cache.dataset(path, {})->size(), std::size_t(3));
        // Same size, new contents: the modification time tells.
        lathe::test::writeFile(dir, "d.csv", "text,label\na b,x\nc d,y\ne g,x\n");
        std::filesystem::last_write_time(path, std::filesystem::last_write_time(path) + std::chrono::seconds(2));
        QCOMPARE(cache.dataset(path, {})->texts[2], std::string("e g"));
        QCOMPARE(cache.datasetLoads(), std::size_t(3));
    }

    void theSameTokenizerIsLearnedOncePerSplitAndOptions()
    {
        QTemporaryDir dir;
        const auto path = lathe::test::writeFile(dir, "d.csv", "text,label\nthe cat sat,x\na dog ran,y\nthe dog sat,x\n");
        TrainingCache cache;
        const auto data = cache.dataset(path, {});
        TokenizerOptions words;
        const auto first = cache.tokenizer(words, data, {0, 1});
        QCOMPARE(cache.tokenizer(words, cache.dataset(path, {}), {0, 1}).get(), first.get());
        QCOMPARE(cache.tokenizersLearned(), std::size_t(1));
        // Another split, other options: learned again, and each gives what a fresh one gives.
        const auto otherSplit = cache.tokenizer(words, data, {0, 2});
        TokenizerOptions chars;
        chars.kind = "char";
        const auto byChar = cache.tokenizer(chars, data, {0, 1});
        QCOMPARE(cache.tokenizersLearned(), std::size_t(3));
        QCOMPARE(otherSplit->toJson(), trainTokenizer(words, data->texts, {0, 2})->toJson());
        QCOMPARE(byChar->toJson(), trainTokenizer(chars, data->texts, {0, 1})->toJson());
        QVERIFY(first->toJson() != otherSplit->toJson());  // "a", "ran" only in the first
        // A dataset the cache did not load is not cached.
        auto elsewhere = std::make_shared<const TextDataset>(*data);
        cache.tokenizer(words, elsewhere, {0, 1});
        cache.tokenizer(words, elsewhere, {0, 1});
        QCOMPARE(cache.tokenizersLearned(), std::size_t(5));
    }

    void theSameSplitIsEncodedOncePerTokenizerAndLength()
    {
        QTemporaryDir dir;
        const auto path =
            lathe::test::writeFile(dir, "d.csv", "text,label\nthe cat sat down,x\na dog ran off,y\nthe dog sat,x\n");
        TrainingCache cache;
        const auto data = cache.dataset(path, {});
        const auto tok = cache.tokenizer({}, data, {0, 1, 2});
        const auto first = cache.encoded(tok, data, {0, 2}, 8, false);
        QCOMPARE(cache.encoded(tok, data, {0, 2}, 8, false).get(), first.get());
        QCOMPARE(cache.partsEncoded(), std::size_t(1));
        const auto fresh = encodePart(*tok, *data, {0, 2}, 8, false);
        QCOMPARE(first->sequences, fresh.sequences);
        QCOMPARE(first->labels, fresh.labels);
        // Another length, split or tokenizer encodes again.
        const auto shorter = cache.encoded(tok, data, {0, 2}, 3, false);
        QCOMPARE(shorter->sequences, encodePart(*tok, *data, {0, 2}, 3, false).sequences);
        cache.encoded(tok, data, {1}, 8, false);
        cache.encoded(cache.tokenizer({"char", 8000, 1}, data, {0, 1, 2}), data, {0, 2}, 8, false);
        QCOMPARE(cache.partsEncoded(), std::size_t(4));
    }

    void aChangedFileForgetsItsTokenizers()
    {
        QTemporaryDir dir;
        const auto path = lathe::test::writeFile(dir, "d.csv", "text,label\nthe cat,x\na dog,y\n");
        TrainingCache cache;
        const auto before = cache.tokenizer({}, cache.dataset(path, {}), {0, 1});
        lathe::test::writeFile(dir, "d.csv", "text,label\nthe cow,x\na dog,y\n");
        std::filesystem::last_write_time(path, std::filesystem::last_write_time(path) + std::chrono::seconds(2));
        const auto after = cache.tokenizer({}, cache.dataset(path, {}), {0, 1});
        QCOMPARE(cache.tokenizersLearned(), std::size_t(2));
        QVERIFY(after->toJson().find("cow") != std::string::npos);
        QVERIFY(before->toJson().find("cow") == std::string::npos);
    }

    void aBadFileIsRefusedEveryTime()
    {
        QTemporaryDir dir;
        const auto path = lathe::test::writeFile(dir, "d.csv", "text,label\n\"unclosed,x\n");
        TrainingCache cache;
        QVERIFY_THROWS_EXCEPTION(DataError, cache.dataset(path, {}));
        QVERIFY_THROWS_EXCEPTION(DataError, cache.dataset(path, {}));
    }
};

QTEST_GUILESS_MAIN(TestTrainingCache)
#include "tst_trainingcache.moc"
