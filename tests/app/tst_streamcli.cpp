// lathe-cli train --follow as a user runs it: rows appended while it trains, the process killed
// (SIGKILL) while it follows, then resumed from where the stream was.
#include "CliRunner.h"
#include "SampleRows.h"

#include <QtTest>

using namespace lathe::test;

namespace {
QStringList trainArgs(const QString& data, const QString& db)
{
    return {QStringLiteral("train"), QStringLiteral("--data"), data, QStringLiteral("--db"), db,
            QStringLiteral("--follow"), QStringLiteral("--model"), QStringLiteral("fasttext"),
            QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--eval-every"), QStringLiteral("10"),
            QStringLiteral("--threads"), QStringLiteral("1")};
}
}  // namespace

class TestStreamCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void killedWhileFollowingAndResumedKeepsItsPosition()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("s.csv"));
        const QString db = dir.filePath(QStringLiteral("e.db"));
        QVERIFY(appendTo(data, sampleCsv(0, 300)));

        QProcess p;
        QString err;
        p.start(QStringLiteral(LATHE_CLI), trainArgs(data, db));
        const auto waitFor = [&](const QString& text) {
            QElapsedTimer t;
            t.start();
            while (!err.contains(text) && t.elapsed() < 120000) {
                p.waitForReadyRead(200);
                err += QString::fromUtf8(p.readAllStandardError());
            }
            return err.contains(text);
        };
        QVERIFY2(waitFor(QStringLiteral("waiting for new data")), qPrintable(err));
        QVERIFY(appendTo(data, sampleCsv(300, 200, {})));
        QVERIFY2(waitFor(QStringLiteral("arrived: 200 rows (") + data + QStringLiteral(" lines 302-501)")), qPrintable(err));
        // Once the queue drained the run evaluated and checkpointed (with its stream position), and
        // says it waits again.
        const auto waits = [&] { return err.count(QStringLiteral("waiting for new data")); };
        QElapsedTimer t;
        t.start();
        while (waits() < 2 && t.elapsed() < 120000) {
            p.waitForReadyRead(200);
            err += QString::fromUtf8(p.readAllStandardError());
        }
        QVERIFY2(waits() >= 2, qPrintable(err));
        p.kill();  // SIGKILL: no chance to save anything more
        p.waitForFinished();
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);

        QVERIFY(appendTo(data, sampleCsv(500, 100, {})));
        auto args = QStringList{QStringLiteral("train"), QStringLiteral("--resume"), QStringLiteral("1"),
                                QStringLiteral("--follow-idle"), QStringLiteral("1"), QStringLiteral("--db"), db,
                                QStringLiteral("--json")};
        const auto resumed = cli(args);
        QVERIFY2(resumed.exitCode == 0, qPrintable(resumed.err));
        // The 200 rows trained before the kill are taken back, not trained again; the 100 new ones are.
        QVERIFY2(resumed.err.contains(QStringLiteral("taken before: 200 rows")), qPrintable(resumed.err));
        QVERIFY2(resumed.err.contains(QStringLiteral("arrived: 100 rows (") + data + QStringLiteral(" lines 502-601)")),
                 qPrintable(resumed.err));
        const auto j = resumed.lastJson();
        QCOMPARE(j.at("status").get<std::string>(), std::string("completed"));
        const auto stream = j.at("stream");
        QCOMPARE(stream.at("arrived_rows").get<int>(), 300);
        QCOMPARE(stream.at("queued").get<int>(), 0);
        const int trained = stream.at("new_examples_trained").get<int>();
        const int heldOut = stream.at("newest_held_out").get<int>();
        QCOMPARE(trained + heldOut, 300);
        QVERIFY(j.at("val").at("accuracy").get<double>() > 0.5);
    }
    void followFlagsAreChecked()
    {
        const auto r = cli({QStringLiteral("train"), QStringLiteral("--data"), sample("resources/sample/topics.csv"),
                            QStringLiteral("--follow"), QStringLiteral("--replay"), QStringLiteral("1.5")});
        QVERIFY(r.exitCode != 0);
        QVERIFY2(r.err.contains(QStringLiteral("--replay")), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestStreamCli)
#include "tst_streamcli.moc"
