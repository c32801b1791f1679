// word2vec in Lathe: the corpus it reads, planted synonyms found by skip-gram and CBOW,
// determinism, the word2vec file formats (also through gensim), and a run kept in the store.
#include "PlantedCorpus.h"
#include "TestFiles.h"
#include "data/DataError.h"
#include "inspect/Projection.h"
#include "store/RunStore.h"
#include "vectors/VectorsEval.h"
#include "vectors/VectorsFile.h"
#include "vectors/VectorsRun.h"
#include "vectors/Word2Vec.h"

#include <QProcess>
#include <QtTest>

#include <cmath>
#include <random>

using namespace lathe;
using test::plantedCorpus;
using test::rowOf;

namespace {

bool haveGensim()
{
    QProcess probe;
    probe.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), QStringLiteral("import gensim")});
    return probe.waitForFinished(60'000) && probe.exitCode() == 0;
}

VectorsConfig small(const std::string& method)
{
    VectorsConfig c;
    c.method = method;
    c.dim = 32;
    c.epochs = 5;
    c.minCount = 2;
    c.tokens = "whitespace";
    c.threads = 1;
    return c;
}

}  // namespace

class TestWord2Vec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void corpusKeepsFrequentWordsMostFrequentFirst()
    {
        const auto c = buildVectorsCorpus({"b a c a", "d b a", "c e"}, 2, "whitespace");
        // a ×3, b ×2, c ×2 (b first seen before c), d and e dropped.
        QCOMPARE(c.words, (std::vector<std::string>{"a", "b", "c"}));
        QCOMPARE(c.counts, (std::vector<std::int64_t>{3, 2, 2}));
        QCOMPARE(c.rawWords, std::int64_t(9));
        QCOMPARE(c.keptWords, std::int64_t(7));
        QCOMPARE(c.sentences[1], (std::vector<std::int32_t>{1, 0}));
        QCOMPARE(c.sentences[2], (std::vector<std::int32_t>{2}));
        // Lathe's word tokens: lowercased, punctuation apart, as a word-tokenized model reads them.
        const auto w = buildVectorsCorpus({"The cat, the CAT."}, 1, "words");
        QCOMPARE(w.words, (std::vector<std::string>{"the", "cat", ",", "."}));
        // A corpus on one line (as text8) is cut into sentences of 10,000 words, so threads share it.
        std::string line;
        for (int i = 0; i < 25'000; ++i)
            line += i % 2 ? " b" : " a";
        const auto long_ = buildVectorsCorpus({line, "x y"}, 2, "whitespace");
        QCOMPARE(long_.sentences.size(), std::size_t(3));
        QCOMPARE(long_.sentences[0].size(), std::size_t(10'000));
        QCOMPARE(long_.sentences[2].size(), std::size_t(5'000));
        QCOMPARE(long_.keptWords, std::int64_t(25'000));
    }
    void plantedSynonymsAreNearestNeighbours_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("skip-gram") << QStringLiteral("skipgram");
        QTest::newRow("cbow") << QStringLiteral("cbow");
    }
    void plantedSynonymsAreNearestNeighbours()
    {
        QFETCH(QString, method);
        const int pairs = 8;
        const auto corpus = buildVectorsCorpus(plantedCorpus(pairs, 12'000, 3), 2, "whitespace");
        auto c = small(method.toStdString());
        if (c.method == "cbow")
            c.alpha = 0.05;  // word2vec's own CBOW rate
        const auto out = trainWord2Vec(corpus, c);
        QVERIFY(!out.stopped);
        QVERIFY(std::isfinite(out.loss) && out.loss > 0);
        const auto table = out.vectors.table();
        int found = 0;
        for (int p = 0; p < pairs; ++p) {
            const auto a = "syn" + std::to_string(p) + "a", b = "syn" + std::to_string(p) + "b";
            const int row = rowOf(out.vectors, a);
            QVERIFY(row >= 0);
            // Its synonym among its three nearest words (its own context words are close too).
            for (const auto& n : nearestByCosine(table, row, 3))
                found += out.vectors.words[static_cast<std::size_t>(n.row)] == b;
        }
        QVERIFY2(found >= pairs - 1, qPrintable(QStringLiteral("%1 of %2 synonyms found").arg(found).arg(pairs)));
    }
    void plantedAnalogiesAreSolved()
    {
        QTemporaryDir dir;
        const int items = 6;
        const auto corpus = buildVectorsCorpus(test::plantedAnalogyCorpus(items, 20'000, 5), 2, "whitespace");
        const auto out = trainWord2Vec(corpus, small("skipgram"));
        const auto questions =
            test::writeFile(dir, "questions.txt", QByteArray::fromStdString(test::plantedAnalogyQuestions(items)));
        const auto r = evaluateAnalogies(out.vectors, questions);
        QCOMPARE(r.total.covered, std::int64_t(items * (items - 1)));
        QVERIFY2(r.total.accuracy() >= 0.9, qPrintable(QStringLiteral("accuracy %1").arg(r.total.accuracy())));
    }
    void lossFallsAsItTrains()
    {
        const auto corpus = buildVectorsCorpus(plantedCorpus(8, 6'000, 5), 2, "whitespace");
        std::vector<double> losses;
        auto c = small("skipgram");
        bool withinTotal = true;
        trainWord2Vec(
            corpus, c,
            [&](const VectorsProgress& p) {
                if (p.loss > 0)
                    losses.push_back(p.loss);
                withinTotal = withinTotal && p.wordsDone <= p.wordsTotal;
                return true;
            },
            0.01);
        QVERIFY(withinTotal);
        QVERIFY(losses.size() >= 2);
        QVERIFY2(losses.back() < losses.front() * 0.8,
                 qPrintable(QStringLiteral("%1 -> %2").arg(losses.front()).arg(losses.back())));
    }
    void oneThreadAndASeedGiveTheSameVectors()
    {
        const auto corpus = buildVectorsCorpus(plantedCorpus(4, 2'000, 7), 2, "whitespace");
        auto c = small("skipgram");
        const auto first = trainWord2Vec(corpus, c), second = trainWord2Vec(corpus, c);
        QVERIFY(first.vectors.values == second.vectors.values);
        c.seed = 2;
        QVERIFY(trainWord2Vec(corpus, c).vectors.values != first.vectors.values);
        // Two threads train too (not bitwise repeatable: they update shared vectors freely).
        c.threads = 2;
        const auto two = trainWord2Vec(corpus, c);
        QVERIFY(std::isfinite(two.loss) && two.effectiveWords > 0);
    }
    void stopsWhenTheReportSaysSo()
    {
        const auto corpus = buildVectorsCorpus(plantedCorpus(4, 20'000, 9), 2, "whitespace");
        auto c = small("skipgram");
        c.epochs = 50;
        const auto out = trainWord2Vec(
            corpus, c, [](const VectorsProgress&) { return false; }, 0.05);
        QVERIFY(out.stopped);
        QVERIFY(out.effectiveWords < corpus.keptWords * 50);
        QCOMPARE(out.vectors.words.size(), corpus.words.size());
    }
    void aFailingReportStopsTheThreadsBeforeTheErrorGoesOn()
    {
        const auto corpus = buildVectorsCorpus(plantedCorpus(4, 20'000, 9), 2, "whitespace");
        auto c = small("skipgram");
        c.threads = 2;
        c.epochs = 50;
        // As a store write failing under the report: the exception reaches the caller (no terminate).
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 trainWord2Vec(
                                     corpus, c,
                                     [](const VectorsProgress&) -> bool { throw std::runtime_error("disk full"); },
                                     0.01));
        // A stop asked for in the last epoch's final report: the run still completed.
        c.epochs = 1;
        c.threads = 1;
        int reports = 0;
        const auto out = trainWord2Vec(
            corpus, c, [&](const VectorsProgress& p) { return ++reports, p.wordsDone < p.wordsTotal; }, 100);
        QVERIFY(reports >= 1);
        QVERIFY(!out.stopped);
    }
    void badSettingsAndTooLittleTextAreRefused()
    {
        VectorsConfig c;
        c.method = "glove2";
        c.dim = 0;
        QCOMPARE(c.problems().size(), std::size_t(2));
        const auto corpus = buildVectorsCorpus({"one two three"}, 5, "words");
        QVERIFY(corpus.words.empty());
        QVERIFY_THROWS_EXCEPTION(UserError, trainWord2Vec(corpus, VectorsConfig{}));
    }
    void textAndBinaryFormatsRoundTrip()
    {
        QTemporaryDir dir;
        WordVectors v;
        v.dim = 3;
        v.words = {"alpha", "βeta", "gamma"};
        v.values = {0.1f, -2.5f, 1e-7f, 3.0f, 0.333333f, -0.0f, 1.0f / 3.0f, 2.0f, -1e10f};
        const auto text = dir.filePath(QStringLiteral("v.txt")).toStdString();
        const auto binary = dir.filePath(QStringLiteral("v.bin")).toStdString();
        writeWord2VecText(text, v);
        writeWord2VecBinary(binary, v);
        for (const auto& path : {text, binary}) {
            const auto back = loadWordVectors(path);
            QCOMPARE(back.words, v.words);
            QCOMPARE(back.dim, 3);
            QVERIFY2(back.values == v.values, path.c_str());
        }
        // A binary file cut short names the file and what happened.
        QFile f(QString::fromStdString(binary));
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.resize(f.size() - 5));
        f.close();
        try {
            loadWordVectors(binary);
            QFAIL("a truncated file was read");
        } catch (const DataError& e) {
            QCOMPARE(e.file(), binary);
            QVERIFY2(e.problem().find("ends inside vector 3 of the 3") != std::string::npos, e.what());
        }
        // A header promising more than the file holds is refused before anything is allocated.
        const auto lying = test::writeFile(dir, "lying.bin", "100000000 300\nalpha 1234\n");
        try {
            loadWordVectors(lying);
            QFAIL("a header promising 100,000,000 vectors was believed");
        } catch (const DataError& e) {
            QVERIFY2(e.problem().find("cannot hold") != std::string::npos, e.what());
        }
    }
    void gensimReadsBothFormats()
    {
        if (!haveGensim())
            QSKIP("python3-gensim is not installed (scripts/install-deps.sh installs it)");
        QTemporaryDir dir;
        const auto corpus = buildVectorsCorpus(plantedCorpus(4, 2'000, 11), 2, "whitespace");
        auto c = small("skipgram");
        c.epochs = 1;
        const auto v = trainWord2Vec(corpus, c).vectors;
        const auto text = dir.filePath(QStringLiteral("v.txt")), binary = dir.filePath(QStringLiteral("v.bin"));
        writeWord2VecText(text.toStdString(), v);
        writeWord2VecBinary(binary.toStdString(), v);
        // gensim loads each and prints its size, its first word and that word's values.
        const QString script = QStringLiteral(
            "import sys\n"
            "from gensim.models import KeyedVectors\n"
            "for path, binary in ((sys.argv[1], False), (sys.argv[2], True)):\n"
            "    kv = KeyedVectors.load_word2vec_format(path, binary=binary)\n"
            "    w = kv.index_to_key[0]\n"
            "    print(len(kv), kv.vector_size, w, ' '.join(repr(float(x)) for x in kv[w]))\n");
        QProcess py;
        py.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script, text, binary});
        QVERIFY(py.waitForFinished(120'000));
        QVERIFY2(py.exitCode() == 0, py.readAllStandardError().constData());
        const auto lines = QString::fromUtf8(py.readAllStandardOutput()).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 2);
        for (const auto& line : lines) {
            const auto parts = line.split(QLatin1Char(' '));
            QCOMPARE(parts[0].toLongLong(), qint64(v.words.size()));
            QCOMPARE(parts[1].toInt(), v.dim);
            QCOMPARE(parts[2].toStdString(), v.words[0]);
            for (int i = 0; i < v.dim; ++i)
                QCOMPARE(parts[3 + i].toFloat(), v.values[static_cast<std::size_t>(i)]);
        }
    }
    void rankCorrelationsMatchScipy()
    {
        QCOMPARE(spearmanRho({1, 2, 3, 4}, {10, 20, 30, 40}), 1.0);
        QCOMPARE(spearmanRho({1, 2, 3, 4}, {4, 3, 2, 1}), -1.0);
        // Ties take their average rank (scipy.stats.spearmanr: 0.9486832980505139).
        QVERIFY(std::abs(spearmanRho({1, 2, 2, 3}, {1, 3, 2, 4}) - 0.9486832980505139) < 1e-12);
        QVERIFY(std::abs(pearsonR({1, 2, 3, 4}, {2, 1, 4, 3}) - 0.6) < 1e-12);
    }
    void similarityAndAnalogiesOnVectorsBuiltByHand()
    {
        QTemporaryDir dir;
        WordVectors v;
        v.dim = 3;
        // king − man + woman lands on queen; the others are far from it.
        v.words = {"man", "woman", "king", "queen", "apple", "Paris"};
        v.values = {1, 0, 1, 1, 0, -1, 1, 1, 1, 1, 1, -1, -1, 0.2f, 0, 0, -1, 0.3f};
        const auto pairs = test::writeFile(dir, "pairs.csv",
                                           "Word 1,Word 2,Human (mean)\n"
                                           "# a comment\n"
                                           "king,queen,8.5\nman,woman,8.0\nking,apple,1.0\nman,unicorn,3.0\n");
        const auto s = evaluateSimilarity(v, pairs);
        QCOMPARE(s.pairs, std::int64_t(4));
        QCOMPARE(s.covered, std::int64_t(3));  // "unicorn" is unknown
        // cos(king, queen) = 1/3, cos(man, woman) = 0, cos(king, apple) < 0: the human order, ρ = 1.
        QCOMPARE(s.spearman, 1.0);
        const auto questions = test::writeFile(dir, "questions.txt",
                                               ": royal\nman king woman queen\nMAN KING WOMAN QUEEN\n"
                                               "woman queen man apple\n: capitals\nparis france rome italy\n");
        const auto a = evaluateAnalogies(v, questions);
        QCOMPARE(a.sections.size(), std::size_t(2));
        QCOMPARE(a.sections[0].name, std::string("royal"));
        QCOMPARE(a.sections[0].questions, std::int64_t(3));
        QCOMPARE(a.sections[0].covered, std::int64_t(3));
        QCOMPARE(a.sections[0].correct, std::int64_t(2));  // case does not matter; "apple" is wrong (king is right)
        QCOMPARE(a.sections[1].covered, std::int64_t(0));   // france, rome, italy unknown
        QCOMPARE(a.total.questions, std::int64_t(4));
        QCOMPARE(a.total.correct, std::int64_t(2));
        // Malformed lines name the file and line.
        const auto bad = test::writeFile(dir, "bad.txt", ": s\nman king woman\n");
        try {
            evaluateAnalogies(v, bad);
            QFAIL("a three-word question was read");
        } catch (const DataError& e) {
            QCOMPARE(e.line(), std::int64_t(2));
        }
        const auto badPairs = test::writeFile(dir, "bad.tsv", "king\tqueen\t8\nking\tqueen\tmany\n");
        QVERIFY_THROWS_EXCEPTION(DataError, evaluateSimilarity(v, badPairs));
    }
    void evaluationAgreesWithGensim()
    {
        if (!haveGensim())
            QSKIP("python3-gensim is not installed (scripts/install-deps.sh installs it)");
        QTemporaryDir dir;
        const auto corpus = buildVectorsCorpus(plantedCorpus(8, 6'000, 17), 2, "whitespace");
        auto c = small("skipgram");
        const auto v = trainWord2Vec(corpus, c).vectors;
        const auto vectorsPath = dir.filePath(QStringLiteral("v.txt")).toStdString();
        writeWord2VecText(vectorsPath, v);
        // Random pairs with random scores, and analogies among the planted words.
        std::mt19937 rng(5);
        std::string pairs, questions = ": planted\n";
        for (int i = 0; i < 60; ++i)
            pairs += v.words[rng() % v.words.size()] + "\t" + v.words[rng() % v.words.size()] + "\t" +
                     std::to_string(rng() % 1000) + "\n";
        pairs += "nosuchword\tsyn1a\t5\n";
        for (int p = 0; p < 8; ++p)
            for (int q = 0; q < 8; ++q)
                if (p != q)
                    questions += "syn" + std::to_string(p) + "a ctx" + std::to_string(p) + "_0 syn" + std::to_string(q) +
                                 "b ctx" + std::to_string(q) + "_0\n";
        const auto pairsPath = test::writeFile(dir, "pairs.tsv", QByteArray::fromStdString(pairs));
        const auto questionsPath = test::writeFile(dir, "questions.txt", QByteArray::fromStdString(questions));
        const auto ours = evaluateSimilarity(v, pairsPath);
        const auto analogies = evaluateAnalogies(v, questionsPath);
        const QString script = QStringLiteral(
            "import sys\n"
            "from gensim.models import KeyedVectors\n"
            "kv = KeyedVectors.load_word2vec_format(sys.argv[1])\n"
            "pearson, spearman, oov = kv.evaluate_word_pairs(sys.argv[2])\n"
            "score, sections = kv.evaluate_word_analogies(sys.argv[3])\n"
            "print(spearman.correlation, oov, score, len(sections[-1]['correct']), len(sections[-1]['incorrect']))\n");
        QProcess py;
        py.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-c"), script, QString::fromStdString(vectorsPath),
                                                      QString::fromStdString(pairsPath), QString::fromStdString(questionsPath)});
        QVERIFY(py.waitForFinished(120'000));
        QVERIFY2(py.exitCode() == 0, py.readAllStandardError().constData());
        const auto parts = QString::fromUtf8(py.readAllStandardOutput()).trimmed().split(QLatin1Char(' '));
        QCOMPARE(parts.size(), 5);
        QVERIFY2(std::abs(parts[0].toDouble() - ours.spearman) < 1e-3,
                 qPrintable(QStringLiteral("gensim %1, Lathe %2").arg(parts[0]).arg(ours.spearman)));
        // gensim's OOV ratio is a percentage of the pairs.
        QVERIFY(std::abs(parts[1].toDouble() - 100.0 * (ours.pairs - ours.covered) / ours.pairs) < 1e-9);
        QCOMPARE(parts[3].toLongLong() + parts[4].toLongLong(), qint64(analogies.total.covered));
        QCOMPARE(parts[3].toLongLong(), qint64(analogies.total.correct));
    }
    void aVectorsRunIsRecordedWithItsMetricsAndFile()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        std::string text;
        for (const auto& line : plantedCorpus(4, 3'000, 13))
            text += line + "\n";
        VectorsRunRequest r;
        r.config = small("cbow");
        r.dataPath = test::writeFile(dir, "corpus.txt", QByteArray::fromStdString(text));
        r.store = &store;
        const auto out = trainVectorsRun(r);
        QCOMPARE(test::name(out.status), test::name(RunStatus::Completed));
        const auto run = store.run(out.runId);
        QVERIFY(run);
        QCOMPARE(run->kind, std::string("word-vectors"));
        QCOMPARE(run->model, std::string("cbow"));
        QCOMPARE(test::name(run->status), test::name(RunStatus::Completed));
        QVERIFY(!store.metrics(out.runId, "train/loss").empty());
        QVERIFY(!store.metrics(out.runId, "train/words_per_s").empty());
        const auto back = loadRunVectors(store, out.runId);
        QCOMPARE(back.words, out.vectors.words);
        QCOMPARE(back.values, out.vectors.values);
        // A stop request ends it as stopped, vectors kept.
        std::atomic<bool> stop{true};
        r.stop = &stop;
        r.config.epochs = 200;
        const auto stopped = trainVectorsRun(r);
        QCOMPARE(test::name(store.run(stopped.runId)->status), test::name(RunStatus::Stopped));
        QCOMPARE(loadRunVectors(store, stopped.runId).words.size(), out.vectors.words.size());
    }
};

QTEST_MAIN(TestWord2Vec)
#include "tst_word2vec.moc"
