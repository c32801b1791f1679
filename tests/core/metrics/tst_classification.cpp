#include "metrics/Classification.h"

#include <QtTest>

using namespace lathe;

class TestClassification : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void handComputedThreeClassCase()
    {
        // truth:     0 0 0 1 1 2
        // predicted: 0 0 1 1 2 2
        const auto r = classificationReport({0, 0, 0, 1, 1, 2}, {0, 0, 1, 1, 2, 2}, 3);
        QCOMPARE(r.confusion, (std::vector<std::vector<std::int64_t>>{{2, 1, 0}, {0, 1, 1}, {0, 0, 1}}));
        QCOMPARE(r.accuracy, 4.0 / 6.0);
        // class 0: P 2/2, R 2/3; class 1: P 1/2, R 1/2; class 2: P 1/2, R 1/1
        QCOMPARE(r.perClass[0].precision, 1.0);
        QCOMPARE(r.perClass[0].recall, 2.0 / 3.0);
        QCOMPARE(r.perClass[0].f1, 0.8);
        QCOMPARE(r.perClass[1].f1, 0.5);
        QCOMPARE(r.perClass[2].f1, 2.0 / 3.0);
        QCOMPARE(r.macroPrecision, (1.0 + 0.5 + 0.5) / 3.0);
        QCOMPARE(r.macroRecall, (2.0 / 3.0 + 0.5 + 1.0) / 3.0);
        QCOMPARE(r.macroF1, (0.8 + 0.5 + 2.0 / 3.0) / 3.0);
        QCOMPARE(r.microF1, 4.0 / 6.0);
        QCOMPARE(r.weightedF1, (3 * 0.8 + 2 * 0.5 + 1 * 2.0 / 3.0) / 6.0);
        QCOMPARE(r.perClass[0].support, std::int64_t(3));
    }
    void classNeverPredictedScoresZeroNotNaN()
    {
        const auto r = classificationReport({0, 1}, {0, 0}, 2);
        QCOMPARE(r.perClass[1].precision, 0.0);
        QCOMPARE(r.perClass[1].f1, 0.0);
        QCOMPARE(r.macroF1, (2.0 / 3.0 + 0.0) / 2.0);
    }
    void jsonRoundTrip()
    {
        const auto r = classificationReport({0, 1, 1}, {0, 1, 0}, 2);
        const auto back = ClassificationReport::fromJson(r.toJson({"neg", "pos"}));
        QCOMPARE(back.confusion, r.confusion);
        QCOMPARE(back.macroF1, r.macroF1);
        QCOMPARE(back.perClass[1].recall, 0.5);
    }
};

QTEST_APPLESS_MAIN(TestClassification)
#include "tst_classification.moc"
