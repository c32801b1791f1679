#include "charts/MetricChart.h"

#include <QChart>
#include <QValueAxis>
#include <QtTest>

using lathe::gui::MetricChart;

class TestMetricChart : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void replacesPointsAndRescales()
    {
        MetricChart chart(QStringLiteral("Loss"));
        chart.addMetric(QStringLiteral("train/loss"), QStringLiteral("training loss"));
        chart.setPoints(QStringLiteral("train/loss"), {{1, 2.0}, {2, 1.5}, {40, 0.5}});
        QCOMPARE(chart.pointCount(QStringLiteral("train/loss")), 3);
        auto axes = chart.chart()->axes(Qt::Horizontal);
        QVERIFY(static_cast<QValueAxis*>(axes.at(0))->max() >= 40.0);
        auto* y = static_cast<QValueAxis*>(chart.chart()->axes(Qt::Vertical).at(0));
        QVERIFY(y->min() <= 0.5 && y->max() >= 2.0);
        chart.setPoints(QStringLiteral("train/loss"), {{1, 2.0}});
        QCOMPARE(chart.pointCount(QStringLiteral("train/loss")), 1);
    }
    void hidesMetrics()
    {
        MetricChart chart(QStringLiteral("Validation"));
        chart.addMetric(QStringLiteral("val/perplexity"), QStringLiteral("perplexity"));
        QVERIFY(chart.isMetricVisible(QStringLiteral("val/perplexity")));
        chart.setMetricVisible(QStringLiteral("val/perplexity"), false);
        QVERIFY(!chart.isMetricVisible(QStringLiteral("val/perplexity")));
    }
    void unknownKeysAreIgnored()
    {
        MetricChart chart(QStringLiteral("Loss"));
        chart.setPoints(QStringLiteral("nope"), {{1, 1.0}});
        QCOMPARE(chart.pointCount(QStringLiteral("nope")), 0);
        chart.clear();
    }
};

QTEST_MAIN(TestMetricChart)
#include "tst_metricchart.moc"
