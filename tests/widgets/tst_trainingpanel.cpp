// The Model & Training panel starting a distillation run from the teacher chosen in its form.
#include "WidgetTestSupport.h"
#include "store/RunStore.h"
#include "train/Training.h"
#include "training/TrainingForm.h"
#include "training/TrainingPanel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSignalSpy>
#include <QtTest>

using namespace lathe;
using namespace lathe::gui;

class TestTrainingPanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::isolateSettings(); }
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
};

QTEST_MAIN(TestTrainingPanel)
#include "tst_trainingpanel.moc"
