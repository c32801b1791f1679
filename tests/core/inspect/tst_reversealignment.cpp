// Learned structure: a one-layer GPT trained on the synthetic reverse task attends, for each
// output position, to the input position it must copy (the mirror around "=").
#include "TestFiles.h"
#include "data/Synthetic.h"
#include "inspect/ModelInspector.h"
#include "inspect/RunExamples.h"
#include "store/RunStore.h"
#include "train/Training.h"

#include <QtTest>

using namespace lathe;

class TestReverseAlignment : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lastLayerAttendsToTheMirroredPosition()
    {
        constexpr int kLength = 5;
        QTemporaryDir dir;
        SyntheticOptions s;
        s.task = SyntheticTask::Reverse;
        s.examples = 3000;
        s.length = kLength;
        QByteArray corpus;
        for (const auto& text : makeSynthetic(s).texts)
            corpus += QByteArray::fromStdString(text) + '\n';
        RunConfig c;
        c.data.path = lathe::test::writeFile(dir, "reverse.txt", corpus);
        c.data.format = "text";
        c.model.family = "gpt";
        c.model.width = 64;
        c.model.heads = 4;
        c.model.layers = 1;
        c.model.feedForward = 128;
        // One example per window: <bos> a1..aL = b1..bL <eos>.
        c.model.maxLength = 2 * kLength + 3;
        c.model.dropout = 0;
        c.train.learningRate = 3e-3;
        c.train.warmupSteps = 50;
        c.train.maxSteps = 600;
        c.train.evalEvery = 300;
        c.train.threads = 2;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        const auto outcome = train({c, &store, 0, 0, "", nullptr, nullptr});
        QCOMPARE(lathe::test::name(outcome.status), lathe::test::name(RunStatus::Completed));

        ModelInspector inspector(outcome.checkpoint, 2);
        const auto validation = loadRunSplit(inspector.config(), SplitPart::Validation);
        int aligned = 0, positions = 0;
        for (const auto& text : validation.texts) {
            const auto a = inspector.attention(text);
            QCOMPARE(a.length(), 2 * kLength + 2);
            const int layer = a.layers - 1;
            // Query "=" (index L+1) and b1..b(L-1) predict b1..bL = aL..a1: mirror key 2L+1-q.
            for (int q = kLength + 1; q <= 2 * kLength; ++q, ++positions) {
                bool found = false;
                for (int h = 0; h < a.heads && !found; ++h) {
                    int best = 0;
                    for (int k = 1; k < a.length(); ++k)
                        if (a.at(layer, h, q, k) > a.at(layer, h, q, best))
                            best = k;
                    found = best == 2 * kLength + 1 - q;
                }
                aligned += found;
            }
        }
        const double share = static_cast<double>(aligned) / positions;
        qInfo("reverse task: %d of %d output positions (%.1f%%) have a head whose strongest key is the mirror; "
              "validation loss %.3f", aligned, positions, 100 * share, outcome.validation.at("loss"));
        QVERIFY2(share >= 0.9, qPrintable(QString::number(share)));
    }
};

QTEST_GUILESS_MAIN(TestReverseAlignment)
#include "tst_reversealignment.moc"
