// A trained checkpoint opened for inspection: attention, embeddings, predictions, timeline.
#include "QuickConfig.h"
#include "TestFiles.h"
#include "data/DataError.h"
#include "inspect/ModelInspector.h"
#include "inspect/RunExamples.h"
#include "store/RunStore.h"
#include "train/Checkpoint.h"
#include "train/Snapshots.h"
#include "train/Training.h"

#include <QtTest>

#include <filesystem>

using namespace lathe;

namespace {
using lathe::test::quickConfig;

struct TrainedRun {
    QTemporaryDir dir;
    std::unique_ptr<RunStore> store;
    TrainOutcome outcome;
};

std::unique_ptr<TrainedRun> trainRun(RunConfig config)
{
    auto r = std::make_unique<TrainedRun>();
    r->store = std::make_unique<RunStore>(r->dir.filePath(QStringLiteral("e.db")).toStdString());
    r->outcome = train({config, r->store.get(), 0, 0, "", nullptr, nullptr});
    return r;
}

RunConfig gptConfig(std::int64_t steps)
{
    auto c = quickConfig(steps);
    c.data.path = lathe::test::sourcePath("resources/sample/stories.txt");
    c.model.family = "gpt";
    return c;
}
}  // namespace

class TestModelInspector : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void attentionEqualsSoftmaxRecomputedFromTheWeights()
    {
        // fp32: inspection runs in the run's precision, and the recomputation below is fp32.
        auto config = quickConfig(20);
        config.train.precision = "fp32";
        auto run = trainRun(config);
        ModelInspector inspector(run->outcome.checkpoint, 1);
        const std::string text = "the striker scored twice in the final";
        const auto a = inspector.attention(text);
        QCOMPARE(a.layers, 1);
        QCOMPARE(a.heads, 2);
        QVERIFY(!a.causal);
        QCOMPARE(a.tokens.front(), std::string("<bos>"));
        QCOMPARE(a.classProbabilities.size(), inspector.classes().size());

        // Independently: embeddings + positions, LayerNorm, the q and k thirds of qkv, softmax(QK^T/sqrt(d)).
        auto ck = loadCheckpoint(run->outcome.checkpoint);
        auto p = ck.model->named_parameters();
        const auto ids = inspector.encode(text);
        auto idTensor = torch::tensor(std::vector<std::int64_t>(ids.begin(), ids.end()));
        const auto T = idTensor.size(0);
        auto x = p["tokens.weight"].index_select(0, idTensor) + p["positions.weight"].slice(0, 0, T);
        auto h = torch::layer_norm(x, {32}, p["blocks.0.ln1.weight"], p["blocks.0.ln1.bias"]);
        auto qkv = torch::matmul(h, p["blocks.0.attention.qkv.weight"].t()) + p["blocks.0.attention.qkv.bias"];
        auto q = qkv.slice(1, 0, 32).view({T, 2, 16}).transpose(0, 1);
        auto k = qkv.slice(1, 32, 64).view({T, 2, 16}).transpose(0, 1);
        auto expected = torch::softmax(torch::matmul(q, k.transpose(1, 2)) / 4.0, -1).contiguous();
        QCOMPARE(static_cast<std::int64_t>(a.weights.size()), expected.numel());
        for (std::int64_t i = 0; i < expected.numel(); ++i)
            QVERIFY2(std::abs(a.weights[static_cast<std::size_t>(i)] - expected.data_ptr<float>()[i]) < 1e-5f,
                     qPrintable(QStringLiteral("cell %1").arg(i)));
        // Every row a distribution; the text has no padding, so no key is padding.
        for (int head = 0; head < a.heads; ++head)
            for (int query = 0; query < a.length(); ++query) {
                float sum = 0;
                for (int key = 0; key < a.length(); ++key)
                    sum += a.at(0, head, query, key);
                QVERIFY(std::abs(sum - 1.0f) < 1e-5f);
            }
        QVERIFY(std::find(a.tokens.begin(), a.tokens.end(), "<pad>") == a.tokens.end());
    }
    void decoderAttentionIsZeroAboveTheDiagonal()
    {
        auto run = trainRun(gptConfig(10));
        ModelInspector inspector(run->outcome.checkpoint, 1);
        const auto a = inspector.attention("once upon a time there was a fox");
        QVERIFY(a.causal);
        QVERIFY(a.classProbabilities.empty());
        for (int h = 0; h < a.heads; ++h)
            for (int q = 0; q < a.length(); ++q)
                for (int k = 0; k < a.length(); ++k)
                    if (k > q)
                        QCOMPARE(a.at(0, h, q, k), 0.0f);
                    else
                        QVERIFY(a.at(0, h, q, k) > 0.0f);
    }
    void maskedLanguageModelAttendsBothWays()
    {
        auto c = gptConfig(5);
        c.model.family = "mlm";
        auto run = trainRun(c);
        ModelInspector inspector(run->outcome.checkpoint, 1);
        const auto a = inspector.attention("once upon a time there was a fox");
        QVERIFY(!a.causal);
        QVERIFY(a.classProbabilities.empty());
        float above = 0;
        for (int q = 0; q < a.length(); ++q)
            for (int k = q + 1; k < a.length(); ++k)
                above += a.at(0, 0, q, k);
        QVERIFY(above > 0.1f);
        // Its predictions are the loss of the tokens its masks hide.
        const auto p = inspector.predict({"once upon a time there was a fox"}, {});
        QCOMPARE(p.size(), std::size_t(1));
        QVERIFY(std::isfinite(p[0].loss) && p[0].loss > 0);
    }
    void anEncoderDecoderAttendsThreeWays()
    {
        auto c = quickConfig(60, 60);
        c.data.path = lathe::test::sourcePath("resources/sample/numbers.csv");
        c.model.family = "seq2seq";
        c.model.maxLength = 40;
        c.tokenizer.kind = "char";
        auto run = trainRun(c);
        ModelInspector inspector(run->outcome.checkpoint, 1);
        QVERIFY(inspector.hasAttention() && inspector.sequenceToSequence());
        // The encoder over the source: square, both ways.
        const auto encoder = inspector.attention("forty-two");
        QCOMPARE(encoder.length(), 10);  // <bos> + 9 characters
        QCOMPARE(encoder.keyLength(), 10);
        QVERIFY(!encoder.causal && encoder.classProbabilities.empty());
        // Across: one row per target token written (then <eos>), one column per source token,
        // each row a distribution over the source.
        const auto cross = inspector.attention("forty-two", AttentionPart::Cross, "42");
        QCOMPARE(cross.tokens, (std::vector<std::string>{"4", "2", "<eos>"}));
        QCOMPARE(cross.keyTokens.size(), std::size_t(10));
        QCOMPARE(cross.keyTokens.front(), std::string("<bos>"));
        QCOMPARE(cross.layers, c.model.layers);
        QCOMPARE(cross.target, std::string("42"));
        QVERIFY(!cross.decoded);
        for (int q = 0; q < cross.length(); ++q) {
            float sum = 0;
            for (int k = 0; k < cross.keyLength(); ++k)
                sum += cross.at(0, 0, q, k);
            QVERIFY(std::abs(sum - 1.0f) < 1e-4f);
        }
        // The decoder over the target: <bos> and the model's own output, causal.
        const auto self = inspector.attention("forty-two", AttentionPart::DecoderSelf);
        QVERIFY(self.causal && self.decoded);
        QCOMPARE(self.length(), static_cast<int>(self.keyLength()));
        QCOMPARE(self.tokens.front(), std::string("<bos>"));
        QCOMPARE(self.at(0, 0, 0, 1 < self.length() ? 1 : 0), self.length() > 1 ? 0.0f : 1.0f);
        // A classifier has no decoder.
        auto classifier = trainRun(quickConfig(2));
        ModelInspector other(classifier->outcome.checkpoint, 1);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, other.attention("a text", AttentionPart::Cross));
    }
    void theLstmEncoderDecoderAttendsOnlyAcross()
    {
        auto c = quickConfig(20, 20);
        c.data.path = lathe::test::sourcePath("resources/sample/numbers.csv");
        c.model.family = "lstm-seq2seq";
        c.model.maxLength = 40;
        c.tokenizer.kind = "char";
        auto run = trainRun(c);
        ModelInspector inspector(run->outcome.checkpoint, 1);
        QVERIFY(inspector.hasAttention());
        const auto cross = inspector.attention("seven", AttentionPart::Cross, "7");
        QCOMPARE(cross.layers, 1);
        QCOMPARE(cross.heads, 1);
        QCOMPARE(cross.length(), 2);
        QCOMPARE(cross.keyLength(), 6);
        try {
            inspector.attention("seven");
            QFAIL("an LSTM encoder showed self-attention");
        } catch (const std::invalid_argument& e) {
            QVERIFY(std::string(e.what()).find("cross-attention") != std::string::npos);
        }
    }
    void recurrentRunsHaveNoAttention()
    {
        auto c = quickConfig(5);
        c.model.family = "bilstm";
        auto run = trainRun(c);
        ModelInspector inspector(run->outcome.checkpoint, 1);
        QVERIFY(!inspector.hasAttention());
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, inspector.attention("a text"));
        // Sentence vectors still exist: the head's input, 2 x hidden.
        const auto s = inspector.sentenceEmbeddings({"one text", "another"});
        QCOMPARE(s.rows, 2);
        QCOMPARE(s.dim, 2 * c.model.hidden);
    }
    // In either precision (bf16 is native on AMX, emulated elsewhere, so the row runs on any
    // CPU): inspection runs the checkpoint in the precision its training evaluated in.
    void predictionsAgreeWithTheRecordedValidationAccuracy_data()
    {
        QTest::addColumn<QString>("precision");
        QTest::newRow("fp32") << QStringLiteral("fp32");
        QTest::newRow("bf16") << QStringLiteral("bf16");
    }
    void predictionsAgreeWithTheRecordedValidationAccuracy()
    {
        QFETCH(QString, precision);
        auto config = quickConfig(20);
        config.train.precision = precision.toStdString();
        auto run = trainRun(config);
        ModelInspector inspector(run->outcome.checkpoint, 1);
        const auto validation = loadRunSplit(inspector.config(), SplitPart::Validation);
        QVERIFY(!validation.texts.empty());
        QCOMPARE(validation.classes, inspector.classes());
        const auto predictions = inspector.predict(validation.texts, validation.labels);
        QCOMPARE(predictions.size(), validation.texts.size());
        int right = 0;
        double loss = 0;
        for (std::size_t i = 0; i < predictions.size(); ++i) {
            right += predictions[i].predicted == validation.labels[i];
            loss += predictions[i].loss;
            QVERIFY(predictions[i].confidence >= 1.0f / static_cast<float>(inspector.classes().size()) - 1e-6f);
        }
        const double accuracy = static_cast<double>(right) / static_cast<double>(predictions.size());
        QVERIFY(std::abs(accuracy - run->outcome.validation.at("accuracy")) < 1e-9);
        QVERIFY(std::abs(loss / static_cast<double>(predictions.size()) - run->outcome.validation.at("loss")) < 1e-4);
    }
    void tokenEmbeddingsAreTheEmbeddingMatrix()
    {
        auto run = trainRun(quickConfig(5));
        ModelInspector inspector(run->outcome.checkpoint, 1);
        const auto t = inspector.tokenEmbeddings();
        auto ck = loadCheckpoint(run->outcome.checkpoint);
        auto w = ck.model->named_parameters()["tokens.weight"];
        QCOMPARE(t.rows, static_cast<int>(w.size(0)));
        QCOMPARE(t.dim, 32);
        QCOMPARE(t.values[static_cast<std::size_t>(5 * t.dim + 3)], w[5][3].item<float>());
        QCOMPARE(t.labels[2], std::string("<bos>"));
        const auto freq = inspector.tokenFrequencies({"the the cat"});
        QCOMPARE(freq[static_cast<std::size_t>(inspector.encode("the")[1])], std::int64_t(2));
    }
    void trainingKeepsASpreadOfSnapshots()
    {
        auto run = trainRun(quickConfig(120, 10));  // 12 evaluations
        const auto timeline = run->store->checkpointTimeline(run->outcome.runId);
        QCOMPARE(timeline.size(), kSnapshotsKept);
        QCOMPARE(timeline.front().first, std::int64_t(10));
        QCOMPARE(timeline.back().first, std::int64_t(120));
        for (const auto& [step, path] : timeline) {
            QVERIFY(std::filesystem::exists(path));
            QCOMPARE(ModelInspector(path, 1).step(), step);
        }
        // Dropped snapshots are gone from disk too.
        const auto folder = std::filesystem::path(run->store->snapshotPath(run->outcome.runId, 10)).parent_path();
        QCOMPARE(static_cast<std::size_t>(std::distance(std::filesystem::directory_iterator(folder),
                                                        std::filesystem::directory_iterator())),
                 kSnapshotsKept);
    }
    void snapshotThinningKeepsEndsAndSpread()
    {
        QCOMPARE(snapshotsToDrop({10, 20, 30}, 3), std::vector<std::int64_t>{});
        QCOMPARE(snapshotsToDrop({10, 20, 30, 40}, 3), std::vector<std::int64_t>{20});
        const auto dropped = snapshotsToDrop({100, 10, 20, 30, 40, 50, 60, 70, 80, 90, 110}, 4);
        QCOMPARE(dropped.size(), std::size_t(7));
        QVERIFY(std::find(dropped.begin(), dropped.end(), 10) == dropped.end());
        QVERIFY(std::find(dropped.begin(), dropped.end(), 110) == dropped.end());
    }
    void truncatedCheckpointIsAClearError()
    {
        QTemporaryDir dir;
        const auto path = lathe::test::writeFile(dir, "bad.pt", QByteArray("PK\x03\x04 not really"));
        try {
            ModelInspector inspector(path);
            QFAIL("opened a corrupt checkpoint");
        } catch (const DataError& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("bad.pt")));
        }
    }
};

QTEST_GUILESS_MAIN(TestModelInspector)
#include "tst_modelinspector.moc"
