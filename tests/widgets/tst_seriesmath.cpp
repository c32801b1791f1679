#include "charts/SeriesMath.h"

#include <QtTest>

#include <cmath>
#include <limits>

using namespace lathe::gui;

namespace {
QVector<QPointF> ramp(int n, double (*f)(int))
{
    QVector<QPointF> p;
    for (int i = 0; i < n; ++i)
        p.append(QPointF(i + 1, f(i)));
    return p;
}
}  // namespace

class TestSeriesMath : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void emaIsBiasCorrected()
    {
        // By hand, w = 0.5 on 4, 8, 2: averages 2, 5, 3.5; corrections 0.5, 0.75, 0.875.
        const QVector<QPointF> in{{1, 4}, {2, 8}, {3, 2}};
        const auto out = smoothEma(in, 0.5);
        QCOMPARE(out.size(), 3);
        QCOMPARE(out[0].y(), 4.0);  // starts at the data, not pulled towards zero
        QCOMPARE(out[1].y(), 5.0 / 0.75);
        QCOMPARE(out[2].y(), 3.5 / 0.875);
        QCOMPARE(out[2].x(), 3.0);
    }
    void zeroWeightIsTheIdentityAndConstantsStayConstant()
    {
        const auto noisy = ramp(50, [](int i) { return std::sin(i * 0.7) * 3; });
        QCOMPARE(smoothEma(noisy, 0), noisy);
        const auto flat = smoothEma(ramp(100, [](int) { return 2.5; }), 0.99);
        for (const auto& p : flat)
            QVERIFY(std::abs(p.y() - 2.5) < 1e-12);
    }
    void weightIsCappedBelowOne()
    {
        EmaSmoother s(1.0);
        QVERIFY(s.weight() < 1.0);
        const auto out = s.update(ramp(10, [](int i) { return double(i); }));
        QVERIFY(out.back().y() > 0);  // at 1 the average would never leave the first value
    }
    void nonFiniteValuesPassThroughWithoutPoisoningTheAverage()
    {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        const QVector<QPointF> in{{1, 1}, {2, nan}, {3, INFINITY}, {4, 1}};
        const auto out = smoothEma(in, 0.9);
        QVERIFY(std::isnan(out[1].y()));
        QVERIFY(std::isinf(out[2].y()));
        QCOMPARE(out[3].y(), 1.0);
    }
    void incrementalUpdatesEqualOneFullPass()
    {
        const auto all = ramp(1000, [](int i) { return std::cos(i * 0.1) + i * 0.001; });
        EmaSmoother s(0.8);
        for (int n : {1, 10, 11, 500, 1000})
            s.update(all.mid(0, n));
        QCOMPARE(s.update(all), smoothEma(all, 0.8));
        // A different series starts over rather than extending.
        const auto other = ramp(20, [](int i) { return -double(i); });
        QCOMPARE(s.update(other), smoothEma(other, 0.8));
    }
    void decimationKeepsEachBucketsExtremes()
    {
        auto in = ramp(1'000'000, [](int i) { return std::sin(i * 1e-4); });
        in[777'777].setY(50);  // one spike
        in[123'456].setY(-50);
        const auto out = decimateMinMax(in, 1, 1'000'000, 500);
        QVERIFY(out.size() <= 2 * 500 + 2);
        QVERIFY(out.size() >= 500);
        QCOMPARE(std::max_element(out.begin(), out.end(), [](auto a, auto b) { return a.y() < b.y(); })->y(), 50.0);
        QCOMPARE(std::min_element(out.begin(), out.end(), [](auto a, auto b) { return a.y() < b.y(); })->y(), -50.0);
        for (int i = 1; i < out.size(); ++i)
            QVERIFY(out[i - 1].x() <= out[i].x());  // still a line, left to right
    }
    void decimationOfAZoomedRangeKeepsEdgeNeighbours()
    {
        const auto in = ramp(10'000, [](int i) { return double(i % 10); });
        const auto out = decimateMinMax(in, 4000, 5000, 100);
        QVERIFY(out.size() <= 2 * 100 + 4);
        QVERIFY(out.front().x() < 4000);  // the line runs off the left edge
        QVERIFY(out.back().x() > 5000);
        for (const auto& p : out.mid(1, out.size() - 2))
            QVERIFY(p.x() >= 4000 && p.x() <= 5000);
    }
    void smallSeriesComeBackWholeWithoutNonFinitePoints()
    {
        QVector<QPointF> in{{1, 1}, {2, std::numeric_limits<double>::quiet_NaN()}, {3, 3}};
        const auto out = decimateMinMax(in, 1, 3, 100);
        QCOMPARE(out, (QVector<QPointF>{{1, 1}, {3, 3}}));
        QVERIFY(decimateMinMax({}, 0, 1, 10).isEmpty());
    }
    void bandEnvelopesTheRawValues()
    {
        const auto in = ramp(1000, [](int i) { return double(i % 10); });
        QVector<QPointF> lower, upper;
        minMaxBand(in, 1, 1000, 10, lower, upper);
        QCOMPARE(lower.size(), 10);
        QCOMPARE(upper.size(), 10);
        for (int i = 0; i < 10; ++i) {
            QCOMPARE(lower[i].y(), 0.0);
            QCOMPARE(upper[i].y(), 9.0);
        }
    }
};

QTEST_APPLESS_MAIN(TestSeriesMath)
#include "tst_seriesmath.moc"
