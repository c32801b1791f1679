// Training encoder–decoders end to end on the bundled pairs (numbers written out → digits): the
// run, its metrics in the store, its checkpoint, resuming, evaluating and translating with it.
#include "TestFiles.h"
#include "data/DataError.h"
#include "store/RunStore.h"
#include "train/Inference.h"
#include "train/Training.h"
#include "util/Message.h"

#include <QtTest>
#include <nlohmann/json.hpp>

using namespace lathe;

namespace {
RunConfig pairsConfig(const char* family, std::int64_t steps)
{
    RunConfig c;
    c.data.path = test::sourcePath("resources/sample/numbers.csv");
    c.tokenizer.kind = "char";
    c.model.family = family;
    c.model.width = 48;
    c.model.heads = 2;
    c.model.layers = 1;
    c.model.feedForward = 96;
    c.model.hidden = 48;
    c.model.maxLength = 40;
    c.train.maxSteps = steps;
    c.train.evalEvery = steps;
    c.train.threads = 1;
    c.train.learningRate = 3e-3;
    return c;
}

struct Messages : TrainingListener {
    void onMessage(const std::string& m) override { said.push_back(m); }
    std::vector<std::string> said;
};

const char* const kMetrics[] = {"loss", "perplexity", "token_accuracy", "exact_match", "token_error_rate",
                                "sequence_error_rate", "cer", "bleu", "chrf"};
}  // namespace

