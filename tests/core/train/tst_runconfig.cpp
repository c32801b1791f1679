#include "train/RunConfig.h"
#include "util/Message.h"

#include <QtTest>

using lathe::RunConfig;

namespace {
// The message mergeJson refused `json` with; empty when it was accepted.
QString refusal(RunConfig& c, const std::string& json)
{
    try {
        c.mergeJson(json, "test.json");
    } catch (const lathe::UserError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}
}  // namespace

class TestRunConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aMergeChangesOnlyWhatItGives()
    {
        RunConfig c;
        c.model.heads = 8;
        QVERIFY(refusal(c, R"({"model": {"width": 256}, "train": {"lr": 0.01}})").contains(QLatin1String("unknown setting 'train.lr'")));
        QCOMPARE(c.model.width, 128);  // a refused merge leaves everything as it was
        QVERIFY(refusal(c, R"({"model": {"width": 256}, "train": {"learningRate": 0.01}})").isEmpty());
        QCOMPARE(c.model.width, 256);
        QCOMPARE(c.model.heads, 8);
        QCOMPARE(c.train.learningRate, 0.01);
    }
    void aWholeNumberWrittenAsAFloatIsAccepted()
    {
        RunConfig c;
        QVERIFY(refusal(c, R"({"train": {"maxSteps": 1e5, "batchSize": 64.0}})").isEmpty());
        QCOMPARE(c.train.maxSteps, std::int64_t{100'000});
        QCOMPARE(c.train.batchSize, 64);
    }
    // fuzz_runconfig: a float far past int's range was converted to int (undefined behaviour).
    void aFloatOutOfRangeForAWholeNumberIsRefused()
    {
        RunConfig c;
        const auto found = refusal(
            c, R"({"model": {"family": "tradddddddfdddddddddddddddddddddddddddddddddddddddddddddddddormeir", )"
               R"("width": 6250000000000000000000000000000002001}})");
        QVERIFY2(found.contains(QLatin1String("test.json: setting 'model.width' must be a whole number, not 6.25e+36")), qPrintable(found));
        QVERIFY(refusal(c, R"({"model": {"dropout": 0.5, "layers": 2.5}})").contains(QLatin1String("'model.layers' must be a whole number")));
        QCOMPARE(c.model.dropout, 0.1);
        QCOMPARE(c.model.width, 128);
    }
    void aWholeNumberTooLargeForItsSettingIsRefused()
    {
        RunConfig c;
        const auto wide = refusal(c, R"({"model": {"width": 10000000000}})");
        QVERIFY2(wide.contains(QLatin1String("setting 'model.width' is 10000000000, outside the range it can hold")), qPrintable(wide));
        QVERIFY(refusal(c, R"({"train": {"seed": -1}})").contains(QLatin1String("'train.seed' is -1, outside the range")));
        QVERIFY(refusal(c, R"({"train": {"seed": 18446744073709551615}})").isEmpty());  // the largest seed fits
        QCOMPARE(c.train.seed, std::uint64_t{18446744073709551615ULL});
    }
    void perLayerRanksAreWholeNumbersToo()
    {
        RunConfig c;
        QVERIFY(refusal(c, R"({"model": {"ranks": {"blocks.0.ff1": 2.5}}})").contains(QLatin1String("'model.ranks.blocks.0.ff1' must be")));
        QVERIFY(refusal(c, R"({"model": {"ranks": {"blocks.0.ff1": 1e12}}})").contains(QLatin1String("outside the range")));
        QVERIFY(refusal(c, R"({"model": {"ranks": {"blocks.0.ff1": 8}}})").isEmpty());
        QCOMPARE(c.model.ranks.at("blocks.0.ff1"), 8);
    }
    void anEncoderDecoderNeedsTwoColumnsAndTakesItsOwnSettings()
    {
        RunConfig c;
        c.model.family = "seq2seq";
        QVERIFY2(c.validate().empty(), c.validate().c_str());  // text → target, the sample's columns
        QCOMPARE(lathe::runKind(c.model.family), std::string("seq2seq"));
        QVERIFY(lathe::loadOptions(c.data, c.model.family).targetColumn == "target");
        QVERIFY(!lathe::loadOptions(c.data, c.model.family).requireLabels);
        QVERIFY(lathe::loadOptions(c.data, "transformer").targetColumn.empty());
        c.data.targetColumn = "text";
        QVERIFY(QString::fromStdString(c.validate()).contains(QLatin1String("--target-column")));
        c.data.targetColumn = "target";
        c.model.tieEmbeddings = true;  // target embeddings as the output layer: fine
        c.train.labelSmoothing = 0.1;
        c.train.beamSize = 4;
        c.train.earlyStopMetric = "val/token_error_rate";
        QVERIFY2(c.validate().empty(), c.validate().c_str());
        c.model.loraRank = 2;
        QVERIFY(QString::fromStdString(c.validate()).contains(QLatin1String("LoRA")));
        c.model.loraRank = 0;
        c.train.labelSmoothing = 1;
        c.train.beamSize = 0;
        c.train.earlyStopMetric = "val/accuracy";  // a classifier's metric
        const auto p = QString::fromStdString(c.validate());
        QVERIFY(p.contains(QLatin1String("label smoothing")) && p.contains(QLatin1String("beam size")) &&
                p.contains(QLatin1String("val/chrf")));
        QVERIFY(lathe::lowerIsBetter("val/token_error_rate") && lathe::lowerIsBetter("val/cer") &&
                !lathe::lowerIsBetter("val/bleu") && !lathe::lowerIsBetter("val/exact_match"));
    }
};

QTEST_APPLESS_MAIN(TestRunConfig)
#include "tst_runconfig.moc"
