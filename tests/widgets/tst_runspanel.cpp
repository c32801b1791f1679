#include "WidgetTestSupport.h"
#include "runs/RunsModel.h"
#include "runs/RunsPanel.h"
#include "store/RunStore.h"

#include <QColor>
#include <QFile>
#include <QLineEdit>
#include <QTableView>
#include <QtTest>

using namespace lathe;
using namespace lathe::gui;

namespace {

// A finished run with a few logged points, written straight to the store.
std::int64_t addRun(RunStore& store, const std::string& name, const std::string& tags, double accuracy,
                    const std::string& model = "transformer", const std::string& fingerprint = "", int seed = 1,
                    RunStatus status = RunStatus::Completed)
{
    RunRecord r;
    r.configJson = R"({"train":{"seed":)" + std::to_string(seed) + "}}";
    r.name = name;
    r.kind = "classifier";
    r.model = model;
    r.dataset = "/data/topics.csv";
    r.datasetFingerprint = fingerprint;
    r.tags = tags;
    r.parameters = 1000;
    const auto id = store.createRun(r);
    store.appendMetrics(id, {{"val/accuracy", 10, 1.0, accuracy / 2}, {"val/accuracy", 20, 2.0, accuracy},
                             {"train/loss", 20, 2.0, 0.5}});
    if (status != RunStatus::Running)
        store.finishRun(id, status, {}, "{}", 20);
    return id;
}

}  // namespace

class TestRunsPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::isolateSettings(); }
    void listsEveryRunWithItsBestValidation()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        const auto a = addRun(store, "alpha", "baseline", 0.8);
        addRun(store, "beta", "lowrank", 0.9);
        RunsPanel panel;
        panel.setStore(&store);
        QCOMPARE(panel.model()->rowCount(), 2);
        const int row = panel.model()->rowOf(a);
        QCOMPARE(panel.model()->index(row, RunsModel::Name).data().toString(), QStringLiteral("alpha"));
        QCOMPARE(panel.model()->index(row, RunsModel::BestValidation).data().toString(), QStringLiteral("acc 0.800"));
        QCOMPARE(panel.model()->index(row, RunsModel::Status).data().toString(), QStringLiteral("completed"));
        panel.resize(1300, 420);
        panel.selectRuns({a});
        test::screenshot(panel, QStringLiteral("runs"));
    }
    void marksTheBestBaselineBesideTheBestModelPerDataset()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        const auto weak = addRun(store, "transformer-a", "", 0.70, "transformer", "topics");
        const auto model = addRun(store, "bilstm", "", 0.75, "bilstm", "topics");
        const auto baseline = addRun(store, "fasttext", "", 0.80, "fasttext", "topics");
        const auto weakBaseline = addRun(store, "fasttext-small", "", 0.60, "fasttext", "topics");
        // Another dataset with models only: nothing to compare, nothing marked.
        const auto alone = addRun(store, "other", "", 0.90, "transformer", "reviews");
        // Not compared: another split seed (other validation rows), a failed run, one still training.
        const auto otherSplit = addRun(store, "fasttext-seed2", "", 0.99, "fasttext", "topics", 2);
        const auto failed = addRun(store, "failed", "", 0.95, "transformer", "topics", 1, RunStatus::Failed);
        const auto running = addRun(store, "running", "", 0.97, "transformer", "topics", 1, RunStatus::Running);
        RunsPanel panel;
        panel.setStore(&store);
        const auto cell = [&](std::int64_t id, int role = Qt::DisplayRole) {
            return panel.model()->index(panel.model()->rowOf(id), RunsModel::BestValidation).data(role);
        };
        QCOMPARE(cell(model).toString(), QStringLiteral("acc 0.750 · best model"));
        QCOMPARE(cell(baseline).toString(), QStringLiteral("acc 0.800 · best baseline"));
        QCOMPARE(cell(weak).toString(), QStringLiteral("acc 0.700"));
        QCOMPARE(cell(weakBaseline).toString(), QStringLiteral("acc 0.600"));
        QCOMPARE(cell(alone).toString(), QStringLiteral("acc 0.900"));
        QCOMPARE(cell(otherSplit).toString(), QStringLiteral("acc 0.990"));
        QCOMPARE(cell(failed).toString(), QStringLiteral("acc 0.950"));
        QVERIFY(!cell(running).toString().contains(QStringLiteral("best")));
        // The baseline wins here: both marks say so, in the warning colour.
        QVERIFY(cell(model, Qt::ToolTipRole).toString().contains(QStringLiteral("does not beat a bag of n-grams")));
        QVERIFY(cell(model, Qt::ForegroundRole).value<QColor>().isValid());
        QVERIFY(!cell(weak, Qt::ForegroundRole).isValid());
        panel.resize(1300, 300);
        test::screenshot(panel, QStringLiteral("runs_baseline"));
        // A better model takes the mark and the warning goes.
        const auto better = addRun(store, "transformer-b", "", 0.85, "transformer", "topics");
        panel.setStore(&store);
        QCOMPARE(cell(better).toString(), QStringLiteral("acc 0.850 · best model"));
        QCOMPARE(cell(model).toString(), QStringLiteral("acc 0.750"));
        QVERIFY(cell(better, Qt::ToolTipRole).toString().contains(QStringLiteral("beats the fastText baseline")));
        QVERIFY(!cell(better, Qt::ForegroundRole).isValid());
    }
    void namesTheRunAFineTuneCameFrom()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        RunRecord lm;
        lm.name = "mlm-word";
        lm.kind = "language-model";
        lm.model = "mlm";
        const auto base = store.createRun(lm);
        RunRecord tuned;
        tuned.name = "transformer-word";
        tuned.kind = "classifier";
        tuned.model = "transformer";
        tuned.tags = "fine-tuned";
        tuned.parentId = base;
        const auto id = store.createRun(tuned);
        tuned.tags = "distilled";
        const auto student = store.createRun(tuned);
        tuned.tags = "from-scratch";
        const auto control = store.createRun(tuned);
        RunsPanel panel;
        panel.setStore(&store);
        const auto cell = [&](std::int64_t run, int role) {
            return panel.model()->index(panel.model()->rowOf(run), RunsModel::Model).data(role).toString();
        };
        QCOMPARE(cell(id, Qt::DisplayRole), QStringLiteral("#%1 → Transformer classifier").arg(base));
        QCOMPARE(cell(id, Qt::ToolTipRole),
                 QStringLiteral("Fine-tuned from run %1 (mlm-word, Masked language model (BERT-style))").arg(base));
        QVERIFY(cell(student, Qt::ToolTipRole).startsWith(QStringLiteral("Distilled from run")));
        // The from-scratch control says so beside its base.
        QCOMPARE(cell(control, Qt::DisplayRole), QStringLiteral("#%1 → Transformer classifier, from scratch").arg(base));
        QVERIFY(cell(control, Qt::ToolTipRole).startsWith(QStringLiteral("Trained from scratch as the control")));
        QCOMPARE(cell(base, Qt::DisplayRole), QStringLiteral("Masked language model (BERT-style)"));
        QVERIFY(cell(base, Qt::ToolTipRole).isEmpty());
    }
    void wordVectorsRunsShowTheirMethodAndLoss()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        RunRecord r;
        r.name = "skipgram-100";
        r.kind = "word-vectors";
        r.model = "skipgram";
        const auto id = store.createRun(r);
        store.finishRun(id, RunStatus::Completed, {}, R"({"loss": 0.4321, "words_per_s": 350000})", 60000);
        r.name = "glove-100";
        r.model = "glove";
        const auto glove = store.createRun(r);
        store.finishRun(glove, RunStatus::Completed, {}, R"({"loss": 0.0219, "words_per_s": 1170000})", 60000);
        RunsPanel panel;
        panel.setStore(&store);
        const auto cell = [&](qint64 run, int column) {
            return panel.model()->index(panel.model()->rowOf(run), column).data(Qt::DisplayRole).toString();
        };
        QCOMPARE(cell(id, RunsModel::Model), QStringLiteral("Word vectors (skip-gram)"));
        QCOMPARE(cell(id, RunsModel::BestValidation), QStringLiteral("loss 0.432"));
        QCOMPARE(cell(glove, RunsModel::Model), QStringLiteral("Word vectors (GloVe)"));
        QCOMPARE(cell(glove, RunsModel::BestValidation), QStringLiteral("loss 0.022"));
        // A text VAE: its best validation ELBO (per sentence, nats).
        RunRecord v;
        v.name = "vae-32";
        v.kind = "vae";
        v.model = "vae";
        const auto vae = store.createRun(v);
        store.appendMetrics(vae, {{"val/loss", 100, 0, 13.5}, {"val/loss", 200, 0, 11.94}});
        store.finishRun(vae, RunStatus::Completed, {}, "{}", 200);
        panel.setStore(&store);
        QCOMPARE(cell(vae, RunsModel::Model), QStringLiteral("Text VAE (LSTM)"));
        QCOMPARE(cell(vae, RunsModel::BestValidation), QStringLiteral("ELBO -11.94"));
    }
    void showsSizeAndPeakTrainingMemory()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        RunRecord r;
        r.name = "sized";
        r.kind = "classifier";
        r.model = "transformer";
        r.parameters = 1'000'000;
        const auto id = store.createRun(r);
        store.finishRun(id, RunStatus::Completed, {}, R"({"flops_per_token": 2000000, "peak_train_bytes": 52428800})", 1);
        const auto old = addRun(store, "older", "", 0.5);  // no size measurements in its summary
        RunsPanel panel;
        panel.setStore(&store);
        const int row = panel.model()->rowOf(id);
        QCOMPARE(panel.model()->index(row, RunsModel::Size).data().toString(), QStringLiteral("3.8 MB"));
        QCOMPARE(panel.model()->index(row, RunsModel::PeakMemory).data().toString(), QStringLiteral("50 MB"));
        const auto tip = panel.model()->index(row, RunsModel::Size).data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("1.9 MB at bf16")) && tip.contains(QStringLiteral("977 kB at int8")) &&
                     tip.contains(QStringLiteral("FLOPs per token")),
                 qPrintable(tip));
        QVERIFY(panel.model()->index(panel.model()->rowOf(old), RunsModel::PeakMemory).data().toString().isEmpty());
    }
    void showsTheEngineARunUsed()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        RunRecord r;
        r.name = "timed";
        r.kind = "classifier";
        r.model = "transformer";
        const auto id = store.createRun(r);
        store.finishRun(id, RunStatus::Completed, {},
                        R"({"precision": "bf16", "isa": "avx512", "threads": 2, "cpu": "Test CPU", "tokens_per_s": 15000,)"
                        R"( "eval_tokens_per_s": 48000, "step_ms": {"data": 0.1, "forward": 90, "backward": 160,)"
                        R"( "optimizer": 3.5, "logging": 0.3, "steps": 30}})",
                        30);
        const auto old = addRun(store, "older", "", 0.5);  // recorded before the engine reported itself
        RunsPanel panel;
        panel.setStore(&store);
        const auto cell = panel.model()->index(panel.model()->rowOf(id), RunsModel::Engine);
        QCOMPARE(cell.data().toString(), QStringLiteral("bf16 · avx512 · 2 threads"));
        const auto tip = cell.data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("Test CPU")) && tip.contains(QStringLiteral("backward 160.0")) &&
                     tip.contains(QStringLiteral("Evaluation 48,000 tokens/s")),
                 qPrintable(tip));
        QVERIFY(panel.model()->index(panel.model()->rowOf(old), RunsModel::Engine).data().toString().isEmpty());
        panel.resize(1500, 240);
        test::screenshot(panel, QStringLiteral("runs_engine"));
    }
    void sortsAndSearches()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        addRun(store, "alpha", "baseline", 0.8);
        addRun(store, "beta", "lowrank", 0.9);
        addRun(store, "gamma", "lowrank distilled", 0.7);
        RunsPanel panel;
        panel.setStore(&store);
        auto* view = panel.table();
        view->sortByColumn(RunsModel::BestValidation, Qt::DescendingOrder);
        QCOMPARE(view->model()->index(0, RunsModel::Name).data().toString(), QStringLiteral("beta"));
        panel.setSearchText(QStringLiteral("lowrank"));
        QCOMPARE(view->model()->rowCount(), 2);
        panel.setSearchText(QStringLiteral("lowrank distilled"));  // every word must match
        QCOMPARE(view->model()->rowCount(), 1);
        panel.setSearchText(QString());
        QCOMPARE(view->model()->rowCount(), 3);
    }
    void renamesTagsAndAnnotatesInTheDatabase()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        const auto id = addRun(store, "alpha", "", 0.8);
        RunsPanel panel;
        panel.setStore(&store);
        panel.selectRuns({id});
        QCOMPARE(panel.selectedRuns(), QList<qint64>{id});
        auto* name = panel.findChild<QLineEdit*>(QStringLiteral("runName"));
        auto* tags = panel.findChild<QLineEdit*>(QStringLiteral("runTags"));
        QCOMPARE(name->text(), QStringLiteral("alpha"));
        QVERIFY(name && tags);
        name->setText(QStringLiteral("alpha-renamed"));
        tags->setText(QStringLiteral("keep, paper"));
        panel.saveDetails();
        const auto run = store.run(id);
        QCOMPARE(run->name, std::string("alpha-renamed"));
        QCOMPARE(run->tags, std::string("keep, paper"));
        QCOMPARE(panel.model()->index(panel.model()->rowOf(id), RunsModel::Name).data().toString(),
                 QStringLiteral("alpha-renamed"));
    }
    void deletesRunsAndTheirRows()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        const auto a = addRun(store, "alpha", "", 0.8);
        const auto b = addRun(store, "beta", "", 0.9);
        RunsPanel panel;
        panel.setStore(&store);
        panel.selectRuns({a});
        QVERIFY(panel.deleteSelected(false));
        QVERIFY(!store.run(a));
        QVERIFY(store.run(b));
        QCOMPARE(panel.model()->rowCount(), 1);
    }
    void exportsTheSelectedRunsMetrics()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        const auto a = addRun(store, "alpha", "", 0.8);
        const auto b = addRun(store, "beta", "", 0.9);
        RunsPanel panel;
        panel.setStore(&store);
        panel.selectRuns({a, b});
        QSignalSpy compare(&panel, &RunsPanel::compareRequested);
        const auto path = dir.filePath(QStringLiteral("m.csv"));
        QVERIFY(panel.exportMetrics(path));
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto lines = f.readAll().split('\n');
        QCOMPARE(lines.front(), QByteArray("run_id,run_name,key,step,wall_time,value"));
        QCOMPARE(lines.size(), 1 + 6 + 1);  // header, 3 points per run, final newline
        QVERIFY(!panel.exportMetrics(dir.filePath(QStringLiteral("no/such/dir/m.csv"))));
        QVERIFY2(panel.message().contains(QStringLiteral("Could not write")), qPrintable(panel.message()));
    }
    void thousandsOfRunsLoad()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        for (int i = 0; i < 2000; ++i)
            addRun(store, "run" + std::to_string(i), i % 2 ? "odd" : "even", 0.5 + i * 1e-4);
        RunsPanel panel;
        panel.setStore(&store);
        QCOMPARE(panel.model()->rowCount(), 2000);
        panel.setSearchText(QStringLiteral("odd"));
        QCOMPARE(panel.table()->model()->rowCount(), 1000);
    }
};

QTEST_MAIN(TestRunsPanel)
#include "tst_runspanel.moc"
