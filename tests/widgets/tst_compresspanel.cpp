// The Compression lab driven through its real widgets on a real trained run and database.
#include "WidgetTestSupport.h"
#include "compress/CompressPanel.h"
#include "compress/SweepChart.h"
#include "compress/SweepPointsModel.h"
#include "store/RunStore.h"
#include "train/Training.h"

#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

#include <filesystem>

using namespace lathe;
using namespace lathe::gui;

class TestCompressPanel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<RunStore> m_store;
    qint64 m_run = 0;

    static bool waitForSweep(CompressPanel& panel)
    {
        QSignalSpy finished(&panel, &CompressPanel::sweepFinished);
        return finished.wait(120000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_store = std::make_unique<RunStore>(m_dir.filePath(QStringLiteral("exp.db")).toStdString());
        TrainRequest r;
        r.config = test::quickConfig(60, 30);
        r.store = m_store.get();
        m_run = train(r).runId;
        QVERIFY(m_run > 0);
    }
    void sweepOverFourRanksFillsTheChartsAndTheDatabase()
    {
        CompressPanel panel;
        panel.resize(1000, 760);
        panel.show();
        panel.setStore(m_store.get());
        QVERIFY(panel.setRun(m_run));
        QVERIFY2(panel.sizeText().contains(QStringLiteral("at fp32")) && panel.sizeText().contains(QStringLiteral("FLOPs per token")),
                 qPrintable(panel.sizeText()));
        panel.setPlan(CompressPanel::Plan::UniformAndGlobal);
        panel.setValues(QStringLiteral("2, 4, 8, 16"));
        QVERIFY(panel.start());
        QVERIFY(panel.isBusy());
        QVERIFY(waitForSweep(panel));
        QVERIFY2(panel.message().startsWith(QStringLiteral("Sweep finished")), qPrintable(panel.message()));
        // Two curves of four points each, and the unfactorized model as the reference line.
        const auto& curves = panel.tradeoffChart()->curves();
        QCOMPARE(curves.size(), 2);
        QCOMPARE(curves[0].points.size(), 4);
        QCOMPARE(curves[1].points.size(), 4);
        QVERIFY(std::isfinite(panel.tradeoffChart()->reference()));
        for (const auto& p : curves[0].points)
            QVERIFY(p.y() >= 0 && p.y() <= 1);
        // One energy curve per Linear layer, each rising to 1 at full rank.
        QCOMPARE(panel.spectrumChart()->curves().size(), 5);
        QVERIFY(std::abs(panel.spectrumChart()->curves()[0].points.last().y() - 1.0) < 1e-9);
        QCOMPARE(panel.points()->rowCount(), 8);
        QCOMPARE(panel.table()->model()->rowCount(), 8);
        QVERIFY(panel.table()->isColumnHidden(SweepPointsModel::Before));  // nothing was fine-tuned
        // The database holds both sweeps and every point.
        const auto sweeps = m_store->sweeps(m_run);
        QCOMPARE(sweeps.size(), std::size_t{2});
        std::size_t stored = 0;
        for (const auto& s : sweeps) {
            QCOMPARE(s.status, std::string("completed"));
            stored += m_store->sweepPoints(s.id).size();
        }
        QCOMPARE(stored, std::size_t{8});

        // A new panel on the same run shows what the database kept.
        CompressPanel again;
        again.setStore(m_store.get());
        QVERIFY(again.setRun(m_run));
        QCOMPARE(again.points()->rowCount(), 8);
        QCOMPARE(again.tradeoffChart()->pointCount(), 8);
        QVERIFY(again.message().contains(QStringLiteral("8 point")));
    }
    void anEncoderDecoderSweepChartsItsExactMatch()
    {
        auto c = test::quickConfig(60, 60);
        c.data.path = test::sourcePath("resources/sample/numbers.csv");
        c.model.family = "seq2seq";
        c.model.maxLength = 40;
        c.tokenizer.kind = "char";
        TrainRequest r;
        r.config = c;
        r.store = m_store.get();
        const auto run = train(r).runId;
        CompressPanel panel;
        panel.resize(1000, 760);
        panel.show();
        panel.setStore(m_store.get());
        QVERIFY(panel.setRun(run));
        panel.setPlan(CompressPanel::Plan::UniformAndGlobal);
        panel.setValues(QStringLiteral("2, 8"));
        QVERIFY(panel.start());
        QVERIFY(waitForSweep(panel));
        QVERIFY2(panel.message().startsWith(QStringLiteral("Sweep finished")), qPrintable(panel.message()));
        QVERIFY(panel.points()->pairs());
        QCOMPARE(panel.points()->headerData(SweepPointsModel::Quality, Qt::Horizontal, Qt::DisplayRole).toString(),
                 QStringLiteral("Exact match"));
        QCOMPARE(panel.points()->headerData(SweepPointsModel::Secondary, Qt::Horizontal, Qt::DisplayRole).toString(),
                 QStringLiteral("Token error rate"));
        // The trade-off is drawn in exact match (a share), every point decoded and scored.
        const auto& curves = panel.tradeoffChart()->curves();
        QCOMPARE(curves.size(), 2);
        for (const auto& p : curves[0].points)
            QVERIFY(p.y() >= 0 && p.y() <= 1);
        test::screenshot(panel, QStringLiteral("compress_seq2seq"));
    }
    void oneLayerAtATimeFillsTheSensitivityChart()
    {
        CompressPanel panel;
        panel.setStore(m_store.get());
        QVERIFY(panel.setRun(m_run));
        const int before = panel.points()->rowCount();
        panel.setPlan(CompressPanel::Plan::Layer);
        panel.setValues(QStringLiteral("2, 8"));
        QVERIFY(panel.start());
        QVERIFY(waitForSweep(panel));
        // qkv, out, up and down at ranks 2 and 8; the 32x4 head only at rank 2.
        QCOMPARE(panel.layerChart()->curves().size(), 5);
        QCOMPARE(panel.layerChart()->pointCount(), 9);
        QCOMPARE(panel.points()->rowCount(), before + 9);
        panel.resize(1000, 760);
        panel.show();
        panel.findChild<QTabWidget*>()->setCurrentIndex(1);
        test::screenshot(panel, QStringLiteral("compress_layers"));
        panel.findChild<QTabWidget*>()->setCurrentIndex(2);
        test::screenshot(panel, QStringLiteral("compress_spectra"));
    }
    void measuredAllocationAddsItsCurveAndItsProbes()
    {
        CompressPanel panel;
        panel.setStore(m_store.get());
        QVERIFY(panel.setRun(m_run));
        const int before = panel.points()->rowCount();
        panel.setPlan(CompressPanel::Plan::Measured);
        panel.setValues(QStringLiteral("2, 8"));
        QVERIFY(panel.start());
        QVERIFY(waitForSweep(panel));
        QCOMPARE(panel.points()->rowCount(), before + 21 + 2);
        bool found = false;
        for (const auto& c : panel.tradeoffChart()->curves())
            if (c.name == QStringLiteral("Measured allocation")) {
                found = true;
                QCOMPARE(c.points.size(), 2);
            }
        QVERIFY(found);
        // The probes fill the per-layer chart: every layer, at 1, 2, 4, ... (one value per rank).
        QCOMPARE(panel.layerChart()->curves().size(), 5);
        QCOMPARE(panel.layerChart()->pointCount(), 21);
        panel.resize(1000, 760);
        panel.show();
        panel.table()->sortByColumn(SweepPointsModel::Parameters, Qt::AscendingOrder);
        panel.table()->selectRow(0);
        test::screenshot(panel, QStringLiteral("compress"));
    }
    void energyThresholdsDrawTheirOwnCurve()
    {
        CompressPanel panel;
        panel.setStore(m_store.get());
        QVERIFY(panel.setRun(m_run));
        panel.setPlan(CompressPanel::Plan::Uniform);
        panel.setEnergyValues(QStringLiteral("150"));
        QVERIFY(!panel.start());
        QVERIFY2(panel.message().contains(QStringLiteral("not a share of energy")), qPrintable(panel.message()));
        panel.setEnergyValues(QStringLiteral("60, 90"));
        QVERIFY(panel.start());
        QVERIFY(waitForSweep(panel));
        bool found = false;
        for (const auto& c : panel.tradeoffChart()->curves())
            if (c.name == QStringLiteral("Energy threshold")) {
                found = true;
                QCOMPARE(c.points.size(), 2);
            }
        QVERIFY(found);
    }
    void cancelKeepsThePointsSoFar()
    {
        CompressPanel panel;
        panel.setStore(m_store.get());
        QVERIFY(panel.setRun(m_run));
        const int before = panel.points()->rowCount();
        panel.setPlan(CompressPanel::Plan::Uniform);
        panel.setValues(QStringLiteral("1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12"));
        panel.setFinetuneSteps(30);
        QSignalSpy finished(&panel, &CompressPanel::sweepFinished);
        QVERIFY(panel.start());
        QTRY_VERIFY_WITH_TIMEOUT(panel.points()->rowCount() > before, 60000);
        panel.cancel();
        QVERIFY(finished.wait(60000));
        QVERIFY2(panel.message().startsWith(QStringLiteral("Cancelled")), qPrintable(panel.message()));
        const int kept = panel.points()->rowCount() - before;
        QVERIFY(kept >= 1 && kept < 12);
        QCOMPARE(m_store->sweeps(m_run).front().status, std::string("cancelled"));
        QCOMPARE(static_cast<int>(m_store->sweepPoints(m_store->sweeps(m_run).front().id).size()), kept);
        // Fine-tuned points carry the accuracy before fine-tuning, drawn as their own curve.
        QVERIFY(!panel.points()->points().back().valBefore.empty());
        bool dashed = false;
        for (const auto& c : panel.tradeoffChart()->curves())
            dashed = dashed || (c.name == QStringLiteral("Uniform, before fine-tuning") && c.dashed && !c.points.isEmpty());
        QVERIFY(dashed);
        QVERIFY(!panel.table()->isColumnHidden(SweepPointsModel::Before));
    }
    void savedPointBecomesAChildRun()
    {
        CompressPanel panel;
        panel.setStore(m_store.get());
        QVERIFY(panel.setRun(m_run));
        QVERIFY(panel.points()->rowCount() > 0);
        QSignalSpy saved(&panel, &CompressPanel::runSaved);
        panel.table()->selectRow(0);
        panel.saveRow(0);
        QVERIFY(saved.wait(60000));
        const auto id = saved.front().front().toLongLong();
        const auto run = m_store->run(id);
        QVERIFY(run);
        QCOMPARE(run->parentId, m_run);
        QVERIFY2(panel.message().contains(QStringLiteral("#%1").arg(id)), qPrintable(panel.message()));
        const auto row = panel.table()->model()->index(0, SweepPointsModel::SavedRun);
        QCOMPARE(row.data().toString(), QStringLiteral("#%1").arg(id));
        // The saved run appears in the run list and can itself be swept.
        panel.refreshRuns();
        QVERIFY(panel.setRun(id));
    }
    void badValuesAreExplainedAndNothingStarts()
    {
        CompressPanel panel;
        panel.setStore(m_store.get());
        QVERIFY(panel.setRun(m_run));
        const auto sweeps = m_store->sweeps(m_run).size();
        panel.setValues(QStringLiteral("4, eight"));
        QVERIFY(!panel.start());
        QVERIFY2(panel.message().contains(QStringLiteral("'eight' is not a rank")), qPrintable(panel.message()));
        panel.setValues(QStringLiteral("150"), true);
        QVERIFY(!panel.start());
        QVERIFY(panel.message().contains(QStringLiteral("not a budget")));
        panel.setValues(QString());
        QVERIFY(!panel.start());
        panel.setPlan(CompressPanel::Plan::Layer);
        panel.setValues(QStringLiteral("50"), true);
        QVERIFY(!panel.start());
        QCOMPARE(m_store->sweeps(m_run).size(), sweeps);
        QVERIFY(!panel.isBusy());
    }
    void aRunWithoutCheckpointFailsWithAMessage()
    {
        TrainRequest r;
        r.config = test::quickConfig(5, 5);
        r.store = m_store.get();
        const auto id = train(r).runId;
        std::filesystem::remove(m_store->checkpointPath(id));
        CompressPanel panel;
        panel.setStore(m_store.get());
        QVERIFY(panel.setRun(id));
        panel.setPlan(CompressPanel::Plan::Uniform);
        panel.setValues(QStringLiteral("2"));
        QVERIFY(panel.start());
        QVERIFY(waitForSweep(panel));
        QVERIFY2(panel.message().startsWith(QStringLiteral("The sweep stopped")), qPrintable(panel.message()));
        QVERIFY(!panel.isBusy());
    }
};

QTEST_MAIN(TestCompressPanel)
#include "tst_compresspanel.moc"
