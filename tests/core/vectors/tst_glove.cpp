// GloVe in Lathe: co-occurrence counts against a direct count, planted synonyms and analogies
// found, the loss falling, determinism, stopping, and a GloVe run kept in the store.
#include "PlantedCorpus.h"
#include "TestFiles.h"
#include "inspect/Projection.h"
#include "store/RunStore.h"
#include "vectors/Glove.h"
#include "vectors/VectorsEval.h"
#include "vectors/VectorsRun.h"

#include <QElapsedTimer>
#include <QThread>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>

using namespace lathe;
using test::rowOf;

namespace {

VectorsConfig small(int threads = 1)
{
    auto c = VectorsConfig::defaultsFor("glove");
    c.dim = 32;
    c.minCount = 2;
    c.window = 5;
    c.tokens = "whitespace";
    c.threads = threads;
    return c;
}

// Synonyms whose nearest five words include their partner. GloVe's W + C puts a word beside the
// words it meets too, here its four context words, so the synonym comes after them.
int synonymsFound(const WordVectors& v, int pairs)
{
    const auto table = v.table();
    int found = 0;
    for (int p = 0; p < pairs; ++p) {
        const int row = rowOf(v, "syn" + std::to_string(p) + "a");
        if (row < 0)
            continue;
        for (const auto& n : nearestByCosine(table, row, 5))
            found += v.words[static_cast<std::size_t>(n.row)] == "syn" + std::to_string(p) + "b";
    }
    return found;
}

}  // namespace

