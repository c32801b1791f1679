#include "WidgetTestSupport.h"
#include "charts/MetricChart.h"
#include "compare/ComparePanel.h"
#include "evaluation/ConfusionMatrixView.h"
#include "store/RunStore.h"
#include "train/Training.h"
#include "training/TrainingForm.h"
#include "training/TrainingPanel.h"

#include <QFile>
#include <QTableWidget>
#include <QtTest>

using namespace lathe;
using namespace lathe::gui;

namespace {

qint64 trainRun(RunStore& store, int width, double learningRate)
{
    auto c = test::quickConfig(20, 10);
    c.model.width = width;
    c.train.learningRate = learningRate;
    c.name = "w" + std::to_string(width);
    TrainRequest r;
    r.config = c;
    r.store = &store;
    return train(r).runId;
}

QStringList rowKeys(const QTableWidget& t)
{
    QStringList keys;
    for (int r = 0; r < t.rowCount(); ++r)
        keys << t.verticalHeaderItem(r)->text();
    return keys;
}

}  // namespace

class TestComparePanel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<RunStore> m_store;
    qint64 m_a = 0, m_b = 0;

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateSettings();
        m_store = std::make_unique<RunStore>(m_dir.filePath(QStringLiteral("exp.db")).toStdString());
        m_a = trainRun(*m_store, 32, 3e-3);
        m_b = trainRun(*m_store, 48, 1e-3);
        QVERIFY(m_a > 0 && m_b > 0);
    }
    void overlaysOneCurvePerRunInEveryChart()
    {
        ComparePanel panel;
        panel.setStore(m_store.get());
        panel.setRuns({m_a, m_b});
        QCOMPARE(panel.runs(), (QList<qint64>{m_a, m_b}));
        const auto keys = panel.chartKeys();
        QVERIFY2(keys.mid(0, 4) == (QStringList{QStringLiteral("train/loss"), QStringLiteral("val/loss"),
                                                QStringLiteral("val/accuracy"), QStringLiteral("val/macro_f1")}),
                 qPrintable(keys.join(QLatin1Char(' '))));
        for (const auto& key : keys)
            QCOMPARE(panel.chart(key)->curveIds().size(), 2);
        QCOMPARE(panel.chart(QStringLiteral("train/loss"))->smoothedPoints(QString::number(m_b)).size(), 20);
        // Confusion matrices side by side, one per run.
        QCOMPARE(panel.confusionViews().size(), 2);
        QVERIFY(!panel.confusionViews().front()->cellText(0, 0).isEmpty());
        panel.setRuns({m_a, m_b});  // rebuilt, not duplicated
        QCOMPARE(panel.confusionViews().size(), 2);
        panel.resize(1200, 800);
        test::screenshot(panel, QStringLiteral("compare"));
    }
    void configTableShowsOnlyTheKeysThatDiffer()
    {
        ComparePanel panel;
        panel.setStore(m_store.get());
        panel.setRuns({m_a, m_b});
        const auto differing = rowKeys(*panel.configTable());
        QVERIFY2(differing.contains(QStringLiteral("model.width")), qPrintable(differing.join(QLatin1Char(' '))));
        QVERIFY(differing.contains(QStringLiteral("train.learning_rate")) || differing.contains(QStringLiteral("train.learningRate")));
        QVERIFY(differing.contains(QStringLiteral("name")));
        QVERIFY(!differing.contains(QStringLiteral("model.layers")));
        QCOMPARE(panel.configTable()->item(differing.indexOf(QStringLiteral("model.width")), 0)->text(), QStringLiteral("32"));
        panel.setShowAllKeys(true);
        const auto all = rowKeys(*panel.configTable());
        QVERIFY(all.size() > differing.size());
        QVERIFY(all.contains(QStringLiteral("model.layers")));
    }
    void metricsTableComputesTheChosenStatistic()
    {
        ComparePanel panel;
        panel.setStore(m_store.get());
        panel.setRuns({m_a, m_b});
        const auto row = rowKeys(*panel.metricsTable()).indexOf(QStringLiteral("val/accuracy"));
        QVERIFY(row >= 0);
        const auto accuracy = m_store->metrics(m_a, "val/accuracy");
        QCOMPARE(accuracy.size(), std::size_t(2));
        const auto cell = [&] { return panel.metricsTable()->item(row, 0)->text().toDouble(); };
        panel.setStatistic(MetricStatistic::Last);
        QCOMPARE(cell(), QString::number(accuracy[1].value, 'g', 5).toDouble());
        panel.setStatistic(MetricStatistic::Max);
        QCOMPARE(cell(), QString::number(std::max(accuracy[0].value, accuracy[1].value), 'g', 5).toDouble());
        panel.setStatistic(MetricStatistic::AtStep, 15);  // the evaluation at step 10
        QCOMPARE(cell(), QString::number(accuracy[0].value, 'g', 5).toDouble());
        panel.setStatistic(MetricStatistic::AtStep, 5);  // nothing logged yet
        QCOMPARE(panel.metricsTable()->item(row, 0)->text(), QStringLiteral("—"));
    }
    void statisticsByHand()
    {
        const MetricSeries s{{1, 0, 0.5}, {2, 0, 0.2}, {3, 0, std::numeric_limits<double>::quiet_NaN()}, {4, 0, 0.4}};
        QCOMPARE(*metricStatistic(s, MetricStatistic::Last, QStringLiteral("val/loss")), 0.4);
        QCOMPARE(*metricStatistic(s, MetricStatistic::Best, QStringLiteral("val/loss")), 0.2);      // lower is better
        QCOMPARE(*metricStatistic(s, MetricStatistic::Best, QStringLiteral("val/accuracy")), 0.5);  // higher is better
        QCOMPARE(*metricStatistic(s, MetricStatistic::Min, QStringLiteral("x")), 0.2);
        QCOMPARE(*metricStatistic(s, MetricStatistic::Max, QStringLiteral("x")), 0.5);
        QCOMPARE(*metricStatistic(s, MetricStatistic::AtStep, QStringLiteral("x"), 3), 0.2);
        QVERIFY(!metricStatistic({}, MetricStatistic::Last, QStringLiteral("x")));
    }
    void exportsChartsTablesAndHistory()
    {
        ComparePanel panel;
        panel.setStore(m_store.get());
        panel.setRuns({m_a, m_b});
        panel.resize(900, 600);
        QTemporaryDir out;
        const auto pngs = panel.exportCharts(out.filePath(QStringLiteral("cmp.png")));
        QCOMPARE(pngs.size(), panel.chartKeys().size());
        QVERIFY(QFile::exists(out.filePath(QStringLiteral("cmp-train_loss.png"))));
        QCOMPARE(panel.exportCharts(out.filePath(QStringLiteral("cmp.svg"))).size(), pngs.size());
        QVERIFY(panel.exportTables(out.filePath(QStringLiteral("c.csv")), out.filePath(QStringLiteral("m.csv"))));
        QFile config(out.filePath(QStringLiteral("c.csv")));
        QVERIFY(config.open(QIODevice::ReadOnly));
        QVERIFY(config.readLine().startsWith("key,#"));
        QVERIFY(panel.exportHistory(out.filePath(QStringLiteral("h.csv"))));
        QFile history(out.filePath(QStringLiteral("h.csv")));
        QVERIFY(history.open(QIODevice::ReadOnly));
        const auto text = history.readAll();
        QVERIFY(text.contains(QByteArray::number(m_a) + ",w32,train/loss"));
        QVERIFY(text.contains(QByteArray::number(m_b) + ",w48,train/loss"));
        QVERIFY(!panel.exportHistory(out.filePath(QStringLiteral("missing/h.csv"))));
        QVERIFY(panel.message().contains(QStringLiteral("Could not write")));
    }
    void copiedConfigRecreatesTheRunInTheTrainingPanel()
    {
        ComparePanel panel;
        panel.setStore(m_store.get());
        panel.setRuns({m_a, m_b});
        const auto json = panel.configJson(m_b);
        QVERIFY(json.contains(QStringLiteral("\"seed\"")));
        TrainingPanel training;
        QVERIFY(training.applyConfigJson(json).isEmpty());
        QCOMPARE(training.form()->config().model.width, 48);
        QCOMPARE(training.form()->config().train.learningRate, 1e-3);
        QCOMPARE(training.form()->config().train.maxSteps, std::int64_t(20));
        QVERIFY(training.applyConfigJson(QStringLiteral("{\"model\": {\"width\": \"wide\"}}")).startsWith(QStringLiteral("That is not")));
    }
};

QTEST_MAIN(TestComparePanel)
#include "tst_comparepanel.moc"
