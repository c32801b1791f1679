#include "QuickConfig.h"
#include "SampleRows.h"
#include "TestFiles.h"
#include "data/DataError.h"
#include "store/RunStore.h"
#include "train/StreamFeed.h"
#include "train/Training.h"

#include <QtTest>
#include <nlohmann/json.hpp>

#include <mutex>
#include <numeric>
#include <thread>

using namespace lathe;
using lathe::test::quickConfig;
using lathe::test::quickFollowConfig;

namespace {

using lathe::test::sampleCsv;
using lathe::test::sampleRows;

void append(const std::string& path, const QByteArray& bytes)
{
    QVERIFY(lathe::test::appendTo(QString::fromStdString(path), bytes));
}

// Records what a followed run reports, from the training thread.
class StreamLog : public TrainingListener {
public:
    void onArrival(const StreamArrival& a) override
    {
        std::lock_guard lock(mutex);
        arrivals.push_back(a);
    }
    void onMessage(const std::string& m) override
    {
        std::lock_guard lock(mutex);
        messages.push_back(m);
        if (m.find("waiting for new data") != std::string::npos)
            waitStarted.start();
    }
    void onMetrics(const std::vector<MetricPoint>& points) override
    {
        std::lock_guard lock(mutex);
        for (const auto& p : points)
            if (p.key == "stream/examples_seen")
                seen = static_cast<std::int64_t>(p.value);
    }
    bool waiting()
    {
        std::lock_guard lock(mutex);
        for (const auto& m : messages)
            if (m.find("waiting for new data") != std::string::npos)
                return true;
        return false;
    }
    std::vector<StreamArrival> arrivalsNow()
    {
        std::lock_guard lock(mutex);
        return arrivals;
    }
    std::int64_t seenNow()
    {
        std::lock_guard lock(mutex);
        return seen;
    }
    std::mutex mutex;
    std::vector<StreamArrival> arrivals;
    std::vector<std::string> messages;
    std::int64_t seen = 0;
    QElapsedTimer waitStarted;
};

nlohmann::json streamSummary(RunStore& store, std::int64_t run)
{
    return nlohmann::json::parse(store.run(run)->summaryJson).at("stream");
}

}  // namespace

