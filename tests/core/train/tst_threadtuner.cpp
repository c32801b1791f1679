// Choosing the thread count by timing steps: the faster count wins a trial, trials repeat
// every period, a slowdown (another process taking a core) triggers one early, and a
// single-core machine never changes anything.
#include "train/ThreadTuner.h"

#include <QtTest>

#include <functional>

using namespace lathe;

namespace {
// Runs `steps` steps whose duration depends on the thread count; returns the counts used.
std::vector<int> simulate(ThreadTuner& tuner, int steps, const std::function<double(int)>& seconds)
{
    std::vector<int> used;
    for (int i = 0; i < steps; ++i) {
        used.push_back(tuner.threads());
        tuner.record(seconds(tuner.threads()));
    }
    return used;
}
}  // namespace

class TestThreadTuner : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void candidatesHalveDownToOne()
    {
        QCOMPARE(ThreadTuner({8}).candidates(), (std::vector<int>{8, 4, 2, 1}));
        QCOMPARE(ThreadTuner({6}).candidates(), (std::vector<int>{6, 3, 1}));
        QCOMPARE(ThreadTuner({2}).candidates(), (std::vector<int>{2, 1}));
    }
    void theFasterCountWinsATrial()
    {
        ThreadTuner scales({2});
        simulate(scales, 20, [](int n) { return n == 2 ? 0.10 : 0.17; });
        QCOMPARE(scales.trials(), 1);
        QCOMPARE(scales.threads(), 2);
        ThreadTuner contended({2});
        simulate(contended, 20, [](int n) { return n == 2 ? 0.30 : 0.17; });
        QCOMPARE(contended.threads(), 1);
    }
    void oneSlowStepDoesNotDecide()
    {
        // One outlier among a candidate's timed steps does not decide (the slowest is dropped).
        ThreadTuner tuner({2, 3});
        int calls = 0;
        simulate(tuner, 12, [&](int n) { return n == 2 ? (++calls == 3 ? 5.0 : 0.10) : 0.17; });
        QCOMPARE(tuner.threads(), 2);
    }
    void stallsEveryOtherStepCountAgainstACount()
    {
        // Two threads sharing a core with another process: fast steps between stalls. The median
        // step would call two threads faster; what the steps cost together says one.
        ThreadTuner tuner({2});
        int calls = 0;
        simulate(tuner, 20, [&](int n) { return n == 2 ? (++calls % 2 == 0 ? 0.30 : 0.09) : 0.12; });
        QCOMPARE(tuner.trials(), 1);
        QCOMPARE(tuner.threads(), 1);
    }
    void trialsRepeatEveryPeriod()
    {
        ThreadTuner tuner({2, 3, 50});
        const auto used = simulate(tuner, 200, [](int n) { return n == 2 ? 0.10 : 0.17; });
        QVERIFY(tuner.trials() >= 3);
        // Between trials it stays on the winner: most steps ran with 2 threads.
        QVERIFY(std::count(used.begin(), used.end(), 2) > 170);
    }
    void aSlowdownStartsATrialEarly()
    {
        ThreadTuner tuner({2, 3, 1000});
        bool busy = false;
        const auto seconds = [&](int n) { return n == 2 ? (busy ? 0.35 : 0.10) : 0.17; };
        simulate(tuner, 30, seconds);
        QCOMPARE(tuner.threads(), 2);
        busy = true;  // another process now takes one of the two cores
        simulate(tuner, 30, seconds);
        QCOMPARE(tuner.threads(), 1);
        QCOMPARE(tuner.trials(), 2);
    }
    void oneCoreNeverChanges()
    {
        ThreadTuner tuner({1});
        simulate(tuner, 50, [](int) { return 0.1; });
        QCOMPARE(tuner.threads(), 1);
        QCOMPARE(tuner.trials(), 0);
    }
};

QTEST_APPLESS_MAIN(TestThreadTuner)
#include "tst_threadtuner.moc"
