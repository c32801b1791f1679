// End to end: lathe-cli as a user runs it, against a real database in a temp dir.
#include "CliRunner.h"
#include "TestFiles.h"
#include "store/RunStore.h"

#include <QtTest>
#include <nlohmann/json.hpp>

#include <signal.h>
#include <sqlite3.h>

using namespace lathe;
using lathe::test::cli;
using lathe::test::sample;

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void trainsBundledDatasetToStatedAccuracy()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        const auto r = cli({QStringLiteral("train"), QStringLiteral("--data"), sample("resources/sample/topics.csv"),
                            QStringLiteral("--steps"), QStringLiteral("300"), QStringLiteral("--threads"),
                            QStringLiteral("2"), QStringLiteral("--db"), db, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto j = r.lastJson();
        QCOMPARE(j["status"].get<std::string>(), std::string("completed"));
        QCOMPARE(j["steps"].get<int>(), 300);
        QVERIFY(j["params"].get<std::int64_t>() > 100000);
        QVERIFY(j["tokens_per_s"].get<double>() > 0);
        // The bundled dataset's stated target: 90% validation accuracy within 300 steps.
        QVERIFY2(j["val"]["accuracy"].get<double>() >= 0.90, j.dump().c_str());
        QVERIFY(j["val"]["macro_f1"].get<double>() >= 0.85);

        const auto list = cli({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--db"), db,
                               QStringLiteral("--json")});
        QCOMPARE(list.exitCode, 0);
        const auto runs = nlohmann::json::parse(list.out.toStdString());
        QCOMPARE(runs.size(), std::size_t(1));
        QCOMPARE(runs[0]["id"].get<int>(), j["run_id"].get<int>());
        QCOMPARE(runs[0]["model"].get<std::string>(), std::string("transformer"));
        RunStore store(db.toStdString());
        QCOMPARE(store.metrics(1, "train/loss").size(), std::size_t(300));

        const auto show = cli({QStringLiteral("runs"), QStringLiteral("show"), QStringLiteral("1"), QStringLiteral("--db"), db});
        QVERIFY(show.out.contains(QStringLiteral("per-class")));
        const auto csv = cli({QStringLiteral("export"), QStringLiteral("metrics"), QStringLiteral("--run"),
                              QStringLiteral("1"), QStringLiteral("--db"), db});
        QVERIFY(csv.out.startsWith(QStringLiteral("run_id,run_name,key,step,wall_time,value\n")));
        const auto eval = cli({QStringLiteral("eval"), QStringLiteral("--run"), QStringLiteral("1"), QStringLiteral("--data"),
                               sample("resources/sample/topics.csv"), QStringLiteral("--db"), db, QStringLiteral("--json")});
        QVERIFY2(eval.exitCode == 0, qPrintable(eval.err));
        const auto ej = eval.lastJson();
        QVERIFY(ej["report"]["accuracy"].get<double>() > 0.9);
        // In the precision the run trained in, and how fast its passes ran.
        const auto trained = nlohmann::json::parse(store.run(1)->summaryJson);
        QCOMPARE(ej["precision"].get<std::string>(), trained["precision"].get<std::string>());
        QVERIFY(ej["tokens_per_s"].get<double>() > 0);

        // A smaller student distilled from this run: its dataset and tokenizer by default.
        const auto d = cli({QStringLiteral("distill"), QStringLiteral("--teacher"), QStringLiteral("1"), QStringLiteral("--width"),
                            QStringLiteral("32"), QStringLiteral("--heads"), QStringLiteral("2"), QStringLiteral("--layers"),
                            QStringLiteral("1"), QStringLiteral("--ffn"), QStringLiteral("64"), QStringLiteral("--steps"),
                            QStringLiteral("40"), QStringLiteral("--alpha"), QStringLiteral("0.3"), QStringLiteral("--temperature"),
                            QStringLiteral("3"), QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--db"), db,
                            QStringLiteral("--json")});
        QVERIFY2(d.exitCode == 0, qPrintable(d.err));
        const auto dj = d.lastJson();
        QCOMPARE(dj["status"].get<std::string>(), std::string("completed"));
        QVERIFY(dj["params"].get<std::int64_t>() < j["params"].get<std::int64_t>());
        const auto student = store.run(dj["run_id"].get<std::int64_t>());
        QCOMPARE(student->parentId, std::int64_t(1));
        QVERIFY(student->configJson.find("\"distillTemperature\":3.0") != std::string::npos);
        QCOMPARE(store.metrics(student->id, "train/distill_kl").size(), std::size_t(40));
        const auto bad = cli({QStringLiteral("distill"), QStringLiteral("--teacher"), QStringLiteral("1"), QStringLiteral("--alpha"),
                              QStringLiteral("1.5"), QStringLiteral("--db"), db});
        QCOMPARE(bad.exitCode, 2);
    }
    void fastTextBaselineTrainsEvaluatesAndIsRecorded()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        const auto r = cli({QStringLiteral("train"), QStringLiteral("--data"), sample("resources/sample/topics.csv"),
                            QStringLiteral("--model"), QStringLiteral("fasttext"), QStringLiteral("--width"), QStringLiteral("64"),
                            QStringLiteral("--buckets"), QStringLiteral("20000"), QStringLiteral("--word-ngrams"), QStringLiteral("2"),
                            QStringLiteral("--char-ngrams"), QStringLiteral("3-4"), QStringLiteral("--lr"), QStringLiteral("0.05"),
                            QStringLiteral("--steps"), QStringLiteral("200"), QStringLiteral("--threads"), QStringLiteral("1"),
                            QStringLiteral("--weight-decay"), QStringLiteral("1"), QStringLiteral("--validation-fraction"),
                            QStringLiteral("0.2"), QStringLiteral("--test-fraction"), QStringLiteral("0"),
                            QStringLiteral("--db"), db, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto j = r.lastJson();
        QCOMPARE(j["status"].get<std::string>(), std::string("completed"));
        QVERIFY2(j["val"]["accuracy"].get<double>() >= 0.9, j.dump().c_str());
        // Tokens and buckets of width 64, and the head.
        QVERIFY(j["params"].get<std::int64_t>() > 20000 * 64);
        RunStore store(db.toStdString());
        const auto config = nlohmann::json::parse(store.run(1)->configJson);
        QCOMPARE(config["model"]["family"].get<std::string>(), std::string("fasttext"));
        QCOMPARE(config["model"]["buckets"].get<int>(), 20000);
        QCOMPARE(config["model"]["charNgramMax"].get<int>(), 4);
        QCOMPARE(config["train"]["weightDecay"].get<double>(), 1.0);
        QCOMPARE(config["data"]["validationFraction"].get<double>(), 0.2);
        QCOMPARE(config["data"]["testFraction"].get<double>(), 0.0);
        const auto eval = cli({QStringLiteral("eval"), QStringLiteral("--run"), QStringLiteral("1"), QStringLiteral("--data"),
                               sample("resources/sample/topics.csv"), QStringLiteral("--db"), db, QStringLiteral("--json")});
        QVERIFY2(eval.exitCode == 0, qPrintable(eval.err));
        QVERIFY(eval.lastJson()["report"]["accuracy"].get<double>() > 0.9);
        // A malformed n-gram range is refused with what to give.
        const auto bad = cli({QStringLiteral("train"), QStringLiteral("--data"), sample("resources/sample/topics.csv"),
                              QStringLiteral("--model"), QStringLiteral("fasttext"), QStringLiteral("--char-ngrams"),
                              QStringLiteral("three"), QStringLiteral("--db"), db});
        QVERIFY(bad.exitCode != 0);
        QVERIFY(bad.err.contains(QStringLiteral("3-5")));
        const auto inverted = cli({QStringLiteral("train"), QStringLiteral("--data"), sample("resources/sample/topics.csv"),
                                   QStringLiteral("--model"), QStringLiteral("fasttext"), QStringLiteral("--char-ngrams"),
                                   QStringLiteral("5-3"), QStringLiteral("--db"), db});
        QCOMPARE(inverted.exitCode, 2);
        QVERIFY2(inverted.err.contains(QStringLiteral("character n-grams")), qPrintable(inverted.err));
        // Held-out shares that leave nothing to train on, or a negative decay, are refused.
        const auto noRoom = cli({QStringLiteral("train"), QStringLiteral("--data"), sample("resources/sample/topics.csv"),
                                 QStringLiteral("--model"), QStringLiteral("fasttext"), QStringLiteral("--validation-fraction"),
                                 QStringLiteral("0.6"), QStringLiteral("--test-fraction"), QStringLiteral("0.5"),
                                 QStringLiteral("--db"), db});
        QCOMPARE(noRoom.exitCode, 2);
        QVERIFY2(noRoom.err.contains(QStringLiteral("validation fraction")), qPrintable(noRoom.err));
        const auto negative = cli({QStringLiteral("train"), QStringLiteral("--data"), sample("resources/sample/topics.csv"),
                                   QStringLiteral("--weight-decay"), QStringLiteral("-1"), QStringLiteral("--db"), db});
        QVERIFY(negative.exitCode != 0);
    }
    void pretrainsThenFineTunesFromTheCommandLine()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        const QStringList small{QStringLiteral("--width"), QStringLiteral("32"), QStringLiteral("--heads"), QStringLiteral("2"),
                                QStringLiteral("--layers"), QStringLiteral("1"), QStringLiteral("--max-length"),
                                QStringLiteral("32"), QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--db"), db,
                                QStringLiteral("--json")};
        const auto pre = cli(QStringList{QStringLiteral("train"), QStringLiteral("--data"), sample("resources/sample/topics.csv"),
                                         QStringLiteral("--model"), QStringLiteral("mlm"), QStringLiteral("--steps"),
                                         QStringLiteral("40")} + small);
        QVERIFY2(pre.exitCode == 0, qPrintable(pre.err));
        QVERIFY(pre.lastJson()["val"]["perplexity"].get<double>() > 1);
        // No --model: labelled data makes a classifier of the language model's trunk.
        const auto tuned = cli(QStringList{QStringLiteral("train"), QStringLiteral("--data"), sample("resources/sample/topics.csv"),
                                           QStringLiteral("--base"), QStringLiteral("1"), QStringLiteral("--train-limit"),
                                           QStringLiteral("100"), QStringLiteral("--schedule"), QStringLiteral("slanted"),
                                           QStringLiteral("--layer-lr-decay"), QStringLiteral("2.6"), QStringLiteral("--unfreeze-every"),
                                           QStringLiteral("10"), QStringLiteral("--steps"), QStringLiteral("30")} + small);
        QVERIFY2(tuned.exitCode == 0, qPrintable(tuned.err));
        QVERIFY(tuned.lastJson()["val"].contains("accuracy"));
        QVERIFY2(tuned.err.contains(QStringLiteral("from base run 1 (a language model: the classifier head is new)")),
                 qPrintable(tuned.err));
        const auto show = cli({QStringLiteral("runs"), QStringLiteral("show"), QStringLiteral("2"), QStringLiteral("--db"), db});
        QVERIFY2(show.out.contains(QStringLiteral("lineage    <- run 1 (mlm-word, mlm)")), qPrintable(show.out));
        // The control: the same flags and --from-scratch, random weights, linked to the same base.
        const auto control = cli(QStringList{QStringLiteral("train"), QStringLiteral("--data"), sample("resources/sample/topics.csv"),
                                             QStringLiteral("--base"), QStringLiteral("1"), QStringLiteral("--from-scratch"),
                                             QStringLiteral("--train-limit"), QStringLiteral("100"), QStringLiteral("--steps"),
                                             QStringLiteral("30")} + small);
        QVERIFY2(control.exitCode == 0, qPrintable(control.err));
        QVERIFY2(control.err.contains(QStringLiteral("from random weights")), qPrintable(control.err));
        QVERIFY2(!control.err.contains(QStringLiteral("weight tensors")), qPrintable(control.err));
        const auto shown = cli({QStringLiteral("runs"), QStringLiteral("show"), QStringLiteral("3"), QStringLiteral("--db"), db});
        QVERIFY2(shown.out.contains(QStringLiteral("lineage    <- run 1 (mlm-word, mlm)  (its architecture and tokenizer, random weights")),
                 qPrintable(shown.out));
        const auto noBase = cli(QStringList{QStringLiteral("train"), QStringLiteral("--data"), sample("resources/sample/topics.csv"),
                                            QStringLiteral("--from-scratch")} + small);
        QCOMPARE(noBase.exitCode, 2);
        QVERIFY2(noBase.err.contains(QStringLiteral("base run")), qPrintable(noBase.err));
        // A masked LM does not continue text; a decay below 1 is refused.
        const auto g = cli({QStringLiteral("generate"), QStringLiteral("--run"), QStringLiteral("1"), QStringLiteral("--prompt"),
                            QStringLiteral("the"), QStringLiteral("--db"), db});
        QVERIFY(g.exitCode != 0);
        QVERIFY2(g.err.contains(QStringLiteral("masked language model")), qPrintable(g.err));
        const auto bad = cli(QStringList{QStringLiteral("train"), QStringLiteral("--data"), sample("resources/sample/topics.csv"),
                                         QStringLiteral("--layer-lr-decay"), QStringLiteral("0.5")} + small);
        QVERIFY(bad.exitCode != 0);
    }
    void languageModelBeatsTheUniformBaseline()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        const auto r = cli({QStringLiteral("train"), QStringLiteral("--data"), sample("resources/sample/stories.txt"),
                            QStringLiteral("--model"), QStringLiteral("gpt"), QStringLiteral("--max-length"),
                            QStringLiteral("32"), QStringLiteral("--steps"), QStringLiteral("120"), QStringLiteral("--lr"),
                            QStringLiteral("3e-3"), QStringLiteral("--db"), db, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        RunStore store(db.toStdString());
        const auto vocabulary =
            nlohmann::json::parse(store.run(1)->configJson)["model"]["vocabularySize"].get<double>();
        const auto ppl = r.lastJson()["val"]["perplexity"].get<double>();
        QVERIFY2(ppl < vocabulary / 10, qPrintable(QStringLiteral("perplexity %1, vocabulary %2").arg(ppl).arg(vocabulary)));
        const auto g = cli({QStringLiteral("generate"), QStringLiteral("--run"), QStringLiteral("1"), QStringLiteral("--prompt"),
                            QStringLiteral("the chef"), QStringLiteral("--length"), QStringLiteral("8"), QStringLiteral("--db"), db});
        QCOMPARE(g.exitCode, 0);
        QVERIFY(g.out.startsWith(QStringLiteral("the chef ")));
    }
    void systemNamesTheEngineAndItsOpenMpBlas()
    {
        const auto r = cli({QStringLiteral("system"), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto j = r.lastJson();
        QVERIFY(!j["cpu"].get<std::string>().empty());
        QVERIFY(j["cores"].get<int>() >= 1);
        // The OpenMP build of OpenBLAS is the one loaded (one thread pool with LibTorch's).
        QVERIFY2(j["blas"].get<std::string>().find("(openmp,") != std::string::npos, j.dump().c_str());
        // OpenBLAS runs kernels of this CPU's ISA class: 0.3.21 falls back to SSE3 ("Prescott")
        // on CPUs newer than it, and lathe-cli switches it to AVX2/AVX-512 ones, unless the user
        // chose kernels with OPENBLAS_CORETYPE (some machines here set Haswell): that choice stands.
        if (!qEnvironmentVariableIsSet("OPENBLAS_CORETYPE"))
            QVERIFY2(j["blas_kernels_fit"].get<bool>(), j.dump().c_str());
        const auto precision = j["precision_auto"].get<std::string>();
        QVERIFY(precision == "fp32" || precision == "bf16");
        // Products on oneDNN; the kernels' parallel loops really run on every core (a core built
        // without OpenMP runs them on one thread and says 1 here).
        QVERIFY2(j["gemm"].get<std::string>().rfind("oneDNN ", 0) == 0, j.dump().c_str());
        QCOMPARE(j["kernel_loop_threads"].get<int>(), j["cores"].get<int>());
        // LATHE_CPU_ISA caps the kernels' level (scalar runs everywhere).
        QProcess p;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LATHE_CPU_ISA"), QStringLiteral("scalar"));
        p.setProcessEnvironment(env);
        p.start(QStringLiteral(LATHE_CLI), {QStringLiteral("system"), QStringLiteral("--json")});
        QVERIFY(p.waitForFinished(60000));
        const auto capped = nlohmann::json::parse(QString::fromUtf8(p.readAllStandardOutput()).trimmed().toStdString());
        QCOMPARE(capped["isa_active"].get<std::string>(), std::string("scalar"));
        // ... and oneDNN's products with them (SSE4.1 is oneDNN's lowest level).
        QVERIFY2(capped["gemm"].get<std::string>().find("sse41") != std::string::npos, capped.dump().c_str());
        QCOMPARE(capped["isa_detected"], j["isa_detected"]);
    }
    void badInputExitsTwoNamingFileAndLine()
    {
        QTemporaryDir dir;
        const auto bad = lathe::test::writeFile(dir, "bad.csv", "text,label\nok,a\nbroken,b,c\n");
        const auto r = cli({QStringLiteral("train"), QStringLiteral("--data"), QString::fromStdString(bad),
                            QStringLiteral("--db"), dir.filePath(QStringLiteral("e.db"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("bad.csv:3: this row has 3 fields but the header has 2")), qPrintable(r.err));
        QCOMPARE(cli({QStringLiteral("train"), QStringLiteral("--no-such-flag")}).exitCode, 2);
        const auto vectors = lathe::test::writeFile(dir, "v.txt", "the 0.1 0.2\nof 0.3\n");
        const auto e = cli({QStringLiteral("train"), QStringLiteral("--data"), sample("resources/sample/topics.csv"),
                            QStringLiteral("--embeddings"), QString::fromStdString(vectors), QStringLiteral("--db"),
                            dir.filePath(QStringLiteral("v.db"))});
        QCOMPARE(e.exitCode, 2);
        QVERIFY2(e.err.contains(QStringLiteral("v.txt:2: 'of' has 1 values, but the first vector has 2")), qPrintable(e.err));
        QCOMPARE(cli({QStringLiteral("runs"), QStringLiteral("show"), QStringLiteral("7"), QStringLiteral("--db"),
                      dir.filePath(QStringLiteral("e.db"))}).exitCode, 2);
    }
    void trainsAnEncoderDecoderThenEvaluatesAndTranslatesWithIt()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        const auto S = [](const char* s) { return QString::fromUtf8(s); };
        const auto r = cli({S("train"), S("--data"), sample("resources/sample/numbers.csv"), S("--model"), S("seq2seq"),
                            S("--source-column"), S("text"), S("--target-column"), S("target"), S("--tokenizer"),
                            S("char"), S("--width"), S("48"), S("--heads"), S("2"), S("--layers"), S("1"), S("--ffn"),
                            S("96"), S("--max-length"), S("40"), S("--lr"), S("3e-3"), S("--steps"), S("400"),
                            S("--eval-every"), S("400"), S("--threads"), S("1"), S("--db"), db, S("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto j = r.lastJson();
        for (const char* key : {"loss", "token_accuracy", "exact_match", "token_error_rate", "sequence_error_rate", "cer",
                                "bleu", "chrf"})
            QVERIFY2(j["val"].contains(key), key);
        QVERIFY2(j["val"]["token_accuracy"].get<double>() > 0.5, j.dump().c_str());
        const auto id = QString::number(j["run_id"].get<int>());

        // Several lines in, as many outputs out, in order.
        const auto t = cli({S("translate"), S("--run"), id, S("--text"), S("forty-two\nseven\n三百"), S("--db"), db});
        QVERIFY2(t.exitCode == 0, qPrintable(t.err));
        QCOMPARE(t.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts).size(), 3);
        const auto tj = cli({S("translate"), S("--run"), id, S("--text"), S("forty-two"), S("--beam"), S("3"), S("--json"),
                             S("--db"), db});
        QVERIFY2(tj.exitCode == 0, qPrintable(tj.err));
        QCOMPARE(tj.lastJson()["source"].get<std::string>(), std::string("forty-two"));

        // eval reads the pairs with the run's columns and prints the same metrics.
        const auto e = cli({S("eval"), S("--run"), id, S("--data"), sample("resources/sample/numbers.csv"), S("--beam"),
                            S("2"), S("--json"), S("--db"), db});
        QVERIFY2(e.exitCode == 0, qPrintable(e.err));
        const auto ej = e.lastJson();
        QCOMPARE(ej["examples"].get<int>(), 3000);
        QCOMPARE(ej["beam"].get<int>(), 2);
        QVERIFY(ej["exact_match"].get<double>() >= 0 && ej["bleu"].get<double>() >= 0);
        QVERIFY(ej["signatures"]["chrf"].get<std::string>().starts_with("nrefs:1"));

        // A missing target column is named, with the file; a classifier run does not translate.
        const auto bad = cli({S("train"), S("--data"), sample("resources/sample/numbers.csv"), S("--model"),
                              S("lstm-seq2seq"), S("--target-column"), S("digits"), S("--db"), db});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains(S("digits")) && bad.err.contains(S("numbers.csv")), qPrintable(bad.err));
        const auto same = cli({S("train"), S("--data"), sample("resources/sample/numbers.csv"), S("--model"),
                               S("seq2seq"), S("--target-column"), S("text"), S("--db"), db});
        QCOMPARE(same.exitCode, 2);
        QVERIFY2(same.err.contains(S("--target-column")), qPrintable(same.err));
        const auto nothing = cli({S("translate"), S("--run"), id, S("--db"), db});
        QCOMPARE(nothing.exitCode, 2);
        QVERIFY2(nothing.err.contains(S("--text")), qPrintable(nothing.err));
    }
    void scoresAHypothesisFileAgainstItsReferences()
    {
        QTemporaryDir dir;
        // sacreBLEU's README sentences (its first reference set): BLEU 45.07, chrF2 50.04.
        const auto ref = lathe::test::writeFile(dir, "ref.txt", "The dog bit the man.\r\nIt was not unexpected.\r\n"
                                                                 "The man bit him first.\r\n");
        const auto hyp = lathe::test::writeFile(dir, "hyp.txt", "The dog bit the man.\nIt wasn't surprising.\n"
                                                                 "The man had just bitten him.\n");
        const auto r = cli({QStringLiteral("score"), QStringLiteral("--reference"), QString::fromStdString(ref),
                            QStringLiteral("--hypothesis"), QString::fromStdString(hyp), QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto j = nlohmann::json::parse(r.out.toStdString());
        QCOMPARE(j["sequences"].get<int>(), 3);
        QVERIFY(std::abs(j["bleu"].get<double>() - 45.06750632106114) < 1e-6);
        QVERIFY(std::abs(j["chrf"].get<double>() - 50.043063606582294) < 1e-6);
        QVERIFY(std::abs(j["exact_match"].get<double>() - 1.0 / 3) < 1e-12);
        QCOMPARE(QString::fromStdString(j["bleu_signature"].get<std::string>()),
                 QStringLiteral("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0"));
        const auto text = cli({QStringLiteral("score"), QStringLiteral("-r"), QString::fromStdString(ref),
                               QStringLiteral("-y"), QString::fromStdString(hyp), QStringLiteral("--tokens"),
                               QStringLiteral("chars")});
        QVERIFY2(text.out.contains(QStringLiteral("BLEU                  45.07")), qPrintable(text.out));
        QVERIFY2(text.out.contains(QStringLiteral("(chars)")), qPrintable(text.out));

        // A blank hypothesis line is a (wrong) output; a missing line is an error naming both files.
        const auto blank = lathe::test::writeFile(dir, "blank.txt", "The dog bit the man.\n\nThe man bit him first.\n");
        const auto b = cli({QStringLiteral("score"), QStringLiteral("-r"), QString::fromStdString(ref), QStringLiteral("-y"),
                            QString::fromStdString(blank), QStringLiteral("--json")});
        QVERIFY2(b.exitCode == 0, qPrintable(b.err));
        QVERIFY(std::abs(nlohmann::json::parse(b.out.toStdString())["exact_match"].get<double>() - 2.0 / 3) < 1e-12);
        const auto shortFile = lathe::test::writeFile(dir, "short.txt", "The dog bit the man.\n");
        const auto s = cli({QStringLiteral("score"), QStringLiteral("-r"), QString::fromStdString(ref), QStringLiteral("-y"),
                            QString::fromStdString(shortFile)});
        QCOMPARE(s.exitCode, 2);
        QVERIFY2(s.err.contains(QStringLiteral("short.txt: has 1 lines but the references (")) &&
                     s.err.contains(QStringLiteral("ref.txt) have 3")),
                 qPrintable(s.err));
        const auto latin1 = lathe::test::writeFile(dir, "latin1.txt", "ok\nok\ncaf\xE9\n");
        const auto l = cli({QStringLiteral("score"), QStringLiteral("-r"), QString::fromStdString(ref), QStringLiteral("-y"),
                            QString::fromStdString(latin1)});
        QCOMPARE(l.exitCode, 2);
        QVERIFY2(l.err.contains(QStringLiteral("latin1.txt:3: invalid UTF-8 byte 0xE9")), qPrintable(l.err));
        QCOMPARE(cli({QStringLiteral("score"), QStringLiteral("-r"), dir.filePath(QStringLiteral("none.txt")),
                      QStringLiteral("-y"), QString::fromStdString(hyp)}).exitCode, 2);
    }
    void dataDescribesADatasetWithoutTraining()
    {
        const auto r = cli({QStringLiteral("data"), QStringLiteral("--data"), sample("resources/sample/topics.csv"),
                            QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto j = r.lastJson();
        QCOMPARE(j["examples"].get<int>(), 2400);
        QCOMPARE(j["classes"]["cooking"].get<int>(), 604);
        QCOMPARE(j["split"]["train"].get<int>() + j["split"]["validation"].get<int>() + j["split"]["test"].get<int>(), 2400);
        const auto corpus = cli({QStringLiteral("data"), QStringLiteral("--data"), sample("resources/sample/stories.txt"),
                                 QStringLiteral("--json")});
        QCOMPARE(corpus.exitCode, 0);
        QVERIFY(corpus.lastJson()["classes"].empty());

        QTemporaryDir dir;
        const auto bad = lathe::test::writeFile(dir, "bad.jsonl", "{\"text\": \"a\", \"label\": \"x\"}\n{\"text\": 3}\n");
        const auto e = cli({QStringLiteral("data"), QStringLiteral("--data"), QString::fromStdString(bad)});
        QCOMPARE(e.exitCode, 2);
        QVERIFY2(e.err.contains(QStringLiteral("bad.jsonl:2:")), qPrintable(e.err));
    }
    void attentionAndProjectionOfATrainedRun()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        const auto t = cli({QStringLiteral("train"), QStringLiteral("--data"), sample("resources/sample/topics.csv"),
                            QStringLiteral("--width"), QStringLiteral("32"), QStringLiteral("--heads"), QStringLiteral("2"),
                            QStringLiteral("--layers"), QStringLiteral("2"), QStringLiteral("--ffn"), QStringLiteral("64"),
                            QStringLiteral("--steps"), QStringLiteral("40"), QStringLiteral("--eval-every"),
                            QStringLiteral("20"), QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--db"), db,
                            QStringLiteral("-q")});
        QVERIFY2(t.exitCode == 0, qPrintable(t.err));
        const auto a = cli({QStringLiteral("attention"), QStringLiteral("--run"), QStringLiteral("1"), QStringLiteral("--text"),
                            QStringLiteral("The chef roasted the garlic"), QStringLiteral("--json"), QStringLiteral("--db"), db});
        QVERIFY2(a.exitCode == 0, qPrintable(a.err));
        const auto j = nlohmann::json::parse(a.out.toStdString());
        const auto tokens = j["tokens"].get<std::vector<std::string>>();
        QCOMPARE(tokens, (std::vector<std::string>{"<bos>", "the", "chef", "roasted", "the", "garlic"}));
        QCOMPARE(j["attention"].size(), std::size_t(2));
        QCOMPARE(j["attention"][1].size(), std::size_t(2));
        for (const auto& row : j["attention"][1][0]) {
            QCOMPARE(row.size(), tokens.size());
            double sum = 0;
            for (const auto& v : row)
                sum += v.get<double>();
            QVERIFY(std::abs(sum - 1.0) < 1e-5);
        }
        // An earlier checkpoint of the timeline, and a step that was never kept.
        const auto early = cli({QStringLiteral("attention"), QStringLiteral("--run"), QStringLiteral("1"), QStringLiteral("--text"),
                                QStringLiteral("garlic"), QStringLiteral("--step"), QStringLiteral("20"), QStringLiteral("--json"),
                                QStringLiteral("--db"), db});
        QVERIFY2(early.exitCode == 0, qPrintable(early.err));
        QCOMPARE(nlohmann::json::parse(early.out.toStdString())["step"].get<int>(), 20);
        const auto missing = cli({QStringLiteral("attention"), QStringLiteral("--run"), QStringLiteral("1"), QStringLiteral("--text"),
                                  QStringLiteral("x"), QStringLiteral("--step"), QStringLiteral("7"), QStringLiteral("--db"), db});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(QStringLiteral("it has: 20, 40")), qPrintable(missing.err));

        const QString tokensCsv = dir.filePath(QStringLiteral("tokens.csv"));
        const auto p = cli({QStringLiteral("project"), QStringLiteral("--run"), QStringLiteral("1"), QStringLiteral("--what"),
                            QStringLiteral("tokens"), QStringLiteral("--method"), QStringLiteral("pca"), QStringLiteral("--out"),
                            tokensCsv, QStringLiteral("--db"), db});
        QVERIFY2(p.exitCode == 0, qPrintable(p.err));
        QFile f(tokensCsv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto lines = QString::fromUtf8(f.readAll()).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.first(), QStringLiteral("x,y,token,frequency"));
        QVERIFY(lines.size() > 100);
        QVERIFY(lines.contains(QRegularExpression(QStringLiteral("^[-0-9.e]+,[-0-9.e]+,chef,[1-9][0-9]*$"))));

        const QString sentencesCsv = dir.filePath(QStringLiteral("sentences.csv"));
        const auto s = cli({QStringLiteral("project"), QStringLiteral("--run"), QStringLiteral("1"), QStringLiteral("--what"),
                            QStringLiteral("sentences"), QStringLiteral("--method"), QStringLiteral("tsne"),
                            QStringLiteral("--iterations"), QStringLiteral("250"), QStringLiteral("--out"), sentencesCsv,
                            QStringLiteral("--db"), db});
        QVERIFY2(s.exitCode == 0, qPrintable(s.err));
        QFile g(sentencesCsv);
        QVERIFY(g.open(QIODevice::ReadOnly));
        const auto rows = QString::fromUtf8(g.readAll()).trimmed().split(QLatin1Char('\n'));
        QCOMPARE(rows.first(), QStringLiteral("x,y,text,label"));
        QCOMPARE(rows.size(), 1 + 239);  // the validation split (lathe-cli data: 239 of 2,400)
    }
    void svdSweepPrintsOnePointPerRankAndRecordsThem()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        const auto t = cli({QStringLiteral("train"), QStringLiteral("--data"), sample("resources/sample/topics.csv"),
                            QStringLiteral("--width"), QStringLiteral("32"), QStringLiteral("--heads"), QStringLiteral("2"),
                            QStringLiteral("--layers"), QStringLiteral("1"), QStringLiteral("--ffn"), QStringLiteral("64"),
                            QStringLiteral("--steps"), QStringLiteral("40"), QStringLiteral("--threads"), QStringLiteral("2"),
                            QStringLiteral("--db"), db, QStringLiteral("-q")});
        QVERIFY2(t.exitCode == 0, qPrintable(t.err));
        const auto g = cli({QStringLiteral("compress"), QStringLiteral("svd-sweep"), QStringLiteral("--run"), QStringLiteral("1"),
                            QStringLiteral("--ranks"), QStringLiteral("2,4,8"), QStringLiteral("--mode"), QStringLiteral("global"),
                            QStringLiteral("--save-best"), QStringLiteral("--threads"), QStringLiteral("2"),
                            QStringLiteral("--db"), db, QStringLiteral("--json")});
        QVERIFY2(g.exitCode == 0, qPrintable(g.err));
        const auto points = g.lastJson();
        QCOMPARE(points.size(), std::size_t(3));
        for (const auto& p : points) {
            QCOMPARE(p["mode"].get<std::string>(), std::string("global"));
            QVERIFY(p["budget"].get<double>() > 0);
            QVERIFY(p["params"].get<std::int64_t>() > 0);
            for (const char* key : {"loss", "accuracy", "macro_f1"})
                QVERIFY(p["val"].contains(key));
            QCOMPARE(p["layers"].size(), std::size_t(5));
            QVERIFY(p["layers"][0].contains("relative_error"));
        }
        QVERIFY2(g.err.contains(QStringLiteral("saved the best point as run 2")), qPrintable(g.err));
        const auto l = cli({QStringLiteral("compress"), QStringLiteral("svd-sweep"), QStringLiteral("--run"), QStringLiteral("1"),
                            QStringLiteral("--ranks"), QStringLiteral("4"), QStringLiteral("--mode"), QStringLiteral("layer"),
                            QStringLiteral("--db"), db, QStringLiteral("--json")});
        QVERIFY2(l.exitCode == 0, qPrintable(l.err));
        for (const auto& p : l.lastJson())
            QVERIFY(!p["layer"].get<std::string>().empty());
        RunStore store(db.toStdString());
        QCOMPARE(store.sweeps(1).size(), std::size_t(2));
        QCOMPARE(store.run(2)->parentId, std::int64_t(1));
        // Ranks and budgets together, or neither, is a usage error.
        const auto bad = cli({QStringLiteral("compress"), QStringLiteral("svd-sweep"), QStringLiteral("--run"), QStringLiteral("1"),
                              QStringLiteral("--db"), db});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains(QStringLiteral("--ranks")), qPrintable(bad.err));
    }
    void divergedRunExitsThree()
    {
        QTemporaryDir dir;
        const auto r = cli({QStringLiteral("train"), QStringLiteral("--data"), sample("resources/sample/topics.csv"),
                            QStringLiteral("--optimizer"), QStringLiteral("sgd"), QStringLiteral("--lr"), QStringLiteral("1e12"),
                            QStringLiteral("--clip"), QStringLiteral("0"), QStringLiteral("--width"), QStringLiteral("32"),
                            QStringLiteral("--steps"), QStringLiteral("100"), QStringLiteral("--db"),
                            dir.filePath(QStringLiteral("e.db")), QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(r.lastJson()["status"].get<std::string>(), std::string("diverged"));
    }
    void killedTrainingIsMarkedCrashedAndResumes()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        QProcess p;
        p.start(QStringLiteral(LATHE_CLI),
                {QStringLiteral("train"), QStringLiteral("--data"), sample("resources/sample/topics.csv"),
                 QStringLiteral("--width"), QStringLiteral("32"), QStringLiteral("--layers"), QStringLiteral("1"),
                 QStringLiteral("--steps"), QStringLiteral("150"), QStringLiteral("--eval-every"), QStringLiteral("10"),
                 QStringLiteral("--threads"), QStringLiteral("1"), QStringLiteral("--db"), db});
        const QString checkpoint = dir.filePath(QStringLiteral("e-files/run-1/checkpoint.pt"));
        QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(checkpoint), 60000);
        QTest::qWait(300);  // let a few more metric flushes land
        // Only while it runs: an exited process's pid reads 0, and kill(0, …) would hit ctest too.
        if (const auto pid = static_cast<pid_t>(p.processId()); pid > 0)
            ::kill(pid, SIGKILL);
        p.waitForFinished();

        sqlite3* raw = nullptr;
        sqlite3_open(db.toUtf8().constData(), &raw);
        sqlite3_stmt* q = nullptr;
        sqlite3_prepare_v2(raw, "PRAGMA integrity_check", -1, &q, nullptr);
        QCOMPARE(sqlite3_step(q), SQLITE_ROW);
        QCOMPARE(QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(q, 0))), QStringLiteral("ok"));
        sqlite3_finalize(q);
        sqlite3_close(raw);

        std::size_t before = 0;
        {
            RunStore store(db.toStdString());
            QCOMPARE(lathe::test::name(store.run(1)->status), lathe::test::name(RunStatus::Crashed));
            before = store.metrics(1, "train/loss").size();
            QVERIFY(before >= 10);
        }
        const auto r = cli({QStringLiteral("train"), QStringLiteral("--resume"), QStringLiteral("1"), QStringLiteral("--db"),
                            db, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.lastJson()["run_id"].get<int>(), 1);
        QCOMPARE(r.lastJson()["steps"].get<int>(), 150);
        RunStore store(db.toStdString());
        QCOMPARE(lathe::test::name(store.run(1)->status), lathe::test::name(RunStatus::Completed));
        QCOMPARE(store.metrics(1, "train/loss").size(), std::size_t(150));
    }
    void refusesAModelThatCannotFitBeforeAllocating()
    {
        // Once LibTorch's raw allocator text and exit 1; now refused before any allocation.
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        const auto r = cli({QStringLiteral("train"), QStringLiteral("--data"), sample("resources/sample/topics.csv"),
                            QStringLiteral("--width"), QStringLiteral("100000000"), QStringLiteral("--steps"),
                            QStringLiteral("5"), QStringLiteral("--db"), db});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("does not fit in memory")) && r.err.contains(QStringLiteral("available")),
                 qPrintable(r.err));
        QVERIFY2(!r.err.contains(QStringLiteral("DefaultCPUAllocator")), qPrintable(r.err));
        RunStore store(db.toStdString());
        QVERIFY(store.listRuns().empty());  // no half-made run left behind
    }
    void refusesNewerDatabase()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        { RunStore store(db.toStdString()); }
        sqlite3* raw = nullptr;
        sqlite3_open(db.toUtf8().constData(), &raw);
        sqlite3_exec(raw, "PRAGMA user_version = 7", nullptr, nullptr, nullptr);
        sqlite3_close(raw);
        const auto r = cli({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--db"), db});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains(QStringLiteral("written by a newer Lathe")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
