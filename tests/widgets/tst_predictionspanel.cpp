// The Predictions panel on a real run, and its links to Evaluation and Attention.
#include "WidgetTestSupport.h"
#include "attention/AttentionHeatmap.h"
#include "attention/AttentionPanel.h"
#include "evaluation/ConfusionMatrixView.h"
#include "evaluation/EvaluationPanel.h"
#include "main/MainWindow.h"
#include "predictions/PredictionsModel.h"
#include "predictions/PredictionsPanel.h"
#include "runs/RunsPanel.h"
#include "store/RunStore.h"
#include "train/Training.h"

#include <QDockWidget>
#include <QPushButton>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

using namespace lathe;
using namespace lathe::gui;

class TestPredictionsPanel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<RunStore> m_store;
    qint64 m_run = 0;
    TrainOutcome m_outcome;

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateSettings();
        m_store = std::make_unique<RunStore>(m_dir.filePath(QStringLiteral("exp.db")).toStdString());
        TrainRequest r;
        r.config = test::quickConfig(20, 20);  // short: some examples stay wrong
        r.store = m_store.get();
        m_outcome = train(r);
        m_run = m_outcome.runId;
        QVERIFY(m_run > 0);
    }
    void anEncoderDecoderListsItsOutputsWorstFirstWithTheirEdits()
    {
        auto config = test::quickConfig(200, 200);
        config.data.path = test::sourcePath("resources/sample/numbers.csv");
        config.model.family = "seq2seq";
        config.model.maxLength = 40;
        config.tokenizer.kind = "char";
        TrainRequest request;
        request.config = config;
        request.store = m_store.get();
        const auto trained = train(request);
        QCOMPARE(test::name(trained.status), test::name(RunStatus::Completed));

        PredictionsPanel panel;
        panel.resize(1100, 600);
        panel.setStore(m_store.get());
        QSignalSpy ready(&panel, &PredictionsPanel::ready);
        panel.setRun(trained.runId);
        QVERIFY(ready.wait(60000));
        QVERIFY2(panel.message().isEmpty(), qPrintable(panel.message()));
        auto* model = panel.model();
        QVERIFY(model->pairs());
        QCOMPARE(model->rowCount(), 300);  // numbers.csv's validation split
        // The table's exact match and token error rate are the run's recorded ones.
        int wrong = 0;
        qint64 errors = 0, tokens = 0;
        for (int i = 0; i < model->rowCount(); ++i) {
            wrong += model->misclassified(i);
            errors += model->prediction(i).errors;
            tokens += model->prediction(i).referenceTokens();
        }
        QVERIFY(std::abs(1.0 - wrong / 300.0 - trained.validation.at("exact_match")) < 1e-9);
        QVERIFY(std::abs(double(errors) / double(tokens) - trained.validation.at("token_error_rate")) < 1e-9);
        QCOMPARE(model->headerData(PredictionsModel::Truth, Qt::Horizontal, Qt::DisplayRole).toString(),
                 QStringLiteral("Reference"));
        // Worst first: the highest token error rate at the top.
        auto* view = panel.table();
        const auto rateAt = [&](int row) {
            return view->model()->index(row, PredictionsModel::Confidence).data(PredictionsModel::SortRole).toDouble();
        };
        QVERIFY(rateAt(0) >= rateAt(1) && rateAt(1) >= rateAt(299));
        QVERIFY(rateAt(0) > 0);
        // The selected example's alignment marks what differs.
        view->selectRow(0);
        const auto html = panel.alignmentText();
        QVERIFY2(html.contains(QStringLiteral("<table")) && html.contains(QStringLiteral("#c0392b")), qPrintable(html));
        panel.setMisclassifiedOnly(true);
        QCOMPARE(panel.visibleRows(), wrong);
        QVERIFY2(panel.summary().contains(QStringLiteral("token error rate")), qPrintable(panel.summary()));
        panel.show();
        test::screenshot(panel, QStringLiteral("predictions_seq2seq"));
    }
    void listsEveryValidationExampleSortedByLoss()
    {
        PredictionsPanel panel;
        panel.resize(1000, 600);
        panel.setStore(m_store.get());
        QSignalSpy ready(&panel, &PredictionsPanel::ready);
        panel.setRun(m_run);
        QVERIFY(ready.wait(30000));
        QCOMPARE(panel.model()->rowCount(), 239);
        QCOMPARE(panel.visibleRows(), 239);
        // Accuracy from the table equals the run's recorded validation accuracy.
        int wrong = 0;
        for (int i = 0; i < panel.model()->rowCount(); ++i)
            wrong += panel.model()->misclassified(i);
        QVERIFY(wrong > 0);
        QVERIFY(std::abs(1.0 - wrong / 239.0 - m_outcome.validation.at("accuracy")) < 1e-9);
        // Sorted by loss, highest first.
        auto* view = panel.table();
        const auto lossAt = [&](int row) {
            return view->model()->index(row, PredictionsModel::Loss).data(PredictionsModel::SortRole).toDouble();
        };
        QVERIFY(lossAt(0) >= lossAt(1));
        QVERIFY(lossAt(1) >= lossAt(238));
        panel.setMisclassifiedOnly(true);
        QCOMPARE(panel.visibleRows(), wrong);
        QVERIFY2(panel.summary().contains(QStringLiteral("%1 misclassified").arg(wrong)), qPrintable(panel.summary()));
        test::screenshot(panel, QStringLiteral("predictions"));
        panel.setSearch(QStringLiteral("zzzz-not-there"));
        QCOMPARE(panel.visibleRows(), 0);
    }
    void confusionCellListsItsExamplesAndOpensAttention()
    {
        MainWindow window(QString::fromStdString(m_store->path()));
        window.resize(1400, 900);
        window.show();
        auto* evaluation = window.evaluationPanel();
        evaluation->setRun(m_run);
        // The biggest off-diagonal cell of the stored validation report.
        const auto report = QJsonDocument::fromJson(
                                QByteArray::fromStdString(m_store->latestEvaluation(m_run, "validation")->reportJson))
                                .object();
        const auto confusion = report.value(QStringLiteral("confusion")).toArray();
        int truth = -1, predicted = -1, count = 0;
        for (int t = 0; t < confusion.size(); ++t)
            for (int p = 0; p < confusion.size(); ++p)
                if (t != p && confusion[t].toArray()[p].toInt() > count)
                    truth = t, predicted = p, count = confusion[t].toArray()[p].toInt();
        QVERIFY(count > 0);
        window.showPanel(evaluation);
        QTest::qWait(100);
        QTest::mouseClick(evaluation->matrix(), Qt::LeftButton, {}, evaluation->matrix()->cellCentre(truth, predicted));
        auto* predictions = window.predictionsPanel();
        QTRY_VERIFY_WITH_TIMEOUT(!predictions->isBusy() && predictions->visibleRows() == count, 30000);
        QVERIFY(window.dock(QStringLiteral("predictionsDock"))->isVisible());
        for (int row = 0; row < count; ++row) {
            const auto source = static_cast<QSortFilterProxyModel*>(predictions->table()->model())
                                    ->mapToSource(predictions->table()->model()->index(row, 0)).row();
            QCOMPARE(predictions->model()->truth(source), truth);
            QCOMPARE(predictions->model()->prediction(source).predicted, predicted);
        }
        // Select an example and open it: the Attention panel shows it.
        auto* view = predictions->table();
        const auto index = view->model()->index(0, PredictionsModel::Text);
        const auto text = predictions->model()->text(static_cast<QSortFilterProxyModel*>(view->model())->mapToSource(index).row());
        view->selectRow(0);
        QPushButton* open = nullptr;
        for (auto* b : predictions->findChildren<QPushButton*>())
            if (b->text() == QStringLiteral("Open in Attention"))
                open = b;
        QVERIFY(open && open->isEnabled());
        QTest::mouseClick(open, Qt::LeftButton);
        auto* attention = window.attentionPanel();
        QTRY_VERIFY2_WITH_TIMEOUT(!attention->isBusy() && attention->result().layers > 0, qPrintable(attention->message() + QStringLiteral(" / ") + attention->text()), 20000);
        QVERIFY(window.dock(QStringLiteral("attentionDock"))->isVisible());
        QCOMPARE(static_cast<int>(attention->result().tokens.size()), attention->mainMap()->map().size);
        QCOMPARE(attention->text(), text);
    }
};

QTEST_MAIN(TestPredictionsPanel)
#include "tst_predictionspanel.moc"
