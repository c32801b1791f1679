// The embedding projector driven through its real widgets on a real trained run.
#include "WidgetTestSupport.h"
#include "projector/ProjectorPanel.h"
#include "projector/ScatterView.h"
#include "store/RunStore.h"
#include "train/Training.h"
#include "vae/VaeRun.h"
#include "vectors/VectorsRun.h"

#include <QProgressBar>
#include <QSignalSpy>
#include <QtTest>

#include <filesystem>

using namespace lathe;
using namespace lathe::gui;

class TestProjectorPanel : public QObject {
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
        r.config = test::quickConfig(60, 30);
        r.store = m_store.get();
        m_run = train(r).runId;
        QVERIFY(m_run > 0);
    }
    void pcaShowsAPointPerToken()
    {
        ProjectorPanel panel;
        panel.resize(1100, 700);
        panel.show();
        panel.setStore(m_store.get());
        QVERIFY(panel.setRun(m_run));
        panel.setWhat(ProjectorPanel::What::Tokens);
        panel.setMethod(ProjectorPanel::Method::Pca);
        QSignalSpy finished(&panel, &ProjectorPanel::finished);
        panel.compute();
        QVERIFY(finished.wait(30000));
        QVERIFY2(panel.message().startsWith(QStringLiteral("PCA of")), qPrintable(panel.message()));
        const auto& table = panel.outcome().table;
        QVERIFY(table.rows > 100);
        QCOMPARE(panel.pointCount(), table.rows);  // one point per vocabulary entry

        panel.search(QStringLiteral("chef"));
        QCOMPARE(panel.scatter()->highlighted().size(), 1);
        const int chef = panel.scatter()->highlighted().front();
        QCOMPARE(table.labels[static_cast<std::size_t>(chef)], std::string("chef"));
        const auto rows = panel.neighbourRows();
        QCOMPARE(rows.size(), 10);
        // Listed most similar first.
        double previous = 2;
        for (const auto& row : rows) {
            const double s = row.section(QLatin1Char(' '), 0, 0).toDouble();
            QVERIFY(s <= previous + 1e-9);
            previous = s;
        }
        // Hovering the highlighted point names it with its frequency.
        QTest::qWait(100);  // the progress bar just hid: let the layout settle before aiming the mouse
        QTest::mouseMove(panel.scatter(), panel.scatter()->screenPosition(chef).toPoint());
        QTRY_VERIFY2(panel.scatter()->hoverText().startsWith(QStringLiteral("chef (frequency")), qPrintable(panel.scatter()->hoverText()));
        panel.search(QStringLiteral("no-such-token"));
        QVERIFY(panel.message().contains(QStringLiteral("No point matches")));
        panel.search(QStringLiteral("chef"));
        test::screenshot(panel, QStringLiteral("projector_tokens"));
    }
    void tsneFormsOffThreadAndCancels()
    {
        ProjectorPanel panel;
        panel.setStore(m_store.get());
        panel.setRun(m_run);
        panel.setWhat(ProjectorPanel::What::Sentences);
        panel.setMethod(ProjectorPanel::Method::Tsne);
        panel.setTsneOptions(20, 5000);
        QSignalSpy finished(&panel, &ProjectorPanel::finished);
        panel.compute();
        auto* progress = panel.findChild<QProgressBar*>();
        // A partial layout arrives while the GUI thread stays free.
        QVERIFY(QTest::qWaitFor([&] { return progress->maximum() == 5000 && progress->value() > 0; }, 30000));
        QVERIFY(panel.isBusy());
        QCOMPARE(panel.pointCount(), 239);
        panel.cancel();
        QVERIFY(finished.wait(30000));
        QVERIFY(!panel.isBusy());
        QVERIFY(panel.message().contains(QStringLiteral("cancelled")));
        QCOMPARE(panel.pointCount(), 239);
    }
    void tsneOfSentencesColoursByLabel()
    {
        ProjectorPanel panel;
        panel.resize(1100, 700);
        panel.show();
        panel.setStore(m_store.get());
        panel.setRun(m_run);
        panel.setWhat(ProjectorPanel::What::Sentences);
        panel.setMethod(ProjectorPanel::Method::Tsne);
        panel.setTsneOptions(20, 400);
        QSignalSpy finished(&panel, &ProjectorPanel::finished);
        panel.compute();
        QVERIFY(finished.wait(60000));
        QVERIFY2(panel.message().startsWith(QStringLiteral("t-SNE of 239")), qPrintable(panel.message()));
        QCOMPARE(panel.outcome().classNames.size(), 4);
        QCOMPARE(static_cast<int>(panel.outcome().table.classes.size()), 239);
        panel.search(QStringLiteral("forecast"));
        QVERIFY(!panel.scatter()->highlighted().isEmpty());
        test::screenshot(panel, QStringLiteral("projector_sentences"));
    }
    void importsWordVectorsToView()
    {
        QTemporaryDir dir;
        QByteArray text = "3 2\nking 1.0 0.9\nqueen 0.95 1.0\nbanana -1.0 0.1\n";
        const auto path = test::writeFile(dir, "vectors.txt", text);
        ProjectorPanel panel;
        panel.setStore(m_store.get());
        QSignalSpy finished(&panel, &ProjectorPanel::finished);
        panel.importWordVectors(QString::fromStdString(path));
        QVERIFY(finished.wait(30000));
        QVERIFY2(panel.message().startsWith(QStringLiteral("3 word vectors of 2 dimensions")), qPrintable(panel.message()));
        QCOMPARE(panel.pointCount(), 3);
        panel.search(QStringLiteral("king"));
        QCOMPARE(panel.neighbourRows().first().section(QLatin1Char(' '), -1), QStringLiteral("queen"));
        // A bad file: its message names the file and line.
        const auto bad = test::writeFile(dir, "bad.txt", "king 1 2\nqueen 1\n");
        panel.importWordVectors(QString::fromStdString(bad));
        QVERIFY(finished.wait(30000));
        QVERIFY2(panel.message().contains(QStringLiteral("bad.txt:2")), qPrintable(panel.message()));
    }
    void aWordVectorsRunShowsItsVectors()
    {
        VectorsRunRequest r;
        r.config.dim = 16;
        r.config.minCount = 3;
        r.config.epochs = 2;
        r.dataPath = test::sourcePath("resources/sample/topics.csv");
        r.store = m_store.get();
        const auto trained = trainVectorsRun(r);
        ProjectorPanel panel;
        panel.resize(1100, 700);
        panel.show();
        panel.setStore(m_store.get());
        QVERIFY(panel.setRun(trained.runId));
        QSignalSpy finished(&panel, &ProjectorPanel::finished);
        panel.compute();
        QVERIFY(finished.wait(30000));
        // One point per word it learned, and their neighbours by cosine similarity.
        QCOMPARE(panel.pointCount(), int(trained.vocabulary));
        QVERIFY2(panel.message().contains(QStringLiteral("16 dimensions")), qPrintable(panel.message()));
        panel.search(QStringLiteral("chef"));
        QCOMPARE(panel.neighbourRows().size(), 10);
        test::screenshot(panel, QStringLiteral("projector_word_vectors"));
    }
    void aTextVaeRunShowsItsLatentMeans()
    {
        VaeRunRequest r;
        r.config.embedding = 24;
        r.config.hidden = 32;
        r.config.latent = 6;
        r.config.steps = 40;
        r.config.evalEvery = 40;
        r.config.iwaeSamples = 2;
        r.config.threads = 1;
        r.dataPath = test::sourcePath("resources/sample/topics.csv");
        r.store = m_store.get();
        const auto trained = trainVaeRun(r);
        ProjectorPanel panel;
        panel.resize(1100, 700);
        panel.show();
        panel.setStore(m_store.get());
        QVERIFY(panel.setRun(trained.runId));
        QSignalSpy finished(&panel, &ProjectorPanel::finished);
        panel.compute();
        QVERIFY(finished.wait(30000));
        // A point per validation sentence (a tenth of 2,400), coloured by its label.
        QVERIFY2(panel.message().contains(QStringLiteral("posterior means of 240 validation sentences in 6 latent")),
                 qPrintable(panel.message()));
        QCOMPARE(panel.pointCount(), 240);
        QCOMPARE(panel.outcome().classNames.size(), 4);
        QCOMPARE(static_cast<int>(panel.outcome().table.classes.size()), 240);
        panel.search(QStringLiteral("forecast"));  // sentences match on any part of their text
        QVERIFY(!panel.scatter()->highlighted().isEmpty());
        test::screenshot(panel, QStringLiteral("projector_vae"));
    }
    void missingCheckpointIsExplained()
    {
        ProjectorPanel panel;
        panel.setStore(m_store.get());
        panel.setRun(m_run);
        std::filesystem::rename(m_store->checkpointPath(m_run), m_store->checkpointPath(m_run) + ".moved");
        QSignalSpy finished(&panel, &ProjectorPanel::finished);
        panel.compute();
        QVERIFY(finished.wait(30000));
        std::filesystem::rename(m_store->checkpointPath(m_run) + ".moved", m_store->checkpointPath(m_run));
        QVERIFY2(panel.message().contains(QStringLiteral("checkpoint file is missing")), qPrintable(panel.message()));
    }
};

QTEST_MAIN(TestProjectorPanel)
#include "tst_projectorpanel.moc"
