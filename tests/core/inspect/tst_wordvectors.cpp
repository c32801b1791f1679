// Word vectors in the common text format: reading them, every bad-input message, and
// initializing a model's token embeddings from them.
#include "QuickConfig.h"
#include "TestFiles.h"
#include "data/DataError.h"
#include "inspect/ModelInspector.h"
#include "inspect/WordVectors.h"
#include "store/RunStore.h"
#include "train/Training.h"

#include <QtTest>
#include <nlohmann/json.hpp>

using namespace lathe;
using lathe::test::writeFile;

namespace {
// The DataError's message for loading `bytes`, or "" when it loads.
QString errorFor(const QTemporaryDir& dir, const QByteArray& bytes)
{
    try {
        loadWordVectors(writeFile(dir, "v.txt", bytes));
    } catch (const DataError& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

QByteArray vectorLine(const char* word, int dim, float base)
{
    QByteArray line(word);
    for (int i = 0; i < dim; ++i)
        line += ' ' + QByteArray::number(base + 0.01 * i);
    return line + '\n';
}
}  // namespace

class TestWordVectors : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsGloveText()
    {
        QTemporaryDir dir;
        const auto v = loadWordVectors(writeFile(dir, "g.txt", "the 0.418 0.24968 -0.41242\nof 0.70853 0.57088 -0.4716\r\n"
                                                               "\n城市 1e-3 -2 3.5\nthe 9 9 9\n"));
        QCOMPARE(v.size(), std::size_t(3));
        QCOMPARE(v.dim, 3);
        QVERIFY(!v.hadHeader);
        QCOMPARE(v.words[2], std::string("城市"));
        QCOMPARE(v.values[1], 0.24968f);
        QCOMPARE(v.values[6], 0.001f);
        QCOMPARE(v.duplicates, std::size_t(1));  // the second "the" is skipped
        const auto t = v.table();
        QCOMPARE(t.rows, 3);
        QCOMPARE(t.labels[1], std::string("of"));
    }
    void readsWord2vecHeader()
    {
        QTemporaryDir dir;
        const auto v = loadWordVectors(writeFile(dir, "w.txt", "2 2\nking 0.1 0.2\nqueen 0.3 0.4\n"));
        QVERIFY(v.hadHeader);
        QCOMPARE(v.size(), std::size_t(2));
        QCOMPARE(v.dim, 2);
    }
    void missingValuesNameTheLine()
    {
        QTemporaryDir dir;
        const auto e = errorFor(dir, "the 0.1 0.2\nof\n");
        QVERIFY2(e.contains(QStringLiteral("v.txt:2")) && e.contains(QStringLiteral("'of' has no values")), qPrintable(e));
    }
    void wrongDimensionNamesTheLine()
    {
        QTemporaryDir dir;
        auto e = errorFor(dir, "a 1 2 3 4\nb 1 2 3 4\nc 1 2 3\n");
        QVERIFY2(e.contains(QStringLiteral("v.txt:3")) && e.contains(QStringLiteral("'c' has 3 values, but the first vector has 4")),
                 qPrintable(e));
        e = errorFor(dir, "2 5\na 1 2 3 4\n");
        QVERIFY2(e.contains(QStringLiteral("v.txt:2")) && e.contains(QStringLiteral("but the header has 5")), qPrintable(e));
    }
    void notANumberIsNamed()
    {
        QTemporaryDir dir;
        const auto e = errorFor(dir, "a 1 2\nb 1 x2\n");
        QVERIFY2(e.contains(QStringLiteral("v.txt:2")) && e.contains(QStringLiteral("value 2 of 'b' is 'x2', not a number")),
                 qPrintable(e));
    }
    void nonUtf8IsRefusedWithTheLine()
    {
        QTemporaryDir dir;
        const auto e = errorFor(dir, QByteArray("a 1 2\ncaf\xe9 1 2\n"));
        QVERIFY2(e.contains(QStringLiteral("v.txt:2")) && e.contains(QStringLiteral("invalid UTF-8 at byte 4")), qPrintable(e));
        QVERIFY(e.contains(QStringLiteral("iconv")));
    }
    void emptyOrMissingFileIsExplained()
    {
        QTemporaryDir dir;
        QVERIFY(errorFor(dir, "\n\n").contains(QStringLiteral("holds no word vectors")));
        try {
            loadWordVectors(dir.filePath(QStringLiteral("nope.txt")).toStdString());
            QFAIL("loaded a missing file");
        } catch (const DataError& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("nope.txt")));
        }
    }
    void trainingStartsFromTheVectorsAndReportsCoverage()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "vectors.txt",
                                    vectorLine("chef", 32, 0.5f) + vectorLine("the", 32, -0.25f) +
                                        vectorLine("not-in-the-data", 32, 1.0f));
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        auto c = test::quickConfig(1, 1);
        c.model.pretrainedEmbeddings = path;
        c.train.learningRate = 1e-6;
        const auto o = train({c, &store, 0, 0, "", nullptr, nullptr});
        QCOMPARE(test::name(o.status), test::name(RunStatus::Completed));
        ModelInspector inspector(o.checkpoint, 1);
        const auto table = inspector.tokenEmbeddings();
        const int chef = inspector.encode("chef")[1];
        for (int i = 0; i < 32; ++i)
            QVERIFY(std::abs(table.values[static_cast<std::size_t>(chef * 32 + i)] - (0.5f + 0.01f * i)) < 1e-3f);
        // Coverage: 2 of the vocabulary's entries (special tokens excluded), recorded with the run.
        const auto coverage = store.metrics(o.runId, "init/embedding_coverage");
        QCOMPARE(coverage.size(), std::size_t(1));
        const auto summary = nlohmann::json::parse(store.run(o.runId)->summaryJson);
        QCOMPARE(summary["embedding_coverage"]["covered"].get<int>(), 2);
        QCOMPARE(summary["embedding_coverage"]["vocabulary"].get<int>(), table.rows - 4);
        QVERIFY(std::abs(coverage[0].value - 2.0 / (table.rows - 4)) < 1e-12);
        QCOMPARE(o.embeddingsCovered, std::size_t(2));
        QCOMPARE(static_cast<int>(o.embeddingsVocabulary), table.rows - 4);
    }
    void wrongVectorSizeIsRefusedBeforeARunExists()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "small.txt", vectorLine("chef", 8, 0.5f));
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        auto c = test::quickConfig(1, 1);
        c.model.pretrainedEmbeddings = path;
        try {
            train({c, &store, 0, 0, "", nullptr, nullptr});
            QFAIL("trained with 8-dimensional vectors for a 32-wide model");
        } catch (const DataError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("have 8 dimensions but the model's token embeddings have 32")),
                     e.what());
        }
        QVERIFY(store.listRuns().empty());
    }
};

QTEST_GUILESS_MAIN(TestWordVectors)
#include "tst_wordvectors.moc"
