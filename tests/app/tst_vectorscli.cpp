// lathe-cli vectors end to end: train word vectors as a run, list it, find neighbours, score them
// on pairs and analogies, and start a classifier from them, against a real database in a temp dir.
#include "CliRunner.h"
#include "TestFiles.h"

#include <QFile>
#include <QtTest>
#include <nlohmann/json.hpp>

using lathe::test::cli;
using lathe::test::sample;

class TestVectorsCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void wordVectorsTrainAsARunAndFeedAClassifier()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        const QString bin = dir.filePath(QStringLiteral("v.bin"));
        const auto r = cli({QStringLiteral("vectors"), QStringLiteral("train"), QStringLiteral("--data"),
                            sample("resources/sample/topics.csv"), QStringLiteral("--dim"), QStringLiteral("16"),
                            QStringLiteral("--min-count"), QStringLiteral("3"), QStringLiteral("--epochs"), QStringLiteral("2"),
                            QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--out"), bin,
                            QStringLiteral("--binary"), QStringLiteral("--db"), db, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto j = r.lastJson();
        QCOMPARE(j["status"].get<std::string>(), std::string("completed"));
        QVERIFY(j["vocabulary"].get<std::int64_t>() > 50);
        QVERIFY(j["words_per_s"].get<double>() > 0);
        const auto list = cli({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--db"), db});
        QVERIFY2(list.out.contains(QStringLiteral("skipgram")) && list.out.contains(QStringLiteral("loss ")),
                 qPrintable(list.out));
        // Neighbours from the run and from the binary file agree.
        const auto fromRun = cli({QStringLiteral("vectors"), QStringLiteral("neighbours"), QStringLiteral("--run"),
                                  QStringLiteral("1"), QStringLiteral("--word"), QStringLiteral("the"), QStringLiteral("--top"),
                                  QStringLiteral("3"), QStringLiteral("--db"), db, QStringLiteral("--json")});
        QVERIFY2(fromRun.exitCode == 0, qPrintable(fromRun.err));
        QCOMPARE(fromRun.lastJson()["neighbours"].size(), std::size_t(3));
        const auto fromFile = cli({QStringLiteral("vectors"), QStringLiteral("neighbours"), QStringLiteral("--vectors"), bin,
                                   QStringLiteral("--word"), QStringLiteral("the"), QStringLiteral("--top"), QStringLiteral("3"),
                                   QStringLiteral("--json")});
        QCOMPARE(fromFile.lastJson()["neighbours"], fromRun.lastJson()["neighbours"]);
        const auto unknown = cli({QStringLiteral("vectors"), QStringLiteral("neighbours"), QStringLiteral("--vectors"), bin,
                                  QStringLiteral("--word"), QStringLiteral("zyzzyva")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains(QStringLiteral("'zyzzyva' is not among")), qPrintable(unknown.err));
        // Scored on word pairs and analogies (WordSim-353 and questions-words.txt layouts).
        const QString pairs = dir.filePath(QStringLiteral("pairs.tsv")), questions = dir.filePath(QStringLiteral("q.txt"));
        QFile p(pairs), q(questions);
        QVERIFY(p.open(QIODevice::WriteOnly) && q.open(QIODevice::WriteOnly));
        p.write("the\tchef\t3\nchef\tbakes\t7\nthe\tzyzzyva\t1\n");
        q.write(": kitchen\nchef bakes chef bakes\nthe chef zyzzyva a\n");
        p.close();
        q.close();
        const auto eval = cli({QStringLiteral("vectors"), QStringLiteral("eval"), QStringLiteral("--run"), QStringLiteral("1"),
                               QStringLiteral("--similarity"), pairs, QStringLiteral("--analogies"), questions,
                               QStringLiteral("--db"), db, QStringLiteral("--json")});
        QVERIFY2(eval.exitCode == 0, qPrintable(eval.err));
        const auto e = eval.lastJson();
        QCOMPARE(e["similarity"]["pairs"].get<int>(), 3);
        QCOMPARE(e["similarity"]["covered"].get<int>(), 2);
        QCOMPARE(e["analogies"]["total"]["questions"].get<int>(), 2);
        QCOMPARE(e["analogies"]["total"]["covered"].get<int>(), 1);
        QCOMPARE(e["analogies"]["sections"][0]["name"].get<std::string>(), std::string("kitchen"));
        // A classifier starts from them (word tokens: the same forms).
        const auto c = cli({QStringLiteral("train"), QStringLiteral("--data"), sample("resources/sample/topics.csv"),
                            QStringLiteral("--width"), QStringLiteral("16"), QStringLiteral("--heads"), QStringLiteral("2"),
                            QStringLiteral("--layers"), QStringLiteral("1"), QStringLiteral("--embeddings"), bin,
                            QStringLiteral("--steps"), QStringLiteral("5"), QStringLiteral("--db"), db});
        QVERIFY2(c.exitCode == 0, qPrintable(c.err));
        QVERIFY2(c.err.contains(QStringLiteral("token embeddings")), qPrintable(c.err));
        // Too little text for the minimum count: refused, nothing recorded.
        const auto tiny = cli({QStringLiteral("vectors"), QStringLiteral("train"), QStringLiteral("--data"),
                               sample("resources/sample/topics.csv"), QStringLiteral("--min-count"), QStringLiteral("100000"),
                               QStringLiteral("--db"), db});
        QCOMPARE(tiny.exitCode, 2);
        QVERIFY2(tiny.err.contains(QStringLiteral("minimum count")), qPrintable(tiny.err));
    }
    void gloveTrainsWithItsOwnDefaults()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        const auto r = cli({QStringLiteral("vectors"), QStringLiteral("train"), QStringLiteral("--data"),
                            sample("resources/sample/topics.csv"), QStringLiteral("--method"), QStringLiteral("glove"),
                            QStringLiteral("--dim"), QStringLiteral("16"), QStringLiteral("--min-count"), QStringLiteral("3"),
                            QStringLiteral("--epochs"), QStringLiteral("3"), QStringLiteral("--db"), db, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto j = r.lastJson();
        QCOMPARE(j["status"].get<std::string>(), std::string("completed"));
        QVERIFY(j["loss"].get<double>() > 0);
        // GloVe's window (15) and AdaGrad rate (0.05) where the user gave none; their epochs kept.
        const auto show = cli({QStringLiteral("runs"), QStringLiteral("show"), QStringLiteral("1"), QStringLiteral("--db"), db});
        QVERIFY2(show.exitCode == 0, qPrintable(show.err));
        for (const auto* setting : {"\"method\": \"glove\"", "\"window\": 15", "\"epochs\": 3", "\"alpha\": 0.05"})
            QVERIFY2(show.out.contains(QLatin1String(setting)), qPrintable(show.out));
        const auto list = cli({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--db"), db});
        QVERIFY2(list.out.contains(QStringLiteral("glove")), qPrintable(list.out));
    }
};

QTEST_MAIN(TestVectorsCli)
#include "tst_vectorscli.moc"
