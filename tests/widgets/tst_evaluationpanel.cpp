#include "WidgetTestSupport.h"
#include "evaluation/ConfusionMatrixView.h"
#include "evaluation/EvaluationPanel.h"
#include "evaluation/VectorsEvalView.h"
#include "vectors/VectorsRun.h"
#include "store/RunStore.h"
#include "train/Training.h"

#include <QTableWidget>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

using namespace lathe;
using namespace lathe::gui;

class TestEvaluationPanel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<RunStore> m_store;
    qint64 m_run = 0;

private Q_SLOTS:
    void initTestCase()
    {
        m_store = std::make_unique<RunStore>(m_dir.filePath(QStringLiteral("exp.db")).toStdString());
        TrainRequest r;
        r.config = test::quickConfig(30, 15);
        r.store = m_store.get();
        m_run = train(r).runId;
        QVERIFY(m_run > 0);
    }
    void showsTheValidationConfusionMatrixAndPerClassMetrics()
    {
        EvaluationPanel panel;
        panel.setStore(m_store.get());
        panel.setRun(m_run);
        const auto report = m_store->latestEvaluation(m_run, "validation");
        QVERIFY(report);
        QVERIFY2(panel.overallText().contains(QStringLiteral("validation split, step 30")), qPrintable(panel.overallText()));
        QCOMPARE(panel.perClassTable()->rowCount(), 4);
        QCOMPARE(panel.perClassTable()->item(0, 0)->text(), QStringLiteral("computing"));
        // Rows of the matrix are normalized: each row's shares sum to 1.
        for (int t = 0; t < 4; ++t) {
            double sum = 0;
            for (int p = 0; p < 4; ++p)
                sum += panel.matrix()->rowShare(t, p);
            QVERIFY(qAbs(sum - 1.0) < 1e-9);
        }
        QVERIFY(panel.matrix()->cellText(0, 0).contains(QLatin1Char('%')));
        panel.resize(1000, 520);
        test::screenshot(panel, QStringLiteral("evaluation"));
    }
    void cellsShowCountsAndRowPercentages()
    {
        ConfusionMatrixView view;
        view.setMatrix({QStringLiteral("a"), QStringLiteral("b")}, {{3, 1}, {0, 4}});
        QCOMPARE(view.cellText(0, 0), QStringLiteral("3\n75.0%"));
        QCOMPARE(view.cellText(0, 1), QStringLiteral("1\n25.0%"));
        QCOMPARE(view.cellText(1, 1), QStringLiteral("4\n100.0%"));
        QCOMPARE(view.rowShare(1, 0), 0.0);
        QVERIFY(view.cellText(5, 5).isEmpty());
    }
    void evaluatesTheCheckpointOnAnotherFile()
    {
        EvaluationPanel panel;
        panel.setStore(m_store.get());
        panel.setRun(m_run);
        QSignalSpy done(&panel, &EvaluationPanel::evaluated);
        panel.evaluateFile(test::sampleDataset());
        QVERIFY(done.wait(120'000));
        QVERIFY2(panel.message().startsWith(QStringLiteral("Evaluated on")), qPrintable(panel.message()));
        // In the precision the run trained in, and how fast.
        const auto summary = QJsonDocument::fromJson(QByteArray::fromStdString(m_store->run(m_run)->summaryJson)).object();
        const auto precision = summary.value(QStringLiteral("precision")).toString();
        QVERIFY(precision == QLatin1String("fp32") || precision == QLatin1String("bf16"));
        QVERIFY2(panel.message().contains(QStringLiteral("(%1 matmuls, ").arg(precision)), qPrintable(panel.message()));
        QVERIFY2(panel.message().endsWith(QStringLiteral(" tokens/s).")), qPrintable(panel.message()));
        QVERIFY2(panel.overallText().contains(QStringLiteral("2,400 examples")), qPrintable(panel.overallText()));
        panel.resize(1000, 520);
        test::screenshot(panel, QStringLiteral("evaluation_file"));
        QVERIFY(m_store->latestEvaluation(m_run, test::sampleDataset().toStdString()));
    }
    void aBadFileGivesAMessageAndKeepsTheView()
    {
        QTemporaryDir dir;
        const auto bad = test::writeFile(dir, "bad.csv", "text,label\n\"unterminated,x\n");
        EvaluationPanel panel;
        panel.setStore(m_store.get());
        panel.setRun(m_run);
        const auto before = panel.overallText();
        QSignalSpy done(&panel, &EvaluationPanel::evaluated);
        panel.evaluateFile(QString::fromStdString(bad));
        QVERIFY(done.wait(60'000));
        QVERIFY2(panel.message().startsWith(QStringLiteral("Could not evaluate")), qPrintable(panel.message()));
        QVERIFY2(panel.message().contains(QStringLiteral("bad.csv")), qPrintable(panel.message()));
        QCOMPARE(panel.overallText(), before);
    }
    void aWordVectorsRunShowsItsScoresInstead()
    {
        VectorsRunRequest r;
        r.config.dim = 8;
        r.config.minCount = 3;
        r.config.epochs = 1;
        r.dataPath = test::sourcePath("resources/sample/topics.csv");
        r.store = m_store.get();
        const auto vectors = trainVectorsRun(r).runId;
        EvaluationPanel panel;
        panel.setStore(m_store.get());
        QSignalSpy loaded(panel.vectorsView(), &VectorsEvalView::evaluated);
        panel.setRun(vectors);
        QVERIFY(panel.showsVectors());
        QVERIFY(loaded.wait(60'000));
        panel.vectorsView()->showNeighbours(QStringLiteral("the"));
        QCOMPARE(panel.vectorsView()->neighbourTable()->rowCount(), 15);
        // A classifier run: its confusion matrix again.
        panel.setRun(m_run);
        QVERIFY(!panel.showsVectors());
        // Vectors from a file (imported ones): scored the same way.
        panel.showVectorsFile(QString::fromStdString(runVectorsPath(*m_store, vectors)));
        QVERIFY(panel.showsVectors());
        QVERIFY(loaded.wait(60'000));
        QVERIFY2(panel.vectorsView()->message().contains(QStringLiteral("dimensions loaded")),
                 qPrintable(panel.vectorsView()->message()));
    }
};

QTEST_MAIN(TestEvaluationPanel)
#include "tst_evaluationpanel.moc"
