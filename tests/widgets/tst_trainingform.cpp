#include "WidgetTestSupport.h"
#include "training/TrainingForm.h"
#include "train/RunConfig.h"
#include "kernels/Precision.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QSpinBox>
#include <QtTest>

using namespace lathe;
using namespace lathe::gui;

class TestTrainingForm : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parameterCountFollowsTheSize()
    {
        TrainingForm form;
        const auto small = form.parameterText();
        QVERIFY2(small.contains(QStringLiteral("parameters")), qPrintable(small));
        auto* preset = form.findChild<QComboBox*>(QStringLiteral("sizePreset"));
        preset->setCurrentIndex(2);  // Base
        QCOMPARE(form.config().model.width, 256);
        QCOMPARE(form.config().model.layers, 4);
        QVERIFY(form.parameterText() != small);
        preset->setCurrentIndex(0);  // Tiny
        QCOMPARE(form.config().model.feedForward, 4 * 64);
    }
    void invalidCombinationsAreFlaggedBeforeStart()
    {
        TrainingForm form;
        QVERIFY(form.problems().isEmpty());
        auto* width = form.findChild<QSpinBox*>(QStringLiteral("width"));
        auto* heads = form.findChild<QSpinBox*>(QStringLiteral("heads"));
        width->setValue(100);
        heads->setValue(3);
        QVERIFY2(form.problems().contains(QStringLiteral("multiple of the head count")), qPrintable(form.problems()));
        QVERIFY(form.parameterText().isEmpty());
        heads->setValue(4);
        QVERIFY(form.problems().isEmpty());
    }
    void wordVectorFileIsCheckedAndCarried()
    {
        TrainingForm form;
        auto* path = form.findChild<QLineEdit*>(QStringLiteral("embeddingsPath"));
        QVERIFY(path);
        path->setText(QStringLiteral("/no/such/glove.txt"));
        QVERIFY2(form.problems().contains(QStringLiteral("word-vector file /no/such/glove.txt does not exist")),
                 qPrintable(form.problems()));
        QTemporaryDir dir;
        const auto file = test::writeFile(dir, "glove.txt", "the 0.1 0.2\n");
        path->setText(QString::fromStdString(file));
        QVERIFY(form.problems().isEmpty());
        QCOMPARE(form.config().model.pretrainedEmbeddings, file);
        RunConfig c = form.config();
        c.model.pretrainedEmbeddings.clear();
        form.setConfig(c);
        QVERIFY(path->text().isEmpty());
    }
    void lowRankShrinksTheParameterCount()
    {
        TrainingForm form;
        auto* rank = form.findChild<QSpinBox*>(QStringLiteral("lowRank"));
        QVERIFY(rank);
        QCOMPARE(rank->text(), QStringLiteral("dense"));
        QCOMPARE(form.config().model.lowRank, 0);
        const auto count = [&] { return QLocale().toLongLong(form.parameterText().section(QLatin1Char(' '), 0, 0)); };
        const auto dense = count();
        rank->setValue(8);
        QCOMPARE(form.config().model.lowRank, 8);
        // Small preset: width 128, 2 layers; each block's qkv, out, up and down go from in·out to 8·(in + out).
        const qlonglong perBlock = (128 * 384 + 128 * 128 + 128 * 512 + 512 * 128) - 8 * ((128 + 384) + 256 + 640 + 640);
        QCOMPARE(dense - count(), 2 * perBlock);
        // The LSTM has no factorized layers: the setting is off and not carried.
        form.setLabelled(true, 4);
        auto* family = form.findChild<QComboBox*>(QStringLiteral("familyCombo"));
        family->setCurrentIndex(family->findData(QStringLiteral("bilstm")));
        QVERIFY(!rank->isEnabled());
        QCOMPARE(form.config().model.lowRank, 0);
    }
    void fastTextShowsItsNgramSettingsAndCarriesThem()
    {
        TrainingForm form;
        form.show();
        auto* family = form.findChild<QComboBox*>(QStringLiteral("familyCombo"));
        auto* buckets = form.findChild<QSpinBox*>(QStringLiteral("buckets"));
        auto* wordNgrams = form.findChild<QSpinBox*>(QStringLiteral("wordNgrams"));
        auto* charMax = form.findChild<QSpinBox*>(QStringLiteral("charNgramMax"));
        QVERIFY(buckets && wordNgrams && charMax);
        // Only a fastText model has n-gram settings; a language model's data does not offer it.
        QVERIFY(!buckets->isVisible());
        const int index = family->findData(QStringLiteral("fasttext"));
        QVERIFY(index >= 0);
        const auto before = QLocale().toLongLong(form.parameterText().section(QLatin1Char(' '), 0, 0));
        family->setCurrentIndex(index);
        QVERIFY(buckets->isVisible() && wordNgrams->isVisible() && charMax->isVisible());
        buckets->setValue(1000);
        wordNgrams->setValue(3);
        charMax->setValue(0);
        QCOMPARE(charMax->text(), QStringLiteral("off"));
        const auto c = form.config();
        QCOMPARE(c.model.family, std::string("fasttext"));
        QCOMPARE(c.model.buckets, 1000);
        QCOMPARE(c.model.wordNgrams, 3);
        QCOMPARE(c.model.charNgramMax, 0);
        // Vocabulary (8,000) + 1,000 buckets of width 128, and a head to 2 classes.
        const auto count = QLocale().toLongLong(form.parameterText().section(QLatin1Char(' '), 0, 0));
        QCOMPARE(count, qlonglong((8000 + 1000) * 128 + 128 * 2 + 2));
        QVERIFY(count != before);
        QVERIFY(form.problems().isEmpty());
        // Back to a Transformer: the rows hide again; a saved fastText run fills them.
        family->setCurrentIndex(family->findData(QStringLiteral("transformer")));
        QVERIFY(!buckets->isVisible());
        form.setConfig(c);
        QCOMPARE(family->currentData().toString(), QStringLiteral("fasttext"));
        QCOMPARE(buckets->value(), 1000);
        QCOMPARE(wordNgrams->value(), 3);
        form.setLabelled(false, 0);
        QCOMPARE(family->findData(QStringLiteral("fasttext")), -1);
    }
    void sharingOptionsShowInTheParameterCount()
    {
        TrainingForm form;
        const auto count = [&] { return QLocale().toLongLong(form.parameterText().section(QLatin1Char(' '), 0, 0)); };
        const auto dense = count();
        form.findChild<QCheckBox*>(QStringLiteral("shareBlocks"))->setChecked(true);
        QVERIFY(form.config().model.shareBlocks);
        // Small: 2 blocks of width 128 become one (2 LayerNorms, qkv, out, up, down).
        const qlonglong block = 4 * 128 + (128 * 384 + 384) + (128 * 128 + 128) + (128 * 512 + 512) + (512 * 128 + 128);
        QCOMPARE(dense - count(), block);
        auto* embedding = form.findChild<QSpinBox*>(QStringLiteral("embeddingSize"));
        QCOMPARE(embedding->text(), QStringLiteral("width"));
        embedding->setValue(32);
        QCOMPARE(form.config().model.embeddingSize, 32);
        QVERIFY(count() < dense - block);
        // Tying is for language models only.
        auto* tie = form.findChild<QCheckBox*>(QStringLiteral("tieEmbeddings"));
        QVERIFY(tie->isHidden());
        form.setLabelled(false, 0);
        QVERIFY(!tie->isHidden());
        embedding->setValue(0);
        const auto untied = count();
        tie->setChecked(true);
        QVERIFY(form.config().model.tieEmbeddings);
        QVERIFY(count() < untied);
    }
    void familiesFollowTheData()
    {
        TrainingForm form;
        form.setLabelled(false, 0);
        auto* family = form.findChild<QComboBox*>(QStringLiteral("familyCombo"));
        QCOMPARE(family->currentData().toString(), QStringLiteral("gpt"));
        form.setLabelled(true, 4);
        QCOMPARE(family->currentData().toString(), QStringLiteral("transformer"));
    }
    void pairsOfferTheEncoderDecodersWithTheirSettings()
    {
        TrainingForm form;
        form.setLabelled(false, 0, true);
        auto* family = form.findChild<QComboBox*>(QStringLiteral("familyCombo"));
        QCOMPARE(family->count(), 2);
        QCOMPARE(family->itemData(0).toString(), QStringLiteral("seq2seq"));
        QCOMPARE(family->itemData(1).toString(), QStringLiteral("lstm-seq2seq"));
        form.findChild<QDoubleSpinBox*>(QStringLiteral("labelSmoothing"))->setValue(0.1);
        form.findChild<QSpinBox*>(QStringLiteral("beam"))->setValue(4);
        auto c = form.config();
        QCOMPARE(c.model.family, std::string("seq2seq"));
        QCOMPARE(c.tokenizer.kind, std::string("char"));  // what these tasks are spelled in
        QCOMPARE(c.train.labelSmoothing, 0.1);
        QCOMPARE(c.train.beamSize, 4);
        QVERIFY2(form.problems().isEmpty(), qPrintable(form.problems()));
        QVERIFY(!form.parameterText().isEmpty());
        // Its settings round-trip; labelled data takes the classifiers back.
        family->setCurrentIndex(1);
        TrainingForm other;
        other.setConfig(form.config());
        QCOMPARE(other.config().model.family, std::string("lstm-seq2seq"));
        QCOMPARE(other.config().train.beamSize, 4);
        form.setLabelled(true, 4);
        QCOMPARE(family->currentData().toString(), QStringLiteral("transformer"));
        // Labelled data again: the tokenizer chosen before the pairs, not their characters.
        QCOMPARE(form.config().tokenizer.kind, std::string("word"));
        // Word vectors named for a classifier do not reach (or block) an encoder–decoder.
        form.findChild<QLineEdit*>(QStringLiteral("embeddingsPath"))->setText(QStringLiteral("/no/such/vectors.txt"));
        form.setLabelled(false, 0, true);
        QVERIFY(form.config().model.pretrainedEmbeddings.empty());
        QVERIFY2(form.problems().isEmpty(), qPrintable(form.problems()));
    }
    void labelledDataCanPretrainALanguageModel()
    {
        TrainingForm form;
        form.setLabelled(true, 4);
        auto* family = form.findChild<QComboBox*>(QStringLiteral("familyCombo"));
        for (const auto* f : {"gpt", "mlm", "lstm"})
            QVERIFY2(family->findData(QLatin1String(f)) > 0, f);
        family->setCurrentIndex(family->findData(QStringLiteral("mlm")));
        QCOMPARE(form.config().model.family, std::string("mlm"));
        QVERIFY(family->currentText().contains(QStringLiteral("pretrain")));
        QVERIFY(form.problems().isEmpty());
        // A copied language-model configuration keeps the classifiers on offer.
        RunConfig c;
        c.model.family = "lstm";
        form.setConfig(c);
        QCOMPARE(form.config().model.family, std::string("lstm"));
        QVERIFY(family->findData(QStringLiteral("transformer")) >= 0);
    }
    void baseRunsFollowTheChosenKind()
    {
        TrainingForm form;
        form.setLabelled(true, 4);
        form.setTrainedRuns({{1, QStringLiteral("#1 classifier"), false},
                             {2, QStringLiteral("#2 gpt"), true},
                             {3, QStringLiteral("#3 mlm"), true, true}});
        auto* family = form.findChild<QComboBox*>(QStringLiteral("familyCombo"));
        auto* base = form.findChild<QComboBox*>(QStringLiteral("baseRun"));
        auto* teacher = form.findChild<QComboBox*>(QStringLiteral("teacherRun"));
        // A classifier fine-tunes a classifier or a language model; it distills from classifiers only.
        QVERIFY(base->findData(QVariant::fromValue<qint64>(1)) > 0);
        QVERIFY(base->findData(QVariant::fromValue<qint64>(2)) > 0);
        QVERIFY(teacher->findData(QVariant::fromValue<qint64>(1)) > 0);
        QCOMPARE(teacher->findData(QVariant::fromValue<qint64>(2)), -1);
        // Fine-tuning: the size is the base's, not the form's settings'.
        base->setCurrentIndex(base->findData(QVariant::fromValue<qint64>(2)));
        QVERIFY2(form.parameterText().contains(QStringLiteral("#2 gpt")), qPrintable(form.parameterText()));
        base->setCurrentIndex(0);
        // A language model continues a language model only.
        QVERIFY(base->findData(QVariant::fromValue<qint64>(3)) > 0);
        family->setCurrentIndex(family->findData(QStringLiteral("gpt")));
        QCOMPARE(base->findData(QVariant::fromValue<qint64>(1)), -1);
        QVERIFY(base->findData(QVariant::fromValue<qint64>(2)) > 0);
        // A masked LM is never a teacher: distillation reads next-token outputs.
        QVERIFY(teacher->findData(QVariant::fromValue<qint64>(2)) > 0);
        QCOMPARE(teacher->findData(QVariant::fromValue<qint64>(3)), -1);
        // The tied-embeddings choice is shown for language models even on labelled data.
        QVERIFY(!form.findChild<QCheckBox*>(QStringLiteral("tieEmbeddings"))->isHidden());
    }
    void fromScratchControlNeedsABaseAndDropsAdapters()
    {
        TrainingForm form;
        form.setLabelled(true, 4);
        form.setTrainedRuns({{2, QStringLiteral("#2 gpt"), true}});
        auto* base = form.findChild<QComboBox*>(QStringLiteral("baseRun"));
        auto* scratch = form.findChild<QCheckBox*>(QStringLiteral("fromScratch"));
        auto* lora = form.findChild<QSpinBox*>(QStringLiteral("loraRank"));
        QVERIFY(base && scratch && lora);
        // Without a base there is nothing to be the control of.
        QVERIFY(!scratch->isEnabled());
        base->setCurrentIndex(base->findData(QVariant::fromValue<qint64>(2)));
        QVERIFY(scratch->isEnabled() && lora->isEnabled());
        QVERIFY(!form.config().train.fromScratch);
        QCOMPARE(form.config().model.loraRank, lora->value());
        scratch->setChecked(true);
        // Random weights: no adapters (they would train on a base it does not have).
        QVERIFY(!lora->isEnabled());
        const auto c = form.config();
        QVERIFY(c.train.fromScratch);
        QCOMPARE(c.train.baseRun, std::int64_t(2));
        QCOMPARE(c.model.loraRank, 0);
        QVERIFY2(form.parameterText().contains(QStringLiteral("random")), qPrintable(form.parameterText()));
        QVERIFY2(form.problems().isEmpty(), qPrintable(form.problems()));
        // It round-trips; with the base cleared, the control setting goes with it.
        TrainingForm again;
        again.setLabelled(true, 4);
        again.setTrainedRuns({{2, QStringLiteral("#2 gpt"), true}});
        again.setConfig(c);
        QVERIFY(again.config().train.fromScratch);
        base->setCurrentIndex(0);
        QVERIFY(!form.config().train.fromScratch);
    }
    void ulmfitSettingsRoundTrip()
    {
        TrainingForm form;
        RunConfig c;
        c.train.schedule = "slanted";
        c.train.layerLrDecay = 2.6;
        c.train.unfreezeEvery = 25;
        c.data.trainLimit = 100;
        form.setConfig(c);
        const auto back = form.config();
        QCOMPARE(back.train.schedule, std::string("slanted"));
        QCOMPARE(back.train.layerLrDecay, 2.6);
        QCOMPARE(back.train.unfreezeEvery, 25);
        QCOMPARE(back.data.trainLimit, 100);
        // The slanted triangular schedule has its own rise: warm-up does not apply.
        auto* warmup = form.findChild<QSpinBox*>(QStringLiteral("warmup"));
        QVERIFY(warmup && !warmup->isEnabled());
        auto* schedule = form.findChild<QComboBox*>(QStringLiteral("schedule"));
        QVERIFY(schedule);
        auto* decay = form.findChild<QDoubleSpinBox*>(QStringLiteral("layerLrDecay"));
        QCOMPARE(decay->value(), 2.6);
        schedule->setCurrentIndex(schedule->findData(QStringLiteral("cosine")));
        QCOMPARE(form.config().train.schedule, std::string("cosine"));
        QVERIFY(warmup->isEnabled());
        decay->setValue(1.0);
        QCOMPARE(decay->text(), QStringLiteral("off"));
        QCOMPARE(form.config().train.layerLrDecay, 1.0);
        QCOMPARE(form.findChild<QSpinBox*>(QStringLiteral("unfreezeEvery"))->value(), 25);
    }
    void wordVectorsComeFromAFileOrAVectorsRun()
    {
        TrainingForm form;
        form.setLabelled(true, 4);
        form.setVectorRuns({{QStringLiteral("#9 skipgram-100 (Word vectors (skip-gram))"), QStringLiteral("/runs/run-9/vectors.txt")}});
        auto* menu = form.findChild<QMenu*>(QStringLiteral("wordVectorsMenu"));
        QVERIFY(menu);
        const auto actions = menu->actions();
        QCOMPARE(actions.size(), 3);  // the run, a separator, "Choose a File…"
        QCOMPARE(actions.front()->text(), QStringLiteral("#9 skipgram-100 (Word vectors (skip-gram))"));
        actions.front()->trigger();
        QCOMPARE(form.findChild<QLineEdit*>(QStringLiteral("embeddingsPath"))->text(), QStringLiteral("/runs/run-9/vectors.txt"));
        QCOMPARE(form.config().model.pretrainedEmbeddings, std::string("/runs/run-9/vectors.txt"));
        // With no vectors runs, the menu only offers a file.
        form.setVectorRuns({});
        QCOMPARE(menu->actions().size(), 1);
    }
    void weightDecayRoundTripsAndFollowsTheOptimizer()
    {
        TrainingForm form;
        auto* decay = form.findChild<QDoubleSpinBox*>(QStringLiteral("weightDecay"));
        QVERIFY(decay);
        QCOMPARE(form.config().train.weightDecay, RunConfig().train.weightDecay);
        RunConfig c;
        c.model.family = "fasttext";
        c.train.weightDecay = 1.0;
        form.setConfig(c);
        QCOMPARE(decay->value(), 1.0);
        QCOMPARE(form.config().train.weightDecay, 1.0);
        decay->setValue(0);
        QCOMPARE(decay->text(), QStringLiteral("off"));
        QCOMPARE(form.config().train.weightDecay, 0.0);
        // Plain Adam takes no decay: the field says so by being disabled.
        auto* optimizer = form.findChild<QComboBox*>(QStringLiteral("optimizer"));
        QVERIFY(optimizer);
        QVERIFY(decay->isEnabled());
        optimizer->setCurrentIndex(optimizer->findData(QStringLiteral("adam")));
        QVERIFY(!decay->isEnabled());
        optimizer->setCurrentIndex(optimizer->findData(QStringLiteral("sgd")));
        QVERIFY(decay->isEnabled());
    }
    void threadsAndPrecisionDefaultToAuto()
    {
        TrainingForm form;
        QCOMPARE(form.config().train.threads, 0);
        QCOMPARE(form.config().train.precision, std::string("auto"));
        auto* threads = form.findChild<QSpinBox*>(QStringLiteral("threads"));
        QVERIFY(threads);
        QCOMPARE(threads->text(), QStringLiteral("Auto"));
        auto* precision = form.findChild<QComboBox*>(QStringLiteral("precision"));
        QVERIFY(precision);
        // Auto says what it means on this machine.
        QVERIFY(precision->currentText().contains(kernels::autoPicksBf16() ? QStringLiteral("bf16") : QStringLiteral("fp32")));
        form.resize(form.sizeHint());
        form.show();
        lathe::test::screenshot(form, QStringLiteral("trainingform"));
        precision->setCurrentIndex(precision->findData(QStringLiteral("bf16")));
        QCOMPARE(form.config().train.precision, std::string("bf16"));
    }
    void followingTheDataTrainsWithoutAnEndInSteps()
    {
        TrainingForm form;
        form.setLabelled(true, 4);
        auto* follow = form.findChild<QCheckBox*>(QStringLiteral("follow"));
        auto* replay = form.findChild<QDoubleSpinBox*>(QStringLiteral("replay"));
        auto* idle = form.findChild<QSpinBox*>(QStringLiteral("followIdle"));
        auto* steps = form.findChild<QSpinBox*>(QStringLiteral("steps"));
        QVERIFY(follow && replay && idle && steps);
        QVERIFY(!form.config().data.follow);
        QVERIFY(!replay->isVisibleTo(&form));  // its settings show once it is ticked
        follow->setChecked(true);
        QVERIFY(replay->isVisibleTo(&form) && idle->isVisibleTo(&form));
        QVERIFY(!steps->isEnabled());  // it trains until stopped, or idle for the time set
        replay->setValue(0.5);
        idle->setValue(30);
        auto c = form.config();
        QVERIFY(c.data.follow);
        QCOMPARE(c.data.replay, 0.5);
        QCOMPARE(c.data.followIdle, 30.0);
        QCOMPARE(c.train.maxSteps, std::int64_t(0));
        QVERIFY2(form.problems().isEmpty(), qPrintable(form.problems()));
        TrainingForm other;
        other.setLabelled(true, 4);
        other.setConfig(c);
        QVERIFY(other.config().data.follow);
        QCOMPARE(other.config().data.replay, 0.5);
        // Encoder–decoders read a fixed set of pairs: the row goes, and the run does not follow.
        form.setLabelled(false, 0, true);
        QVERIFY(!follow->isVisibleTo(&form));
        QVERIFY(!form.config().data.follow);
        QVERIFY(steps->isEnabled());
    }
    void aConfigRoundTrips()
    {
        TrainingForm form;
        RunConfig c;
        c.model.family = "bilstm";
        c.model.hidden = 96;
        c.model.layers = 3;
        c.tokenizer.kind = "char";
        c.train.optimizer = "sgd";
        c.train.learningRate = 0.05;
        c.train.schedule = "linear";
        c.train.batchSize = 16;
        c.train.maxSteps = 1234;
        c.train.evalEvery = 50;
        c.train.seed = 42;
        c.train.threads = 2;
        c.train.precision = "fp32";
        form.setConfig(c);
        QCOMPARE(form.config().model.lowRank, 0);
        c.model.family = "transformer";
        c.model.width = 96;
        c.model.heads = 4;
        c.model.lowRank = 12;
        form.setConfig(c);
        QCOMPARE(form.config().model.lowRank, 12);
        c.model.family = "bilstm";
        c.model.lowRank = 0;
        form.setConfig(c);
        const auto back = form.config();
        QCOMPARE(back.model.family, c.model.family);
        QCOMPARE(back.model.hidden, 96);
        QCOMPARE(back.model.layers, 3);
        QCOMPARE(back.tokenizer.kind, c.tokenizer.kind);
        QCOMPARE(back.train.optimizer, c.train.optimizer);
        QCOMPARE(back.train.learningRate, 0.05);
        QCOMPARE(back.train.schedule, c.train.schedule);
        QCOMPARE(back.train.batchSize, 16);
        QCOMPARE(back.train.maxSteps, std::int64_t(1234));
        QCOMPARE(back.train.evalEvery, 50);
        QCOMPARE(back.train.seed, std::uint64_t(42));
        QCOMPARE(back.train.threads, 2);
        QCOMPARE(back.train.precision, std::string("fp32"));
    }
};

QTEST_MAIN(TestTrainingForm)
#include "tst_trainingform.moc"
