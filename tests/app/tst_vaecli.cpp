// lathe-cli train --model vae and lathe-cli vae sample | reconstruct | interpolate, end to end
// against a real database in a temp dir.
#include "CliRunner.h"
#include "TestFiles.h"

#include <QtTest>
#include <nlohmann/json.hpp>

using lathe::test::cli;
using lathe::test::sample;

class TestVaeCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void trainsAVaeAndWalksItsLatentSpace()
    {
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("e.db"));
        const auto r = cli({QStringLiteral("train"), QStringLiteral("--model"), QStringLiteral("vae"), QStringLiteral("--data"),
                            sample("resources/sample/topics.csv"), QStringLiteral("--width"), QStringLiteral("32"),
                            QStringLiteral("--hidden"), QStringLiteral("64"), QStringLiteral("--latent"), QStringLiteral("8"),
                            QStringLiteral("--steps"), QStringLiteral("120"), QStringLiteral("--eval-every"), QStringLiteral("60"),
                            QStringLiteral("--kl-anneal"), QStringLiteral("cyclical"), QStringLiteral("--word-dropout"),
                            QStringLiteral("0.4"), QStringLiteral("--free-bits"), QStringLiteral("0.05"),
                            QStringLiteral("--iwae-samples"), QStringLiteral("3"), QStringLiteral("--threads"), QStringLiteral("1"),
                            QStringLiteral("--db"), db, QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const auto j = r.lastJson();
        QCOMPARE(j["status"].get<std::string>(), std::string("completed"));
        QCOMPARE(j["steps"].get<int>(), 120);
        for (const char* key : {"elbo", "reconstruction", "kl", "active_units", "iwae_nll", "perplexity"})
            QVERIFY2(j["val"].contains(key), key);
        QVERIFY(std::abs(j["val"]["elbo"].get<double>() + j["val"]["reconstruction"].get<double>() +
                         j["val"]["kl"].get<double>()) < 1e-6);
        const auto list = cli({QStringLiteral("runs"), QStringLiteral("list"), QStringLiteral("--db"), db});
        QVERIFY2(list.out.contains(QStringLiteral("vae")), qPrintable(list.out));
        const auto run = QString::number(j["run_id"].get<int>());
        const auto samples = cli({QStringLiteral("vae"), QStringLiteral("sample"), QStringLiteral("--run"), run,
                                  QStringLiteral("--count"), QStringLiteral("3"), QStringLiteral("--db"), db,
                                  QStringLiteral("--json")});
        QVERIFY2(samples.exitCode == 0, qPrintable(samples.err));
        QCOMPARE(samples.lastJson()["samples"].size(), std::size_t(3));
        const auto path = cli({QStringLiteral("vae"), QStringLiteral("interpolate"), QStringLiteral("--run"), run,
                               QStringLiteral("--from"), QStringLiteral("The vegan cafe grills a spicy curry"),
                               QStringLiteral("--to"), QStringLiteral("The young striker scores in the final match"),
                               QStringLiteral("--steps"), QStringLiteral("4"), QStringLiteral("--db"), db, QStringLiteral("--json")});
        QVERIFY2(path.exitCode == 0, qPrintable(path.err));
        QCOMPARE(path.lastJson()["path"].size(), std::size_t(4));
        const auto back = cli({QStringLiteral("vae"), QStringLiteral("reconstruct"), QStringLiteral("--run"), run,
                               QStringLiteral("--text"), QStringLiteral("The vegan cafe grills a spicy curry"),
                               QStringLiteral("--db"), db, QStringLiteral("--json")});
        QVERIFY2(back.exitCode == 0, qPrintable(back.err));
        QVERIFY(!back.lastJson()["reconstruction"].get<std::string>().empty());
        // Bad settings and a run that is no VAE: refused with what is wrong.
        const auto bad = cli({QStringLiteral("train"), QStringLiteral("--model"), QStringLiteral("vae"), QStringLiteral("--data"),
                              sample("resources/sample/topics.csv"), QStringLiteral("--latent"), QStringLiteral("0"),
                              QStringLiteral("--db"), db});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY2(bad.err.contains(QStringLiteral("latent size")), qPrintable(bad.err));
        const auto missing = cli({QStringLiteral("vae"), QStringLiteral("sample"), QStringLiteral("--run"), QStringLiteral("99"),
                                  QStringLiteral("--db"), db});
        QCOMPARE(missing.exitCode, 2);
        QVERIFY2(missing.err.contains(QStringLiteral("no run 99")), qPrintable(missing.err));
    }
};

QTEST_MAIN(TestVaeCli)
#include "tst_vaecli.moc"
