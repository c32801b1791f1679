#include "data/DataError.h"
#include "train/Checkpoint.h"

#include <QtTest>

#include <filesystem>

using namespace lathe;

namespace {
RunConfig tinyConfig()
{
    RunConfig c;
    c.name = "ckpt";
    c.model.width = 8;
    c.model.heads = 2;
    c.model.layers = 1;
    c.model.feedForward = 16;
    c.model.maxLength = 6;
    c.model.vocabularySize = 12;
    c.model.numClasses = 2;
    c.model.dropout = 0;
    return c;
}
}  // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripReproducesEverything()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("c.pt")).toStdString();
        const auto config = tinyConfig();
        const std::vector<std::string> texts = {"a b c", "d e"};
        auto tok = trainTokenizer({"word", 12, 1}, texts, {0, 1});
        auto model = buildModel(config.model);
        model->eval();
        torch::optim::AdamW opt(model->parameters(), torch::optim::AdamWOptions(1e-3));
        model->forward(torch::tensor({{2, 4, 5}}, torch::kLong)).sum().backward();
        opt.step();
        saveCheckpoint(path, config, *tok, {"neg", "pos"}, 42, *model, &opt);

        auto back = loadCheckpoint(path);
        QCOMPARE(back.step, std::int64_t(42));
        QCOMPARE(back.classes, (std::vector<std::string>{"neg", "pos"}));
        QCOMPARE(back.config.toJson(), config.toJson());
        QCOMPARE(back.tokenizer->encode("a e"), tok->encode("a e"));
        back.model->eval();
        auto ids = torch::tensor({{2, 4, 5, 6}, {2, 7, 0, 0}}, torch::kLong);
        QVERIFY(torch::equal(back.model->forward(ids), model->forward(ids)));
        torch::optim::AdamW restored(back.model->parameters(), torch::optim::AdamWOptions(1e-3));
        restoreOptimizer(back, restored);
        QCOMPARE(restored.state().size(), opt.state().size());
        QVERIFY(!QFile::exists(QString::fromStdString(path) + QStringLiteral(".tmp")));
    }
    void truncatedCheckpointSaysSo()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("c.pt")).toStdString();
        const auto config = tinyConfig();
        const std::vector<std::string> texts = {"a"};
        auto tok = trainTokenizer({"word", 12, 1}, texts, {0});
        auto model = buildModel(config.model);
        saveCheckpoint(path, config, *tok, {"a", "b"}, 1, *model, nullptr);
        std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
        try {
            loadCheckpoint(path);
            QFAIL("a truncated checkpoint must be refused");
        } catch (const DataError& e) {
            const QString msg = QString::fromStdString(e.what());
            QVERIFY2(msg.contains(QStringLiteral("c.pt: the checkpoint is truncated or corrupt")), e.what());
            QVERIFY2(msg.contains(QStringLiteral("Resume from an earlier checkpoint")), e.what());
        }
    }
    void missingCheckpointSaysSo()
    {
        try {
            loadCheckpoint("/nonexistent/c.pt");
            QFAIL("expected a DataError");
        } catch (const DataError& e) {
            QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("the checkpoint file is missing")));
        }
    }
};

QTEST_APPLESS_MAIN(TestCheckpoint)
#include "tst_checkpoint.moc"
