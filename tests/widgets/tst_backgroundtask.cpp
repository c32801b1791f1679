#include "common/BackgroundTask.h"

#include <QtTest>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>

using namespace lathe::gui;

namespace {
// A gate the test opens when it wants the work to go on.
struct Gate {
    std::mutex mutex;
    std::condition_variable cv;
    bool open = false;
    void wait()
    {
        std::unique_lock lock(mutex);
        cv.wait(lock, [this] { return open; });
    }
    void release()
    {
        {
            std::lock_guard lock(mutex);
            open = true;
        }
        cv.notify_all();
    }
};
}  // namespace

class TestBackgroundTask : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theResultArrivesOnTheGuiThread()
    {
        BackgroundTask<std::string> task;
        std::thread::id workedOn, signalledOn;
        connect(&task, &TaskNotifier::finished, this, [&] { signalledOn = std::this_thread::get_id(); });
        QSignalSpy finished(&task, &TaskNotifier::finished);
        task.start([&] {
            workedOn = std::this_thread::get_id();
            return std::string("done");
        });
        QVERIFY(task.isRunning());
        QVERIFY(finished.wait(5000));
        QCOMPARE(finished.count(), 1);
        QVERIFY(!task.isRunning());
        QCOMPARE(task.result(), std::string("done"));
        QVERIFY(workedOn != std::this_thread::get_id());
        QCOMPARE(signalledOn, std::this_thread::get_id());
    }
    void anExceptionIsRethrownByResult()
    {
        BackgroundTask<int> task;
        QSignalSpy finished(&task, &TaskNotifier::finished);
        task.start([]() -> int { throw std::runtime_error("the file is gone"); });
        QVERIFY(finished.wait(5000));
        try {
            (void)task.result();
            QFAIL("result() returned after the work threw");
        } catch (const std::runtime_error& e) {
            QCOMPARE(std::string(e.what()), std::string("the file is gone"));
        }
    }
    void resultBeforeTheWorkEndsIsRefused()
    {
        BackgroundTask<int> task;
        QVERIFY_THROWS_EXCEPTION(std::logic_error, (void)task.result());
        Gate gate;
        QSignalSpy finished(&task, &TaskNotifier::finished);
        task.start([&] {
            gate.wait();
            return 1;
        });
        QVERIFY_THROWS_EXCEPTION(std::logic_error, (void)task.result());
        gate.release();
        QVERIFY(finished.wait(5000));
        QCOMPARE(task.result(), 1);
    }
    void onlyTheLatestOfOverlappingRunsIsDelivered()
    {
        BackgroundTask<int> task;
        QSignalSpy finished(&task, &TaskNotifier::finished);
        Gate first;
        std::atomic<bool> firstEnded{false};
        task.start([&] {
            first.wait();
            firstEnded = true;
            return 1;
        });
        task.start([] { return 2; });  // does not wait for the first
        QVERIFY(finished.wait(5000));
        QCOMPARE(task.result(), 2);
        QVERIFY(!firstEnded);
        first.release();
        QTRY_VERIFY(firstEnded.load());
        QTest::qWait(100);  // room for a wrong second `finished`
        QCOMPARE(finished.count(), 1);
        QCOMPARE(task.result(), 2);
    }
    void progressIsPolledWhileTheWorkRuns()
    {
        BackgroundTask<int> task;
        QSignalSpy polled(&task, &TaskNotifier::polled);
        QSignalSpy finished(&task, &TaskNotifier::finished);
        Gate gate;
        task.start([&] {
            gate.wait();
            return 0;
        });
        QTRY_VERIFY(polled.count() >= 2);
        gate.release();
        QVERIFY(finished.wait(5000));
        const auto polls = polled.count();
        QTest::qWait(100);
        QCOMPARE(polled.count(), polls);  // the timer stops with the work
    }
    void theDestructorWaitsForEveryRun()
    {
        std::atomic<int> ended{0};
        {
            BackgroundTask<int> task;
            for (int i = 0; i < 3; ++i)
                task.start([&] {
                    std::this_thread::sleep_for(std::chrono::milliseconds(50));
                    return ++ended;
                });
        }
        QCOMPARE(ended.load(), 3);
    }
    void aSlotMayStartTheNextRun()
    {
        BackgroundTask<int> task;
        QList<int> results;
        connect(&task, &TaskNotifier::finished, this, [&] {
            results.append(task.result());
            if (results.size() < 3)
                task.start([n = results.size()] { return n * 10; });
        });
        task.start([] { return 0; });
        QTRY_COMPARE(results.size(), 3);
        QCOMPARE(results, (QList<int>{0, 10, 20}));
        QVERIFY(!task.isRunning());
    }
};

QTEST_GUILESS_MAIN(TestBackgroundTask)
#include "tst_backgroundtask.moc"
