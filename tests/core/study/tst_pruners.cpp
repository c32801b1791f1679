// Pruners against hand-worked cases: the median rule (start-up trials, warm-up, interval, the
// trial's best value against the median at the same step, a tie kept, NaN pruned); successive
// halving's rungs and promotion rule, with the "auto" minimum resource; Hyperband's brackets
// (Optuna's count for R = 243, the trials' shares following the budgets) and halving inside one.
#include "study/Pruner.h"
#include "util/Message.h"

#include <QtTest>

#include <cmath>

using namespace lathe;
using namespace lathe::study;

namespace {
Trial complete(int number, std::vector<std::pair<std::int64_t, double>> values)
{
    Trial t{number, TrialState::Complete, {}, values.back().second, std::move(values)};
    return t;
}

Trial running(int number, std::vector<std::pair<std::int64_t, double>> values)
{
    return Trial{number, TrialState::Running, {}, std::nullopt, std::move(values)};
}
}  // namespace

class TestPruners : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void medianComparesTheBestValueWithTheMedianAtTheSameStep()
    {
        std::vector<Trial> trials;
        for (int i = 0; i < 5; ++i)
            trials.push_back(complete(i, {{10, double(i + 1)}, {20, 0.5}}));  // at step 10: 1 … 5, median 3
        const MedianPruner median;
        QVERIFY(median.prune(trials, running(5, {{10, 3.5}})));
        QVERIFY(!median.prune(trials, running(5, {{10, 3.0}})));  // a tie is kept
        QVERIFY(!median.prune(trials, running(5, {{5, 2.0}, {10, 3.5}})));  // its best so far, 2.0
        QVERIFY(median.prune(trials, running(5, {{10, NAN}})));
        QVERIFY(!median.prune(trials, running(5, {{15, 9.0}})));  // no other trial reported step 15
        // Fewer complete trials than the start-up count: never.
        const std::vector<Trial> few(trials.begin(), trials.begin() + 4);
        QVERIFY(!median.prune(few, running(5, {{10, 9.0}})));
        // Warm-up and interval.
        QVERIFY(!MedianPruner({5, 20, 1, 1}).prune(trials, running(5, {{10, 9.0}})));
        std::vector<Trial> at15 = trials;
        for (auto& t : at15)
            t.intermediate.push_back({15, 1.0});
        const MedianPruner everyTen({5, 0, 10, 1});
        QVERIFY(everyTen.prune(at15, running(5, {{5, 9.0}, {15, 9.0}})));
        QVERIFY(!everyTen.prune(at15, running(5, {{12, 9.0}, {15, 9.0}})));  // already judged in this interval
    }

    void successiveHalvingPromotesTheTopQuarterAtEachRung()
    {
        // Minimum resource 1, factor 4: rungs at steps 1, 4, 16, 64.
        std::vector<Trial> trials{complete(0, {{1, 1.0}, {4, 0.5}}), complete(1, {{1, 2.0}, {4, 1.5}}),
                                  complete(2, {{1, 3.0}, {4, 2.5}})};
        const SuccessiveHalvingPruner asha({1, 4, 0});
        // Rung 0 with itself and three others: four values, k = 4 / 4 - 1 = 0: only the best goes on.
        QVERIFY(!asha.prune(trials, running(3, {{1, 0.5}})));
        QVERIFY(asha.prune(trials, running(3, {{1, 2.5}})));
        // Below the first rung: nothing to judge.
        QVERIFY(!SuccessiveHalvingPruner({2, 4, 0}).prune(trials, running(3, {{1, 9.0}})));
        // Eight values at rung 0 (k = 1): the second best goes on too.
        for (int i = 3; i < 7; ++i)
            trials.push_back(complete(i, {{1, 10.0 + i}}));
        QVERIFY(!asha.prune(trials, running(7, {{1, 1.5}})));
        QVERIFY(asha.prune(trials, running(7, {{1, 2.5}})));
        // One report far along climbs every rung it passes: at step 4 it meets rung 1 too.
        QVERIFY(asha.prune(trials, running(7, {{4, 1.0}})));  // 1.0 > 0.5 at rung 1 (values 0.5, 1.5, 2.5, 1.0)
        QVERIFY(!asha.prune(trials, running(7, {{4, 0.4}})));
        QVERIFY(asha.prune(trials, running(7, {{1, NAN}})));
        // Each rung is judged once, at the evaluation that reached it: at step 5 the trial has
        // passed rungs 0 and 1 (at steps 1 and 4) and the next is at 16, so nothing is judged.
        QVERIFY(!asha.prune(trials, running(7, {{1, 0.4}, {4, 0.4}, {5, 99.0}})));
        // A trial pruned for NaN recorded nothing at its rung: it does not compete.
        std::vector<Trial> withNan{complete(0, {{1, 1.0}}), Trial{1, TrialState::Pruned, {}, std::nullopt, {{1, NAN}}}};
        QVERIFY(!asha.prune(withNan, running(2, {{1, 0.5}})));  // competing 0.5, 1.0: k = 0, the best
        QVERIFY(asha.prune(withNan, running(2, {{1, 1.5}})));
    }

    void autoMinimumResourceWaitsForACompleteTrial()
    {
        const SuccessiveHalvingPruner asha;  // auto: longest complete trial / 100
        QVERIFY(!asha.prune({running(0, {{100, 5.0}})}, running(1, {{100, 9.0}})));
        // A complete trial that ran 400 steps: minimum resource 4, rungs at 4, 16, 64, 256.
        std::vector<Trial> trials{complete(0, {{4, 1.0}, {400, 0.1}})};
        QVERIFY(!asha.prune(trials, running(1, {{3, 9.0}})));  // before the first rung
        QVERIFY(asha.prune(trials, running(1, {{4, 9.0}})));
    }

    void hyperbandBracketsFollowOptuna()
    {
        const HyperbandPruner hb("study", 1, 243, 3);
        QCOMPARE(hb.brackets(243), 5);  // ln 243 / ln 3 is 4.999… in floating point, as in Optuna
        QCOMPARE(hb.brackets(81), 5);
        // Budgets 81, 34, 15, 8, 5 of 143: the trials' shares follow them.
        std::vector<int> counts(5);
        for (int n = 0; n < 14300; ++n)
            ++counts[static_cast<std::size_t>(hb.bracketOf(n, 243))];
        const double budgets[] = {81, 34, 15, 8, 5};
        for (int b = 0; b < 5; ++b)
            QVERIFY2(std::abs(counts[b] / 14300.0 - budgets[b] / 143) < 0.02, qPrintable(QString::number(counts[b])));
        QCOMPARE(hb.bracketOf(17, 243), HyperbandPruner("study", 1, 243, 3).bracketOf(17, 243));
        QCOMPARE(hb.bracketOf(17, 0), 0);  // before the maximum resource is known
    }

    void hyperbandHalvesWithinTheTrialsBracket()
    {
        const HyperbandPruner hb("s", 1, 27, 3);  // 4 brackets
        // Find two trials in bracket 0 (first rung at step 1) and compare them there.
        std::vector<int> zero;
        for (int n = 0; zero.size() < 3; ++n)
            if (hb.bracketOf(n, 27) == 0)
                zero.push_back(n);
        std::vector<Trial> trials{complete(zero[0], {{1, 1.0}, {27, 0.5}}), complete(zero[1], {{1, 2.0}, {27, 0.5}})};
        QVERIFY(hb.prune(trials, running(zero[2], {{1, 3.0}})));
        QVERIFY(!hb.prune(trials, running(zero[2], {{1, 0.5}})));
    }

    void unknownPrunerNamesAreRefused()
    {
        QVERIFY(!makePruner("none", "s"));
        QVERIFY(makePruner("median", "s"));
        try {
            makePruner("patient", "s");
            QFAIL("accepted");
        } catch (const UserError& e) {
            QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("unknown pruner 'patient'")));
        }
    }
};

QTEST_APPLESS_MAIN(TestPruners)
#include "tst_pruners.moc"
