// Fine-tuning a trained run: LoRA adapters on a frozen base (only they train, they start
// as a no-op, and they merge into plain weights on export), or every weight.
#include "QuickConfig.h"
#include "compress/Adapters.h"
#include "store/RunStore.h"
#include "train/Checkpoint.h"
#include "train/Inference.h"
#include "train/Training.h"

#include <QtTest>

using namespace lathe;

class TestAdapters : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<RunStore> m_store;
    TrainOutcome m_base;

    RunConfig loraConfig(int rank, std::int64_t steps)
    {
        auto c = lathe::test::quickConfig(steps, steps);
        c.train.baseRun = m_base.runId;
        c.model.loraRank = rank;
        return c;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_store = std::make_unique<RunStore>(m_dir.filePath(QStringLiteral("e.db")).toStdString());
        m_base = train({lathe::test::quickConfig(60, 30), m_store.get()});
        QCOMPARE(lathe::test::name(m_base.status), lathe::test::name(RunStatus::Completed));
    }
    void anAdapterStartsAsANoOp()
    {
        auto base = loadCheckpoint(m_base.checkpoint);
        base.model->eval();
        auto config = base.config.model;
        config.loraRank = 4;
        auto adapted = buildModel(config);
        adapted->eval();
        QCOMPARE(copyMatchingParameters(*base.model, *adapted), static_cast<int>(base.model->parameters().size()));
        const auto ids = torch::randint(1, 50, {4, 12}, torch::kLong);
        QVERIFY(torch::equal(base.model->forward(ids), adapted->forward(ids)));
        // r·(in + out) per adapted layer: qkv 32→96, out 32→32, up 32→64, down 64→32.
        const std::int64_t adapters = 4 * ((32 + 96) + (32 + 32) + (32 + 64) + (64 + 32));
        QCOMPARE(freezeAllButAdapters(*adapted), adapters);
        QCOMPARE(trainableParameterCount(*adapted), adapters);
        QCOMPARE(parameterCount(*adapted), parameterCount(*base.model) + adapters);
    }
    void onlyTheAdaptersTrain()
    {
        const auto o = train({loraConfig(4, 20), m_store.get()});
        QCOMPARE(lathe::test::name(o.status), lathe::test::name(RunStatus::Completed));
        const auto run = m_store->run(o.runId);
        QCOMPARE(run->parentId, m_base.runId);
        QCOMPARE(run->tags, std::string("lora"));
        QVERIFY(run->summaryJson.find("\"trainable_parameters\":1536") != std::string::npos);
        auto base = loadCheckpoint(m_base.checkpoint);
        auto tuned = loadCheckpoint(o.checkpoint);
        auto before = base.model->named_parameters();
        int adapters = 0;
        for (const auto& item : tuned.model->named_parameters()) {
            if (item.key().ends_with(".lora_B")) {
                ++adapters;
                QVERIFY2(item.value().abs().sum().item<double>() > 0, item.key().c_str());  // moved off zero
            } else if (!item.key().ends_with(".lora_A")) {
                QVERIFY2(torch::equal(item.value(), before[item.key()]), item.key().c_str());  // frozen
            }
        }
        QCOMPARE(adapters, 4);
    }
    void exportMergesTheAdapterIntoPlainWeights()
    {
        const auto o = train({loraConfig(2, 20), m_store.get()});
        auto tuned = loadCheckpoint(o.checkpoint);
        tuned.model->eval();
        const QString out = m_dir.filePath(QStringLiteral("merged.pt"));
        exportWeights(o.checkpoint, out.toStdString());
        auto plainConfig = tuned.config.model;
        plainConfig.loraRank = 0;
        auto plain = buildModel(plainConfig);
        torch::serialize::InputArchive archive;
        archive.load_from(out.toStdString());
        plain->load(archive);  // fails if any adapter tensor was left in the file
        plain->eval();
        QVERIFY(!plain->named_parameters().find("blocks.0.up.lora_A"));
        torch::NoGradGuard noGrad;
        const auto ids = torch::randint(1, 50, {4, 12}, torch::kLong);
        const double diff = (plain->forward(ids) - tuned.model->forward(ids)).abs().max().item<double>();
        QVERIFY2(diff < 1e-5, qPrintable(QString::number(diff)));
    }
    void fullFineTuningStartsFromTheBaseWeights()
    {
        auto c = lathe::test::quickConfig(5, 5);
        c.train.baseRun = m_base.runId;
        c.train.learningRate = 1e-5;
        const auto tuned = train({c, m_store.get()});
        QCOMPARE(m_store->run(tuned.runId)->tags, std::string("fine-tuned"));
        const auto scratch = train({lathe::test::quickConfig(5, 5), m_store.get()});
        // Five tiny steps keep the base's accuracy; from scratch they are near chance (4 classes).
        QVERIFY(std::abs(tuned.validation.at("accuracy") - m_base.validation.at("accuracy")) < 0.03);
        QVERIFY(scratch.validation.at("accuracy") < m_base.validation.at("accuracy") - 0.1);
    }
    void adaptersNeedABaseRunOfTheSameKind()
    {
        auto c = lathe::test::quickConfig(5, 5);
        c.model.loraRank = 4;
        QVERIFY(c.validate().find("choose the base run") != std::string::npos);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, train({c, m_store.get()}));
        auto lm = loraConfig(4, 5);
        lm.data.path = lathe::test::sourcePath("resources/sample/stories.txt");
        lm.model.family = "gpt";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, train({lm, m_store.get()}));
        auto missing = loraConfig(4, 5);
        missing.train.baseRun = 999;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, train({missing, m_store.get()}));
    }
};

QTEST_GUILESS_MAIN(TestAdapters)
#include "tst_adapters.moc"