class TestGlove : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void countsMatchADirectCount_data()
    {
        QTest::addColumn<int>("threads");
        QTest::newRow("one thread") << 1;
        QTest::newRow("three threads") << 3;
    }
    void countsMatchADirectCount()
    {
        QFETCH(int, threads);
        const auto corpus = buildVectorsCorpus(test::plantedCorpus(5, 400, 21), 1, "whitespace");
        const int window = 3;
        // X_ij = Σ 1/distance over every meeting of i and j within the window, both ways.
        std::map<std::pair<int, int>, double> direct;
        for (const auto& s : corpus.sentences)
            for (std::size_t i = 0; i < s.size(); ++i)
                for (std::size_t j = 0; j < s.size(); ++j)
                    if (i != j && (i > j ? i - j : j - i) <= static_cast<std::size_t>(window))
                        direct[{s[i], s[j]}] += 1.0 / static_cast<double>(i > j ? i - j : j - i);
        const auto counted = countCooccurrences(corpus, window, threads);
        QCOMPARE(counted.size(), direct.size());
        auto it = direct.begin();
        for (const auto& c : counted) {
            QCOMPARE(std::make_pair(int(c.word), int(c.context)), it->first);  // sorted by (word, context)
            QVERIFY2(std::abs(c.count - it->second) <= 1e-4 * it->second,
                     qPrintable(QStringLiteral("%1 vs %2").arg(c.count).arg(it->second)));
            ++it;
        }
        // A word beside itself ("a a"): counted from both sides, as GloVe's symmetric window does.
        const auto twice = countCooccurrences(buildVectorsCorpus({"a a"}, 1, "whitespace"), 5, 1);
        QCOMPARE(twice.size(), std::size_t(1));
        QCOMPARE(twice[0].count, 2.0f);
    }
    void plantedSynonymsAreNearestNeighbours_data()
    {
        QTest::addColumn<int>("threads");
        QTest::newRow("one thread") << 1;
        QTest::newRow("two threads") << 2;
    }
    void plantedSynonymsAreNearestNeighbours()
    {
        QFETCH(int, threads);
        const int pairs = 8;
        const auto corpus = buildVectorsCorpus(test::plantedCorpus(pairs, 12'000, 3), 2, "whitespace");
        const auto out = trainGlove(corpus, small(threads));
        QVERIFY(!out.stopped);
        QVERIFY(std::isfinite(out.loss) && out.loss > 0);
        const int found = synonymsFound(out.vectors, pairs);
        QVERIFY2(found >= pairs - 1, qPrintable(QStringLiteral("%1 of %2 synonyms found").arg(found).arg(pairs)));
    }
    void plantedAnalogiesAreSolved()
    {
        QTemporaryDir dir;
        const int items = 6;
        const auto corpus = buildVectorsCorpus(test::plantedAnalogyCorpus(items, 20'000, 5), 2, "whitespace");
        const auto out = trainGlove(corpus, small());
        const auto questions = test::writeFile(dir, "questions.txt", QByteArray::fromStdString(test::plantedAnalogyQuestions(items)));
        const auto r = evaluateAnalogies(out.vectors, questions);
        QCOMPARE(r.total.covered, std::int64_t(items * (items - 1)));
        QVERIFY2(r.total.accuracy() >= 0.9, qPrintable(QStringLiteral("accuracy %1").arg(r.total.accuracy())));
    }
    void lossFallsAsItTrains()
    {
        const auto corpus = buildVectorsCorpus(test::plantedCorpus(8, 6'000, 5), 2, "whitespace");
        std::vector<double> losses;
        bool withinTotal = true;
        std::int64_t lastDone = 0;
        trainGlove(
            corpus, small(),
            [&](const VectorsProgress& p) {
                if (p.loss > 0)
                    losses.push_back(p.loss);
                withinTotal = withinTotal && p.wordsDone <= p.wordsTotal && p.wordsDone >= lastDone;
                lastDone = p.wordsDone;
                return true;
            },
            0.0);
        QVERIFY(withinTotal);
        QCOMPARE(lastDone, corpus.keptWords * 15);  // 15 epochs, each one pass over the corpus's words
        QVERIFY(losses.size() >= 2);
        QVERIFY2(losses.back() < losses.front() * 0.5,
                 qPrintable(QStringLiteral("%1 -> %2").arg(losses.front()).arg(losses.back())));
    }
    void oneThreadAndASeedGiveTheSameVectors()
    {
        const auto corpus = buildVectorsCorpus(test::plantedCorpus(4, 2'000, 7), 2, "whitespace");
        auto c = small();
        const auto first = trainGlove(corpus, c), second = trainGlove(corpus, c);
        QVERIFY(first.vectors.values == second.vectors.values);
        c.seed = 2;
        QVERIFY(trainGlove(corpus, c).vectors.values != first.vectors.values);
    }
    void stopsWhenTheReportSaysSo()
    {
        const auto corpus = buildVectorsCorpus(test::plantedCorpus(4, 20'000, 9), 2, "whitespace");
        auto c = small(2);
        c.epochs = 500;
        const auto out = trainGlove(
            corpus, c, [](const VectorsProgress&) { return false; }, 0.05);
        QVERIFY(out.stopped);
        QVERIFY(out.effectiveWords < corpus.keptWords * 500);
        QCOMPARE(out.vectors.words.size(), corpus.words.size());
        // A failing report (a store write) reaches the caller after the workers stopped.
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 trainGlove(
                                     corpus, c, [](const VectorsProgress&) -> bool { throw std::runtime_error("disk full"); },
                                     0.01));
    }
    void pausesAndStopsThroughTheWorkersHook_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("glove") << QStringLiteral("glove");
        QTest::newRow("skip-gram") << QStringLiteral("skipgram");
    }
    void pausesAndStopsThroughTheWorkersHook()
    {
        QFETCH(QString, method);
        const auto corpus = buildVectorsCorpus(test::plantedCorpus(4, 4'000, 9), 2, "whitespace");
        auto c = small(2);
        c.method = method.toStdString();
        c.epochs = 3;
        // Each worker's first pause point blocks 0.3 s, as a user's pause: left out of the seconds.
        std::atomic<int> calls{0};
        QElapsedTimer wall;
        wall.start();
        const auto paused = trainVectors(corpus, c, {}, 0.5, [&] {
            if (calls++ < 2)
                QThread::msleep(300);
            return true;
        });
        QVERIFY(!paused.stopped);
        QVERIFY(calls.load() >= 2);
        QVERIFY2(paused.seconds <= double(wall.elapsed()) / 1000.0 - 0.25,
                 qPrintable(QStringLiteral("%1 s of %2 ms").arg(paused.seconds).arg(wall.elapsed())));
        // Returning false (a stop while paused): the run ends stopped, the vectors kept.
        c.epochs = 1000;
        const auto stopped = trainVectors(corpus, c, {}, 0.5, [] { return false; });
        QVERIFY(stopped.stopped);
        QCOMPARE(stopped.vectors.words.size(), corpus.words.size());
    }
    void badSettingsAndNothingToCountAreRefused()
    {
        auto c = small();
        c.xMax = 0;
        QCOMPARE(c.problems().size(), std::size_t(1));
        // Every sentence one word long: no pair ever meets.
        const auto lonely = buildVectorsCorpus({"a", "b", "a", "b"}, 1, "whitespace");
        try {
            trainGlove(lonely, small());
            QFAIL("trained on no co-occurrences");
        } catch (const UserError& e) {
            QVERIFY(QString::fromStdString(e.message().english()).contains(QStringLiteral("window")));
        }
    }
    void aGloveRunIsRecordedWithItsMetricsAndFile()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        std::string text;
        for (const auto& line : test::plantedCorpus(4, 3'000, 13))
            text += line + "\n";
        VectorsRunRequest r;
        r.config = small();
        r.dataPath = test::writeFile(dir, "corpus.txt", QByteArray::fromStdString(text));
        r.store = &store;
        const auto out = trainVectorsRun(r);
        QCOMPARE(test::name(out.status), test::name(RunStatus::Completed));
        const auto run = store.run(out.runId);
        QCOMPARE(run->kind, std::string("word-vectors"));
        QCOMPARE(run->model, std::string("glove"));
        QVERIFY(!store.metrics(out.runId, "train/loss").empty());
        QVERIFY(!store.metrics(out.runId, "train/words_per_s").empty());
        QCOMPARE(VectorsConfig::fromJson(nlohmann::json::parse(run->configJson)["vectors"].dump()).method, std::string("glove"));
        const auto back = loadRunVectors(store, out.runId);
        QCOMPARE(back.words, out.vectors.words);
        QCOMPARE(back.values.size(), out.vectors.values.size());
    }
};

QTEST_MAIN(TestGlove)
#include "tst_glove.moc"