class TestStream : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void appendedRowsEnterTrainingWithinSeconds()
    {
        QTemporaryDir dir;
        const auto path = lathe::test::writeFile(dir, "s.csv", sampleCsv(0, 300));
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        StreamLog log;
        TrainingControl control;
        TrainOutcome outcome;
        std::thread worker([&] { outcome = train({quickFollowConfig(path, 0), &store, 0, 0, {}, &log, &control}); });
        // The epoch over the 300 rows there at the start, then it waits.
        QTRY_VERIFY_WITH_TIMEOUT(log.waiting(), 120000);
        const auto before = log.seenNow();
        QVERIFY(before > 0);
        QElapsedTimer clock;
        clock.start();
        append(path, sampleCsv(300, 200, {}));
        QTRY_VERIFY_WITH_TIMEOUT(!log.arrivalsNow().empty(), 60000);
        const auto arrival = log.arrivalsNow().front();
        QCOMPARE(arrival.rows, std::int64_t(200));
        QCOMPARE(arrival.firstLine, std::int64_t(302));
        QCOMPARE(arrival.lastLine, std::int64_t(501));
        QVERIFY(arrival.heldOut > 0 && arrival.heldOut < 60);
        QVERIFY(!arrival.resumed);
        // Every new training example is trained on (and counted), without an end in steps.
        const auto fresh = arrival.rows - arrival.heldOut;
        QTRY_VERIFY_WITH_TIMEOUT(log.seenNow() >= before + fresh, 60000);
        qInfo("200 appended rows trained on %lld ms after the append", static_cast<long long>(clock.elapsed()));
        control.requestStop();
        worker.join();
        QCOMPARE(lathe::test::name(outcome.status), lathe::test::name(RunStatus::Stopped));
        const auto summary = streamSummary(store, outcome.runId);
        QCOMPARE(summary.at("arrived_rows").get<std::int64_t>(), std::int64_t(200));
        QCOMPARE(summary.at("new_examples_trained").get<std::int64_t>(), fresh);
        QCOMPARE(summary.at("newest_held_out").get<std::int64_t>(), arrival.heldOut);
        QVERIFY(!store.metrics(outcome.runId, "stream/newest_loss").empty());
        QVERIFY(!store.metrics(outcome.runId, "stream/newest_accuracy").empty());
        for (const auto& p : store.metrics(outcome.runId, "stream/forgetting"))
            QVERIFY(p.value >= 0);
        QCOMPARE(store.metrics(outcome.runId, "stream/arrived").back().value, 200.0);
        QVERIFY(store.run(outcome.runId)->tags.find("follow") != std::string::npos);
    }
    void theIdleEndCountsFromTheWait()
    {
        QTemporaryDir dir;
        const auto path = lathe::test::writeFile(dir, "s.csv", sampleCsv(0, 300));
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        // First epochs longer than the idle time, ending on an evaluation step (8 steps an epoch).
        auto config = quickFollowConfig(path, 0.5);
        config.train.epochs = 8;
        config.train.evalEvery = 8;
        StreamLog log;
        const auto o = train({config, &store, 0, 0, {}, &log});
        QCOMPARE(lathe::test::name(o.status), lathe::test::name(RunStatus::Completed));
        QCOMPARE(o.steps, std::int64_t(64));
        QVERIFY(log.waiting());
        // It waited the idle time after it ran out of data, not counting the training before.
        QVERIFY2(log.waitStarted.elapsed() >= 450, qPrintable(QString::number(log.waitStarted.elapsed())));
    }
    void aResumedRunKeepsItsPositionInTheStream()
    {
        QTemporaryDir dir;
        const auto path = lathe::test::writeFile(dir, "s.csv", sampleCsv(0, 300));
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        const auto first = train({quickFollowConfig(path, 0.5), &store});
        QCOMPARE(lathe::test::name(first.status), lathe::test::name(RunStatus::Completed));
        QCOMPARE(streamSummary(store, first.runId).at("arrived_rows").get<int>(), 0);

        append(path, sampleCsv(300, 200, {}));
        StreamLog second;
        const auto o2 = train({quickFollowConfig(path, 0.5), &store, first.runId, 0, {}, &second});
        QCOMPARE(o2.runId, first.runId);
        QCOMPARE(second.arrivals.size(), std::size_t(1));
        const auto a = second.arrivals[0];
        QCOMPARE(a.rows, std::int64_t(200));
        QVERIFY(!a.resumed);
        const auto trained = streamSummary(store, first.runId).at("new_examples_trained").get<std::int64_t>();
        QCOMPARE(trained, a.rows - a.heldOut);

        // Rows taken before come back where they were (not trained again); only the new ones queue.
        append(path, sampleCsv(500, 100, {}));
        StreamLog third;
        const auto o3 = train({quickFollowConfig(path, 0.5), &store, first.runId, 0, {}, &third});
        QCOMPARE(lathe::test::name(o3.status), lathe::test::name(RunStatus::Completed));
        QCOMPARE(third.arrivals.size(), std::size_t(2));
        QVERIFY(third.arrivals[0].resumed);
        QCOMPARE(third.arrivals[0].rows, std::int64_t(200));
        QCOMPARE(third.arrivals[0].queued, std::int64_t(0));
        QCOMPARE(third.arrivals[0].heldOut, a.heldOut);  // the same rows held out
        const auto b = third.arrivals[1];
        QVERIFY(!b.resumed);
        QCOMPARE(b.rows, std::int64_t(100));
        QCOMPARE(b.firstLine, std::int64_t(502));
        const auto summary = streamSummary(store, first.runId);
        QCOMPARE(summary.at("arrived_rows").get<std::int64_t>(), std::int64_t(300));
        QCOMPARE(summary.at("new_examples_trained").get<std::int64_t>(), trained + b.rows - b.heldOut);
        QCOMPARE(summary.at("initial_rows").get<int>(), 300);
    }
    void aNewLabelIsReportedNotDropped()
    {
        QTemporaryDir dir;
        const auto path = lathe::test::writeFile(dir, "s.csv", sampleCsv(0, 300));
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        const auto first = train({quickFollowConfig(path, 0.5), &store});
        append(path, "Shares rallied as the central bank held rates,finance\nBond yields fell,finance\n" + sampleCsv(300, 20, {}));
        StreamLog log;
        const auto o = train({quickFollowConfig(path, 0.5), &store, first.runId, 0, {}, &log});
        QCOMPARE(lathe::test::name(o.status), lathe::test::name(RunStatus::Completed));
        QCOMPARE(log.arrivals.size(), std::size_t(1));
        QCOMPARE(log.arrivals[0].unknownLabel, std::int64_t(2));
        QCOMPARE(log.arrivals[0].newLabels, std::vector<std::string>{"finance"});
        bool named = false;
        for (const auto& m : log.messages)
            named = named || (m.find("'finance'") != std::string::npos && m.find("s.csv line 302") != std::string::npos);
        QVERIFY(named);
        QCOMPARE(streamSummary(store, o.runId).at("new_labels").at("finance").get<int>(), 2);
        QCOMPARE(store.metrics(o.runId, "stream/new_label_rows").back().value, 2.0);
    }
    void aLanguageModelFollowsATextCorpus()
    {
        QTemporaryDir dir;
        QByteArray text;
        const auto all = sampleRows();
        for (int i = 0; i < 200; ++i)
            text += all[i].left(all[i].lastIndexOf(',')) + '\n';
        const auto path = lathe::test::writeFile(dir, "c.txt", text);
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        auto config = quickFollowConfig(path, 0.5);
        config.model.family = "gpt";
        config.tokenizer.kind = "word";
        const auto first = train({config, &store});
        QCOMPARE(lathe::test::name(first.status), lathe::test::name(RunStatus::Completed));
        QByteArray more;
        for (int i = 200; i < 400; ++i)
            more += all[i].left(all[i].lastIndexOf(',')) + '\n';
        append(path, more);
        const auto o = train({config, &store, first.runId});
        QCOMPARE(lathe::test::name(o.status), lathe::test::name(RunStatus::Completed));
        QVERIFY(o.validation.count("perplexity"));
        QVERIFY(!store.metrics(o.runId, "stream/newest_loss").empty());
        QVERIFY(store.metrics(o.runId, "stream/newest_accuracy").empty());
        QVERIFY(!store.metrics(o.runId, "stream/forgetting").empty());
        QCOMPARE(streamSummary(store, o.runId).at("arrived_rows").get<int>(), 200);
    }
    void aTruncatedSourceIsRefusedOnResume()
    {
        QTemporaryDir dir;
        const auto path = lathe::test::writeFile(dir, "s.csv", sampleCsv(0, 300));
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        const auto first = train({quickFollowConfig(path, 0.5), &store});
        lathe::test::writeFile(dir, "s.csv", sampleCsv(0, 200));
        try {
            train({quickFollowConfig(path, 0.5), &store, first.runId});
            QFAIL("resumed on a truncated file");
        } catch (const DataError& e) {
            const QString message = QString::fromStdString(e.what());
            QVERIFY2(message.contains(QStringLiteral("s.csv")) && message.contains(QStringLiteral("fewer than the 300")),
                     qPrintable(message));
        }
        QCOMPARE(lathe::test::name(store.run(first.runId)->status), lathe::test::name(RunStatus::Completed));
    }
    void aReplacedSourceIsRefusedOnResume()
    {
        QTemporaryDir dir;
        const auto path = lathe::test::writeFile(dir, "s.csv", sampleCsv(0, 300));
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        const auto first = train({quickFollowConfig(path, 0.5), &store});
        // As many rows and more, but not the ones the run read.
        lathe::test::writeFile(dir, "s.csv", sampleCsv(300, 400));
        try {
            train({quickFollowConfig(path, 0.5), &store, first.runId});
            QFAIL("resumed on a replaced file");
        } catch (const DataError& e) {
            const QString message = QString::fromStdString(e.what());
            QVERIFY2(message.contains(QStringLiteral("s.csv")) && message.contains(QStringLiteral("replaced or edited")),
                     qPrintable(message));
        }
    }
    void aMalformedAppendedRowEndsTheRunNamingItAndLosesNothing()
    {
        QTemporaryDir dir;
        const auto path = lathe::test::writeFile(dir, "s.csv", sampleCsv(0, 300));
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        StreamLog log0;
        TrainOutcome failed;
        std::thread worker([&] { failed = train({quickFollowConfig(path, 0), &store, 0, 0, {}, &log0}); });
        QTRY_VERIFY_WITH_TIMEOUT(log0.waiting(), 120000);
        append(path, sampleCsv(300, 20, {}) + "a row with,three,fields\n");
        worker.join();  // the row ends the run, with the file and line to mend
        QCOMPARE(lathe::test::name(failed.status), lathe::test::name(RunStatus::Failed));
        auto message = QString::fromStdString(failed.message.english());
        QVERIFY2(message.contains(QStringLiteral("s.csv:322")) && message.contains(QStringLiteral("3 fields")),
                 qPrintable(message));
        // Resumed unmended, it is refused the same way before anything changes.
        try {
            train({quickFollowConfig(path, 0.5), &store, failed.runId});
            QFAIL("resumed past a malformed row");
        } catch (const DataError& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("s.csv:322")), e.what());
        }
        const auto first = failed;
        // Mended, the run resumes where its checkpoint left it: the 20 good rows arrive again.
        lathe::test::writeFile(dir, "s.csv", sampleCsv(0, 320) + "a row with three fields,sports\n");
        StreamLog log;
        const auto mended = train({quickFollowConfig(path, 0.5), &store, first.runId, 0, {}, &log});
        QCOMPARE(lathe::test::name(mended.status), lathe::test::name(RunStatus::Completed));
        QCOMPARE(log.arrivals.size(), std::size_t(1));
        QCOMPARE(log.arrivals[0].rows, std::int64_t(21));
    }
    void aFolderOfClassesFollowsNewFiles()
    {
        QTemporaryDir dir;
        const auto all = sampleRows();
        int next = 0;
        const auto addFiles = [&](int count) {
            for (int i = 0; i < count; ++i, ++next) {
                const auto row = all[next];
                const int comma = row.lastIndexOf(',');
                lathe::test::writeFile(dir, QStringLiteral("feed/%1/%2.txt").arg(QString::fromUtf8(row.mid(comma + 1))).arg(next, 5, 10, QLatin1Char('0')),
                                       row.left(comma));
            }
        };
        addFiles(200);
        const auto root = dir.filePath(QStringLiteral("feed")).toStdString();
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        const auto first = train({quickFollowConfig(root, 0.5), &store});
        QCOMPARE(lathe::test::name(first.status), lathe::test::name(RunStatus::Completed));
        addFiles(60);
        StreamLog log;
        const auto o = train({quickFollowConfig(root, 0.5), &store, first.runId, 0, {}, &log});
        QCOMPARE(lathe::test::name(o.status), lathe::test::name(RunStatus::Completed));
        QCOMPARE(log.arrivals.size(), std::size_t(1));
        QCOMPARE(log.arrivals[0].rows, std::int64_t(60));
        QCOMPARE(log.arrivals[0].files, std::int64_t(60));
        QCOMPARE(streamSummary(store, o.runId).at("initial_rows").get<int>(), 200);
    }
    void aLongRowSplitAcrossAStopIsNotTrainedTwice()
    {
        QTemporaryDir dir;
        QByteArray text;
        for (int i = 0; i < 20; ++i)
            text += "short line number " + QByteArray::number(i) + "\n";
        const auto path = lathe::test::writeFile(dir, "c.txt", text);
        auto config = quickFollowConfig(path, 0);
        config.model.family = "gpt";
        config.model.maxLength = 4;
        config.tokenizer.kind = "word";
        config.data.replay = 0;
        config.data.validationFraction = 1e-9;  // no arrival held out
        LoadOptions options;
        options.requireLabels = false;
        StreamFeed feed(config, options, true, {});
        std::vector<std::size_t> all(feed.initialData().size());
        std::iota(all.begin(), all.end(), std::size_t{0});
        std::shared_ptr<const Tokenizer> tokenizer = learnTokenizer(config.tokenizer, feed.initialData(), all);
        feed.begin(tokenizer, {}, EncodedPart{}, 0);
        // 11 words: <bos> + 11 + <eos> in windows of 5 tokens a stride of 4 apart, then one short row.
        append(path, "one two three four five six seven eight nine ten eleven\na b\n");
        const auto arrival = feed.poll(0, true);
        QVERIFY(arrival);
        QCOMPARE(arrival->rows, std::int64_t(2));
        QCOMPARE(feed.queued(), std::size_t(4));
        std::vector<std::int64_t> labels;
        QCOMPARE(feed.batch(1, 2, labels).size(), std::size_t(2));  // two of the long row's three windows
        const auto state = feed.stateJson();
        QCOMPARE(nlohmann::json::parse(state).at("consumed_windows").get<int>(), 2);
        // Resumed: the two trained windows go back to the pool, its third and the short row queue.
        StreamFeed resumed(config, options, true, state);
        const auto arrivals = resumed.begin(tokenizer, {}, EncodedPart{}, 1);
        QCOMPARE(resumed.queued(), std::size_t(2));
        QCOMPARE(arrivals.back().queued, std::int64_t(2));
        QCOMPARE(resumed.freshTrained(), std::int64_t(2));
    }
    void anEncoderDecoderCannotFollow()
    {
        auto c = quickConfig(10);
        c.model.family = "seq2seq";
        c.data.follow = true;
        bool refused = false;
        for (const auto& p : c.problems())
            refused = refused || p.english().find("following a growing corpus") != std::string::npos;
        QVERIFY(refused);
    }
};

QTEST_GUILESS_MAIN(TestStream)
#include "tst_stream.moc"
