// The parameter count and training memory of a configuration, before any model exists.
#include "model/ModelSize.h"
#include "model/Models.h"

#include <QtTest>

#include <functional>

using namespace lathe;

namespace {
ModelConfig small(const char* family)
{
    ModelConfig c;
    c.family = family;
    c.vocabularySize = 37;
    c.numClasses = 3;
    c.width = 16;
    c.heads = 2;
    c.layers = 2;
    c.feedForward = 24;
    c.hidden = 10;
    c.maxLength = 9;
    return c;
}

RunConfig defaultRun()
{
    RunConfig r;
    r.model.vocabularySize = 8000;
    r.model.numClasses = 4;
    return r;
}

constexpr std::int64_t kGiB = std::int64_t{1} << 30;
}  // namespace

class TestModelSize : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void countMatchesTheBuiltModelInEveryShape()
    {
        const std::pair<const char*, std::function<void(ModelConfig&)>> shapes[] = {
            {"plain", [](ModelConfig&) {}},
            {"one layer", [](ModelConfig& c) { c.layers = 1; }},
            {"low rank", [](ModelConfig& c) { c.lowRank = 3; }},
            {"per-layer ranks", [](ModelConfig& c) { c.ranks = {{"blocks.1.up", 5}, {"head", 2}, {"blocks.0.attention.qkv", 4}}; }},
            {"own target vocabulary", [](ModelConfig& c) { c.targetVocabularySize = 23; }},
            {"decoder ranks", [](ModelConfig& c) { c.ranks = {{"decoder_blocks.0.cross.kv", 3}, {"decoder_blocks.1.down", 2}, {"score", 2}, {"combine", 4}}; }},
            {"shared blocks", [](ModelConfig& c) { c.shareBlocks = true; }},
            {"factorized embeddings", [](ModelConfig& c) { c.embeddingSize = 6; }},
            {"factorized embeddings, ranked projection", [](ModelConfig& c) { c.embeddingSize = 6; c.ranks = {{"embed_projection", 2}}; }},
            {"tied", [](ModelConfig& c) { c.tieEmbeddings = true; c.hidden = c.width; }},
            {"lora", [](ModelConfig& c) { c.loraRank = 2; }},
            // A classifier fine-tuned from a language model: causal attention, one LSTM direction.
            {"causal, one direction", [](ModelConfig& c) { c.causal = true; c.bidirectional = false; }},
        };
        for (const char* family : {"transformer", "gpt", "mlm", "bilstm", "lstm", "fasttext", "seq2seq", "lstm-seq2seq"})
            for (const auto& [name, shape] : shapes) {
                auto c = small(family);
                shape(c);
                const bool transformer = isTransformerFamily(c.family);
                const bool pairs = isSequenceToSequence(c.family);
                // Encoder–decoders take low rank, tied embeddings, and (the Transformer one) shared
                // blocks and LoRA; not factorized embeddings.
                if (pairs ? (c.embeddingSize || ((c.shareBlocks || c.loraRank) && c.family == "lstm-seq2seq"))
                          : !transformer && (c.lowRank || c.shareBlocks || c.embeddingSize || c.loraRank))
                    continue;  // Transformer-only settings
                if (c.tieEmbeddings && !isLanguageModel(c.family) && !pairs)
                    continue;  // language models and encoder–decoders only
                const auto built = parameterCount(*buildModel(c));
                QVERIFY2(modelParameters(c) == built,
                         qPrintable(QStringLiteral("%1, %2: counted %3, built %4")
                                        .arg(QLatin1String(family), QLatin1String(name))
                                        .arg(modelParameters(c))
                                        .arg(built)));
            }
    }
    void anAbsurdWidthSaturatesInsteadOfOverflowing()
    {
        auto c = small("transformer");
        c.width = 2'000'000'000;
        c.feedForward = 2'000'000'000;
        QCOMPARE(modelParameters(c), std::numeric_limits<std::int64_t>::max());
    }
    void theDefaultModelFitsAndAHugeOneIsRefusedWithWhatItNeeds()
    {
        auto r = defaultRun();
        const auto m = trainingMemory(r);
        QVERIFY(m.total() > 0 && m.total() < kGiB);
        QVERIFY(memoryProblem(r, 16 * kGiB).empty());
        QVERIFY(memoryProblem(r, 0).empty());  // unknown: never refuse

        r.model.width = 100'000'000;
        r.model.heads = 4;
        const auto problem = memoryProblem(r, 16 * kGiB).english();
        QVERIFY(!problem.empty());
        for (const char* part : {"does not fit in memory", "AdamW", "16 GB available", "Lower the width"})
            QVERIFY2(problem.find(part) != std::string::npos, problem.c_str());
    }
    void activationsGrowWithTheBatchAndTheOptimizerStateWithItsKind()
    {
        auto r = defaultRun();
        const auto base = trainingMemory(r);
        r.train.batchSize *= 4;
        const auto bigger = trainingMemory(r);
        QCOMPARE(bigger.activationBytes, 4 * base.activationBytes);
        QCOMPARE(bigger.weightBytes, base.weightBytes);
        r.train.optimizer = "sgd";
        QCOMPARE(trainingMemory(r).optimizerBytes, base.optimizerBytes / 2);
        // Activations alone can refuse a run: a 10^6-token batch of the default model.
        r.train.batchSize = 8192;
        QVERIFY(trainingMemory(r).activationBytes > 16.0 * kGiB);
        QVERIFY(!memoryProblem(r, 16 * kGiB).empty());
    }
    void availableMemoryReadsThisMachine()
    {
        const auto available = availableMemory();
        QVERIFY2(available > 64 * (std::int64_t{1} << 20), qPrintable(QString::number(available)));
    }
};

QTEST_GUILESS_MAIN(TestModelSize)
#include "tst_modelsize.moc"
