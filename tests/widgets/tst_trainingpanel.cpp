// The Model & Training panel starting a distillation run from the teacher chosen in its form.
#include "WidgetTestSupport.h"
#include "store/RunStore.h"
#include "train/Training.h"
#include "training/TrainingForm.h"
#include "training/TrainingPanel.h"
#include "training/VaeForm.h"
#include "training/VectorsForm.h"
#include "vae/VaeRun.h"
#include "vectors/VectorsRun.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QMenu>
#include <QPushButton>
#include <QtTest>

using namespace lathe;
using namespace lathe::gui;

class TestTrainingPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::isolateSettings(); }
    void theRunReadsTheDataAsTheDataPanelDid()
    {
        TrainingPanel panel;
        LoadOptions read;
        read.format = DataFormat::Tsv;
        read.textColumn = "review";
        read.labelColumn = "stars";
        panel.setDataset(QStringLiteral("/data/reviews.tsv"), true, 5, read);
        auto c = panel.config();
        QCOMPARE(c.data.format, std::string("tsv"));
        QCOMPARE(c.data.textColumn, std::string("review"));
        QCOMPARE(c.data.labelColumn, std::string("stars"));
        QCOMPARE(c.model.family, std::string("transformer"));
        // Pairs: the target column too, and an encoder–decoder.
        read.textColumn = "word";
        read.targetColumn = "phones";
        read.requireLabels = false;
        panel.setDataset(QStringLiteral("/data/g2p.tsv"), false, 0, read);
        c = panel.config();
        QCOMPARE(c.data.targetColumn, std::string("phones"));
        QCOMPARE(c.model.family, std::string("seq2seq"));
    }
    void offersTheVectorsOfWordVectorsRuns()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        VectorsRunRequest r;
        r.config.dim = 8;
        r.config.minCount = 3;
        r.config.epochs = 1;
        r.dataPath = test::sourcePath("resources/sample/topics.csv");
        r.store = &store;
        const auto trained = trainVectorsRun(r);
        TrainingPanel panel;
        panel.setStore(&store);
        auto* menu = panel.findChild<QMenu*>(QStringLiteral("wordVectorsMenu"));
        QVERIFY(menu);
        const auto first = menu->actions().front();
        QVERIFY2(first->text().startsWith(QStringLiteral("#%1 ").arg(trained.runId)), qPrintable(first->text()));
        first->trigger();
        QCOMPARE(panel.findChild<TrainingForm*>()->config().model.pretrainedEmbeddings, trained.vectorsPath);
    }
    void distilsFromTheTeacherChosenInTheForm()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        const auto teacher = train({test::quickConfig(40, 20), &store});
        auto lm = test::quickConfig(5, 5);
        lm.data.path = test::sourcePath("resources/sample/stories.txt");
        lm.model.family = "gpt";
        const auto languageModel = train({lm, &store});

        TrainingPanel panel;
        panel.setStore(&store);
        panel.setDataset(test::sampleDataset(), true, 4);
        auto student = test::quickConfig(20, 10);
        student.model.width = 16;
        student.model.feedForward = 32;
        panel.form()->setConfig(student);
        auto* teachers = panel.form()->findChild<QComboBox*>(QStringLiteral("teacherRun"));
        auto* alpha = panel.form()->findChild<QDoubleSpinBox*>(QStringLiteral("distillAlpha"));
        // Labelled data: only the classifier can teach; the language model is not offered.
        QVERIFY(teachers->findData(QVariant::fromValue<qint64>(teacher.runId)) > 0);
        QCOMPARE(teachers->findData(QVariant::fromValue<qint64>(languageModel.runId)), -1);
        QVERIFY(!alpha->isEnabled());
        teachers->setCurrentIndex(teachers->findData(QVariant::fromValue<qint64>(teacher.runId)));
        QVERIFY(alpha->isEnabled());
        alpha->setValue(0.3);
        QCOMPARE(panel.form()->config().train.teacherRun, teacher.runId);

        QSignalSpy finished(&panel, &TrainingPanel::runFinished);
        panel.startTraining();
        QVERIFY(finished.wait(120000));
        const auto run = store.run(finished.front().front().toLongLong());
        QVERIFY(run);
        QCOMPARE(test::name(run->status), test::name(RunStatus::Completed));
        QCOMPARE(run->parentId, teacher.runId);
        QVERIFY(run->tags.find("distilled") != std::string::npos);
        QVERIFY(run->configJson.find("\"distillAlpha\":0.3") != std::string::npos);
        QCOMPARE(store.metrics(run->id, "train/distill_kl").size(), std::size_t(20));
        // The finished student is offered as a teacher in turn.
        QVERIFY(teachers->findData(QVariant::fromValue<qint64>(run->id)) > 0);
        panel.resize(460, 900);
        test::screenshot(panel, QStringLiteral("training_distill"));
    }
    void fineTunesTheChosenRunThroughLoraAdapters()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        const auto base = train({test::quickConfig(40, 20), &store});
        TrainingPanel panel;
        panel.setStore(&store);
        panel.setDataset(test::sampleDataset(), true, 4);
        panel.form()->setConfig(test::quickConfig(10, 10));
        auto* bases = panel.form()->findChild<QComboBox*>(QStringLiteral("baseRun"));
        auto* rank = panel.form()->findChild<QSpinBox*>(QStringLiteral("loraRank"));
        auto* width = panel.form()->findChild<QSpinBox*>(QStringLiteral("width"));
        QVERIFY(!rank->isEnabled());
        QVERIFY(width->isEnabled());
        bases->setCurrentIndex(bases->findData(QVariant::fromValue<qint64>(base.runId)));
        // The base run's model is used: the form's model settings step aside.
        QVERIFY(rank->isEnabled());
        QVERIFY(!width->isEnabled());
        rank->setValue(2);
        QCOMPARE(panel.form()->config().model.loraRank, 2);
        QSignalSpy finished(&panel, &TrainingPanel::runFinished);
        panel.startTraining();
        QVERIFY(finished.wait(120000));
        const auto run = store.run(finished.front().front().toLongLong());
        QCOMPARE(test::name(run->status), test::name(RunStatus::Completed));
        QCOMPARE(run->parentId, base.runId);
        QCOMPARE(run->tags, std::string("lora"));
        // Base parameters plus 2·(in + out) for qkv, out, up and down of the one block.
        QCOMPARE(run->parameters, base.parameters + 2 * ((32 + 96) + (32 + 32) + (32 + 64) + (64 + 32)));
    }
    void pretrainsOnTheTextThenFineTunesAClassifier()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        TrainingPanel panel;
        panel.setStore(&store);
        panel.setDataset(test::sampleDataset(), true, 4);
        panel.form()->setConfig(test::quickConfig(20, 20));
        auto* family = panel.form()->findChild<QComboBox*>(QStringLiteral("familyCombo"));
        family->setCurrentIndex(family->findData(QStringLiteral("mlm")));
        QVERIFY2(panel.form()->problems().isEmpty(), qPrintable(panel.form()->problems()));
        QSignalSpy finished(&panel, &TrainingPanel::runFinished);
        panel.startTraining();
        QVERIFY(finished.wait(120000));
        const auto pretrained = store.run(finished.takeFirst().front().toLongLong());
        QCOMPARE(test::name(pretrained->status), test::name(RunStatus::Completed));
        QCOMPARE(pretrained->kind, std::string("language-model"));
        QCOMPARE(pretrained->model, std::string("mlm"));

        // Back to a classifier: the masked LM is offered as its base.
        family->setCurrentIndex(family->findData(QStringLiteral("transformer")));
        auto* bases = panel.form()->findChild<QComboBox*>(QStringLiteral("baseRun"));
        bases->setCurrentIndex(bases->findData(QVariant::fromValue<qint64>(pretrained->id)));
        QVERIFY(bases->currentIndex() > 0);
        // Every weight (LoRA adapters, the default, would keep the trunk frozen).
        panel.form()->findChild<QSpinBox*>(QStringLiteral("loraRank"))->setValue(0);
        auto* schedule = panel.form()->findChild<QComboBox*>(QStringLiteral("schedule"));
        schedule->setCurrentIndex(schedule->findData(QStringLiteral("slanted")));
        panel.form()->findChild<QDoubleSpinBox*>(QStringLiteral("layerLrDecay"))->setValue(2.6);
        panel.form()->findChild<QSpinBox*>(QStringLiteral("unfreezeEvery"))->setValue(4);
        panel.form()->findChild<QSpinBox*>(QStringLiteral("trainLimit"))->setValue(100);
        panel.resize(460, 1100);
        test::screenshot(panel, QStringLiteral("training_finetune"));
        QVERIFY2(panel.form()->problems().isEmpty(), qPrintable(panel.form()->problems()));
        panel.startTraining();
        QVERIFY(finished.wait(120000));
        const auto run = store.run(finished.takeFirst().front().toLongLong());
        QCOMPARE(test::name(run->status), test::name(RunStatus::Completed));
        QCOMPARE(run->kind, std::string("classifier"));
        QCOMPARE(run->model, std::string("transformer"));
        QCOMPARE(run->parentId, pretrained->id);
        QCOMPARE(run->tags, std::string("fine-tuned"));
        RunConfig back;
        back.mergeJson(run->configJson, "run");
        QCOMPARE(back.train.schedule, std::string("slanted"));
        QCOMPARE(back.train.layerLrDecay, 2.6);
        QCOMPARE(back.train.unfreezeEvery, 4);
        QCOMPARE(back.data.trainLimit, 100);
        // Embeddings, one block, then the top: two releases, at steps 4 and 8.
        QCOMPARE(store.metrics(run->id, "train/unfrozen_groups").size(), std::size_t(2));
    }
    void learnsWordVectorsFromTheOpenDataset()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        TrainingPanel panel;
        panel.setStore(&store);
        panel.setDataset(test::sampleDataset(), true, 4);
        auto* what = panel.findChild<QComboBox*>(QStringLiteral("trainWhat"));
        what->setCurrentIndex(1);
        QVERIFY(panel.trainsVectors());
        QVERIFY(panel.vectorsForm()->isVisible() || !panel.isVisible());
        auto* method = panel.vectorsForm()->findChild<QComboBox*>(QStringLiteral("method"));
        method->setCurrentIndex(method->findData(QStringLiteral("cbow")));
        panel.vectorsForm()->findChild<QSpinBox*>(QStringLiteral("vectorSize"))->setValue(16);
        panel.vectorsForm()->findChild<QSpinBox*>(QStringLiteral("minCount"))->setValue(3);
        panel.vectorsForm()->findChild<QSpinBox*>(QStringLiteral("epochs"))->setValue(2);
        auto* start = panel.findChild<QPushButton*>(QStringLiteral("startButton"));
        QVERIFY(start->isEnabled());
        QSignalSpy finished(&panel, &TrainingPanel::runFinished);
        start->click();
        QVERIFY(!panel.vectorsForm()->isEnabled());  // no edits under a running run
        QVERIFY(finished.wait(120000));
        const auto run = store.run(finished.takeFirst().front().toLongLong());
        QCOMPARE(run->kind, std::string("word-vectors"));
        QCOMPARE(run->model, std::string("cbow"));
        QCOMPARE(test::name(run->status), test::name(RunStatus::Completed));
        QVERIFY2(panel.resultText().contains(QStringLiteral("learned word vectors")), qPrintable(panel.resultText()));
        // A model can start from them at once: the Word vectors "…" menu lists the run.
        auto* menu = panel.findChild<QMenu*>(QStringLiteral("wordVectorsMenu"));
        QVERIFY(menu->actions().front()->text().contains(QStringLiteral("#%1").arg(run->id)));
        panel.resize(460, 700);
        test::screenshot(panel, QStringLiteral("training_vectors"));
        // Back to a model: its form and its Start again.
        what->setCurrentIndex(0);
        QVERIFY(!panel.trainsVectors());
        QCOMPARE(panel.config().model.family, std::string("transformer"));
    }
    void trainsATextVaeOnTheOpenDataset()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        TrainingPanel panel;
        panel.setStore(&store);
        panel.setDataset(test::sampleDataset(), true, 4);
        panel.setTarget(TrainingPanel::Target::TextVae);
        VaeConfig c;
        c.embedding = 32;
        c.hidden = 48;
        c.latent = 8;
        c.steps = 60;
        c.evalEvery = 30;
        c.iwaeSamples = 3;
        c.threads = 1;
        panel.vaeForm()->setConfig(c);
        auto* start = panel.findChild<QPushButton*>(QStringLiteral("startButton"));
        QVERIFY(start->isEnabled());
        QSignalSpy finished(&panel, &TrainingPanel::runFinished);
        start->click();
        QVERIFY(!panel.vaeForm()->isEnabled());
        QVERIFY(finished.wait(120000));
        const auto run = store.run(finished.takeFirst().front().toLongLong());
        QCOMPARE(run->kind, std::string("vae"));
        QCOMPARE(test::name(run->status), test::name(RunStatus::Completed));
        QCOMPARE(run->steps, std::int64_t(60));
        QVERIFY2(panel.resultText().contains(QStringLiteral("Validation ELBO")) &&
                     panel.resultText().contains(QStringLiteral("Importance-weighted NLL")),
                 qPrintable(panel.resultText()));
        // Not offered as a base or teacher to the model form.
        panel.setTarget(TrainingPanel::Target::Model);
        auto* bases = panel.form()->findChild<QComboBox*>(QStringLiteral("baseRun"));
        QCOMPARE(bases->findData(QVariant::fromValue<qint64>(run->id)), -1);
        panel.setTarget(TrainingPanel::Target::TextVae);
        panel.resize(460, 900);
        test::screenshot(panel, QStringLiteral("training_vae"));
    }
};

QTEST_MAIN(TestTrainingPanel)
#include "tst_trainingpanel.moc"