class TestSeq2SeqTraining : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theTransformerLearnsToWriteDigitsAndRecordsEveryScore()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        const auto o = train({pairsConfig("seq2seq", 800), &store});
        QCOMPARE(test::name(o.status), test::name(RunStatus::Completed));
        // Chance is about 0; 800 steps of this small model reach ~0.7 of the numbers exactly.
        QVERIFY2(o.validation.at("exact_match") > 0.4, qPrintable(QString::number(o.validation.at("exact_match"))));
        QVERIFY(o.validation.at("token_accuracy") > 0.8);
        QCOMPARE(o.validation.at("sequence_error_rate"), 1 - o.validation.at("exact_match"));
        QCOMPARE(o.validation.at("perplexity"), std::exp(o.validation.at("loss")));
        const auto run = store.run(o.runId);
        QCOMPARE(run->kind, std::string("seq2seq"));
        for (const char* key : kMetrics) {
            QVERIFY2(o.validation.count(key), key);
            QCOMPARE(store.metrics(o.runId, std::string("val/") + key).size(), std::size_t(1));
        }
        const auto summary = nlohmann::json::parse(run->summaryJson);
        QCOMPARE(summary["signatures"]["bleu"].get<std::string>(),
                 std::string("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0"));
        QVERIFY(summary["signatures"]["chrf"].get<std::string>().starts_with("nrefs:1|case:mixed|eff:yes|nc:6"));
    }
    void theLstmWithAttentionLearnsToo()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        const auto o = train({pairsConfig("lstm-seq2seq", 800), &store});
        QCOMPARE(test::name(o.status), test::name(RunStatus::Completed));
        QVERIFY2(o.validation.at("exact_match") > 0.25, qPrintable(QString::number(o.validation.at("exact_match"))));
        QVERIFY(o.validation.at("token_error_rate") < 0.5);
    }
    void aResumedRunContinuesWhereItsCheckpointIs()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        auto config = pairsConfig("seq2seq", 30);
        config.train.evalEvery = 10;
        const auto first = train({config, &store});
        auto longer = config;
        longer.train.maxSteps = 50;
        const auto resumed = train({longer, &store, first.runId});
        QCOMPARE(resumed.runId, first.runId);
        QCOMPARE(resumed.steps, std::int64_t(50));
        QCOMPARE(store.metrics(first.runId, "train/loss").size(), std::size_t(50));
        QCOMPARE(store.metrics(first.runId, "val/exact_match").size(), std::size_t(5));
    }
    void labelSmoothingRaisesTheTrainingLossButNotTheReportedOne()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        auto config = pairsConfig("seq2seq", 200);
        const auto plain = train({config, &store});
        config.train.labelSmoothing = 0.2;
        const auto smoothed = train({config, &store});
        // Once the model is confident, the smoothed targets cost it ε times the cross-entropy to the
        // uniform distribution: well above the plain loss at the last step.
        const auto last = [&](std::int64_t id) { return store.metrics(id, "train/loss").back().value; };
        QVERIFY2(last(smoothed.runId) > last(plain.runId) + 0.3,
                 qPrintable(QStringLiteral("%1 vs %2").arg(last(smoothed.runId)).arg(last(plain.runId))));
        // Validation reports the plain cross-entropy (comparable across runs): of the same order.
        QVERIFY(smoothed.validation.at("loss") < 2 * plain.validation.at("loss") + 0.5);
    }
    void aCheckpointTranslatesAndEvaluatesAFile()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        const auto o = train({pairsConfig("seq2seq", 800), &store});
        const auto outputs = translate(store.checkpointPath(o.runId), {"forty-two", "one hundred and five", "七"}, {});
        QCOMPARE(outputs.size(), std::size_t(3));
        QCOMPARE(outputs[0].source, std::string("forty-two"));
        QVERIFY(outputs[0].finished);
        QCOMPARE(outputs[0].output, std::string("42"));
        // Beam search finds a hypothesis at least as likely as greedy's.
        TranslateOptions beam;
        beam.beamSize = 4;
        const auto searched = translate(store.checkpointPath(o.runId), {"one hundred and five"}, beam);
        QVERIFY(searched[0].logProbability >= outputs[1].logProbability - 1e-4);

        const auto pairs = test::writeFile(dir, "more.csv", "text,target\nforty-two,42\nseventeen,17\n八,8\n");
        DataConfig data;
        data.path = pairs;
        const auto r = evaluateCheckpoint(store.checkpointPath(o.runId), data, 1);
        QCOMPARE(r.examples, std::int64_t(3));
        QCOMPARE(r.sequenceMetrics.size(), std::size_t(9));
        QCOMPARE(r.sequenceMetrics[0].first, std::string("loss"));
        QVERIFY(r.bleuSignature.starts_with("nrefs:1"));
    }
    void translationNeedsAnEncoderDecoderRun()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        auto config = pairsConfig("transformer", 2);
        config.data.path = test::sourcePath("resources/sample/topics.csv");
        const auto o = train({config, &store});
        try {
            translate(store.checkpointPath(o.runId), {"x"}, {});
            QFAIL("a classifier translated");
        } catch (const UserError& e) {
            QVERIFY(std::string(e.what()).find("encoder–decoder") != std::string::npos);
        }
    }
    void eachSideCanHaveItsOwnTokenizer()
    {
        // Digits -> English words: characters in, unigram pieces out.
        QTemporaryDir dir;
        LoadOptions read;
        read.targetColumn = "target";
        const auto numbers = loadDataset(test::sourcePath("resources/sample/numbers.csv"), read);
        QByteArray csv("text,target\n");
        for (std::size_t i = 0; i < numbers.size(); ++i)
            if (numbers.texts[i].find_first_of("\x80\xff") == std::string::npos)
                csv += QByteArray::fromStdString(numbers.targets[i] + ",\"" + numbers.texts[i] + "\"\n");
        RunConfig config = pairsConfig("seq2seq", 400);
        config.data.path = test::writeFile(dir, "digits2words.csv", csv);
        config.model.layers = 2;
        config.targetTokenizer.kind = "unigram";
        config.targetTokenizer.vocabularyCap = 200;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        const auto o = train({config, &store});
        QCOMPARE(test::name(o.status), test::name(RunStatus::Completed));
        // Whole words come out of a few hundred steps (0.99 here).
        QVERIFY2(o.validation.at("exact_match") > 0.8, qPrintable(QString::number(o.validation.at("exact_match"))));
        RunConfig saved;
        saved.mergeJson(store.run(o.runId)->configJson, "run");
        QCOMPARE(saved.targetTokenizer.kind, std::string("unigram"));
        // The target vocabulary is the target tokenizer's, not the ten digits and a few marks.
        QVERIFY(saved.model.targetVocabularySize > 100 && saved.model.vocabularySize < 30);
        bool artifact = false;
        for (const auto& a : store.artifacts(o.runId))
            artifact = artifact || a.kind == "target-tokenizer";
        QVERIFY(artifact);
        // The checkpoint carries both tokenizers: translation writes words again.
        const auto out = translate(store.checkpointPath(o.runId), {"42"}, {});
        QCOMPARE(out.front().output, std::string("forty-two"));
        // A run resumed from it keeps them.
        auto longer = config;
        longer.train.maxSteps = 420;
        QCOMPARE(test::name(train({longer, &store, o.runId}).status), test::name(RunStatus::Completed));
        // Word targets: scored as the target tokenizer reads the references (its lowercasing and
        // spacing of "-" are not errors), so exact match follows the tokens.
        auto words = config;
        words.targetTokenizer.kind = "word";
        const auto w = train({words, &store});
        QVERIFY2(w.validation.at("exact_match") > 0.8, qPrintable(QString::number(w.validation.at("exact_match"))));
        QVERIFY(std::abs(w.validation.at("exact_match") + w.validation.at("sequence_error_rate") - 1) < 1e-12);
        // Only encoder–decoders take one.
        auto classifier = config;
        classifier.model.family = "transformer";
        QVERIFY(QString::fromStdString(classifier.validate()).contains(QLatin1String("target tokenizer")));
    }
    void aStudentLearnsFromATeachersTokenDistributions()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        const auto teacher = train({pairsConfig("seq2seq", 200), &store});
        auto student = pairsConfig("seq2seq", 60);
        student.model.width = 32;
        student.model.feedForward = 64;
        student.tokenizer.kind = "word";  // taken from the teacher whatever is asked
        student.train.teacherRun = teacher.runId;
        const auto o = train({student, &store});
        QCOMPARE(test::name(o.status), test::name(RunStatus::Completed));
        QCOMPARE(store.metrics(o.runId, "train/distill_kl").size(), std::size_t(60));
        QCOMPARE(store.metrics(o.runId, "train/ce").size(), std::size_t(60));
        QVERIFY(store.metrics(o.runId, "train/distill_kl").back().value < store.metrics(o.runId, "train/distill_kl").front().value);
        const auto run = store.run(o.runId);
        QCOMPARE(run->parentId, teacher.runId);
        QVERIFY(run->tags.find("distilled") != std::string::npos);
        RunConfig saved;
        saved.mergeJson(run->configJson, "run");
        QCOMPARE(saved.tokenizer.kind, std::string("char"));
        // A classifier cannot teach an encoder–decoder.
        auto classifier = pairsConfig("transformer", 2);
        classifier.data.path = test::sourcePath("resources/sample/topics.csv");
        const auto other = train({classifier, &store});
        student.train.teacherRun = other.runId;
        try {
            train({student, &store});
            QFAIL("a classifier taught an encoder–decoder");
        } catch (const UserError& e) {
            QVERIFY2(std::string(e.what()).find("both must be of one kind") != std::string::npos, e.what());
        }
    }
    void aBaseRunIsTrainedFurtherOrAMaskedLmBecomesTheEncoder()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        const auto base = train({pairsConfig("seq2seq", 100), &store});
        auto further = pairsConfig("lstm-seq2seq", 20);  // the base's model is kept
        further.train.baseRun = base.runId;
        const auto o = train({further, &store});
        QCOMPARE(test::name(o.status), test::name(RunStatus::Completed));
        QCOMPARE(store.run(o.runId)->model, std::string("seq2seq"));
        QCOMPARE(store.run(o.runId)->parentId, base.runId);
        QCOMPARE(o.parameters, base.parameters);

        // A masked LM pretrained on the sources becomes the encoder; the digits get their own tokenizer.
        auto mlm = pairsConfig("mlm", 40);
        const auto pretrained = train({mlm, &store});
        QCOMPARE(test::name(pretrained.status), test::name(RunStatus::Completed));
        auto fromMlm = pairsConfig("seq2seq", 200);
        fromMlm.train.baseRun = pretrained.runId;
        const auto tuned = train({fromMlm, &store});
        QCOMPARE(test::name(tuned.status), test::name(RunStatus::Completed));
        RunConfig saved;
        saved.mergeJson(store.run(tuned.runId)->configJson, "run");
        QCOMPARE(saved.model.family, std::string("seq2seq"));
        QCOMPARE(saved.targetTokenizer.kind, std::string("char"));
        QVERIFY(saved.model.targetVocabularySize > 10);  // digits and <eos>: not the sources' letters
        QVERIFY2(tuned.validation.at("token_accuracy") > 0.5, qPrintable(QString::number(tuned.validation.at("token_accuracy"))));
    }
    void sharedBlocksAndLoraAdaptersCarryOver()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        auto plain = pairsConfig("seq2seq", 20);
        plain.model.layers = 2;
        const auto dense = train({plain, &store});
        // One encoder block and one decoder block, each applied twice.
        auto shared = plain;
        shared.model.shareBlocks = true;
        const auto s = train({shared, &store});
        QCOMPARE(test::name(s.status), test::name(RunStatus::Completed));
        QVERIFY(s.parameters < dense.parameters);
        // LoRA on a trained encoder–decoder: only the adapters (of encoder and decoder blocks) train.
        auto lora = plain;
        lora.train.baseRun = dense.runId;
        lora.model.loraRank = 2;
        const auto l = train({lora, &store});
        QCOMPARE(test::name(l.status), test::name(RunStatus::Completed));
        const auto summary = nlohmann::json::parse(store.run(l.runId)->summaryJson);
        const auto trainable = summary.at("trainable_parameters").get<std::int64_t>();
        QVERIFY(trainable > 0 && trainable < l.parameters / 5);
        QVERIFY(store.run(l.runId)->tags.find("lora") != std::string::npos);
        // The LSTM encoder–decoder has no blocks to share.
        auto lstm = pairsConfig("lstm-seq2seq", 2);
        lstm.model.shareBlocks = true;
        QVERIFY(!lstm.validate().empty());
    }
    void targetsCutAtTheSequenceLengthAreReported()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        Messages messages;
        // The digits of numbers.csv run to 6 characters: with 5 positions (4 tokens and <eos> at most
        // after <bos>), the 5- and 6-digit ones are cut.
        auto c = pairsConfig("seq2seq", 2);
        c.model.maxLength = 5;
        train({c, &store, 0, 0, "", &messages});
        bool cut = false;
        for (const auto& m : messages.said)
            cut = cut || m.find("training targets are longer than the sequence length allows") != std::string::npos;
        QVERIFY(cut);
        // Long enough: nothing said.
        Messages none;
        train({pairsConfig("seq2seq", 2), &store, 0, 0, "", &none});
        for (const auto& m : none.said)
            QVERIFY2(m.find("longer than the sequence length") == std::string::npos, m.c_str());
    }
    void pairsWithoutTheTargetColumnAreRefusedByName()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        auto config = pairsConfig("seq2seq", 2);
        config.data.targetColumn = "digits";
        try {
            train({config, &store});
            QFAIL("trained without its target column");
        } catch (const DataError& e) {
            const std::string what = e.what();
            QVERIFY2(what.find("digits") != std::string::npos, what.c_str());
            QVERIFY2(what.find("numbers.csv") != std::string::npos, what.c_str());
        }
        QVERIFY(store.listRuns().empty());
    }
};

QTEST_GUILESS_MAIN(TestSeq2SeqTraining)
#include "tst_seq2seqtraining.moc"
