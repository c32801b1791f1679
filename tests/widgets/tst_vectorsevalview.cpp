// Word vectors scored in the Evaluation panel: a run's vectors on word pairs and analogies (the
// same numbers as the core's evaluation, which is tested against gensim), neighbours of a typed
// word, and a bad file named with its line.
#include "WidgetTestSupport.h"
#include "core/vectors/PlantedCorpus.h"
#include "evaluation/VectorsEvalView.h"
#include "store/RunStore.h"
#include "vectors/VectorsEval.h"
#include "vectors/VectorsRun.h"

#include <QLineEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QtTest>

using namespace lathe;
using namespace lathe::gui;

class TestVectorsEvalView : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<RunStore> m_store;
    qint64 m_run = 0;
    QString m_questions, m_pairs;

private Q_SLOTS:
    void initTestCase()
    {
        test::isolateSettings();
        m_store = std::make_unique<RunStore>(m_dir.filePath(QStringLiteral("e.db")).toStdString());
        std::string text;
        for (const auto& line : test::plantedAnalogyCorpus(6, 20'000, 5))
            text += line + "\n";
        VectorsRunRequest r;
        r.config.dim = 32;
        r.config.minCount = 2;
        r.config.tokens = "whitespace";
        r.config.threads = 1;
        r.dataPath = test::writeFile(m_dir, "corpus.txt", QByteArray::fromStdString(text));
        r.store = m_store.get();
        m_run = trainVectorsRun(r).runId;
        m_questions = QString::fromStdString(
            test::writeFile(m_dir, "questions.txt", QByteArray::fromStdString(test::plantedAnalogyQuestions(6))));
        // Same-topic pairs scored high, different topics low, and one pair out of the vocabulary.
        m_pairs = QString::fromStdString(test::writeFile(m_dir, "pairs.tsv",
                                                         "item0_m\titem0_f\t9\nitem1_m\titem1_f\t8.5\n"
                                                         "item0_m\titem3_f\t2\nitem2_f\titem4_m\t1.5\n"
                                                         "item5_m\ttopic5_0\t7\nitem1_f\tzyzzyva\t5\n"));
    }
    void scoresARunsVectorsOnPairsAndAnalogies()
    {
        VectorsEvalView view;
        QSignalSpy done(&view, &VectorsEvalView::evaluated);
        view.setSimilarityFile(m_pairs);
        view.setAnalogiesFile(m_questions);
        view.setRun(m_store.get(), m_run);
        QVERIFY(done.wait(60'000));
        // The core's numbers on the same vectors and files.
        const auto vectors = loadRunVectors(*m_store, m_run);
        const auto s = evaluateSimilarity(vectors, m_pairs.toStdString());
        const auto a = evaluateAnalogies(vectors, m_questions.toStdString());
        QVERIFY2(view.similarityText().contains(QString::number(s.spearman, 'f', 4)), qPrintable(view.similarityText()));
        QVERIFY2(view.similarityText().contains(QStringLiteral("on 5 of 6 pairs")), qPrintable(view.similarityText()));
        auto* t = view.analogyTable();
        QCOMPARE(t->rowCount(), 2);  // the section and the total
        QCOMPARE(t->item(0, 0)->text(), QStringLiteral("planted-forms"));
        QCOMPARE(t->item(1, 1)->text(), QString::number(a.total.accuracy(), 'f', 4));
        QCOMPARE(t->item(1, 3)->text(), QString::number(a.total.covered));
        QVERIFY(a.total.accuracy() >= 0.9);
        // Evaluated again (another restriction, the same files): no reload, the same numbers.
        view.evaluate();
        QVERIFY(done.wait(60'000));
        QCOMPARE(t->item(1, 1)->text(), QString::number(a.total.accuracy(), 'f', 4));
        view.resize(760, 420);
        test::screenshot(view, QStringLiteral("evaluation_vectors"));
    }
    void showsTheNeighboursOfATypedWord()
    {
        VectorsEvalView view;
        QSignalSpy done(&view, &VectorsEvalView::evaluated);
        view.setRun(m_store.get(), m_run);
        QVERIFY(done.wait(60'000));
        view.showNeighbours(QStringLiteral("ITEM0_M"));  // case folded when the form is not there
        auto* t = view.neighbourTable();
        QCOMPARE(t->rowCount(), 15);
        QVERIFY(t->item(0, 0)->text() != QStringLiteral("item0_m"));
        // The nearest words of item0_m share its topic (topic0_*, item0_f) or its form (form m, other *_m items).
        const auto first = t->item(0, 0)->text();
        QVERIFY2(first.startsWith(QStringLiteral("topic0_")) || first.startsWith(QStringLiteral("formm_")) ||
                     first == QStringLiteral("item0_f") || (first.startsWith(QStringLiteral("item")) && first.endsWith(QStringLiteral("_m"))),
                 qPrintable(first));
        view.showNeighbours(QStringLiteral("zyzzyva"));
        QCOMPARE(t->rowCount(), 0);
        QVERIFY2(view.message().contains(QStringLiteral("'zyzzyva' is not among")), qPrintable(view.message()));
    }
    void aBadFileIsNamedWithItsLine()
    {
        const auto bad = QString::fromStdString(test::writeFile(m_dir, "bad.txt", ": s\nitem0_m item0_f item1_m\n"));
        VectorsEvalView view;
        QSignalSpy done(&view, &VectorsEvalView::evaluated);
        view.setRun(m_store.get(), m_run);
        QVERIFY(done.wait(60'000));
        view.setAnalogiesFile(bad);
        view.evaluate();
        QVERIFY(done.wait(60'000));
        QVERIFY2(view.message().contains(QStringLiteral("bad.txt:2")), qPrintable(view.message()));
        // Nothing chosen: told what to do, nothing started.
        view.setAnalogiesFile({});
        view.setSimilarityFile({});
        view.evaluate();
        QVERIFY(!view.isBusy());
        QVERIFY2(view.message().contains(QStringLiteral("Choose a file")), qPrintable(view.message()));
    }
};

QTEST_MAIN(TestVectorsEvalView)
#include "tst_vectorsevalview.moc"
