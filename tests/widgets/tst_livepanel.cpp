#include "SampleRows.h"
#include "WidgetTestSupport.h"
#include "charts/ChartControls.h"
#include "charts/MetricChart.h"
#include "live/GenerateBox.h"
#include "live/LivePanel.h"
#include "live/TranslateBox.h"
#include "live/VaeBox.h"
#include "store/RunStore.h"
#include "training/TrainingSession.h"

#include <QApplication>
#include <QLabel>
#include <QAbstractAxis>
#include <QChart>
#include <QDoubleSpinBox>
#include <QtTest>

using namespace lathe;
using namespace lathe::gui;

class TestLivePanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void chartsFollowATrainingRun()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        TrainingSession session;
        LivePanel panel(&session);
        panel.setStore(&store);
        panel.resize(1100, 800);
        panel.show();
        QSignalSpy finished(&session, &TrainingSession::finished);
        QVERIFY(session.start(test::quickConfig(40, 10), &store));
        QVERIFY(finished.wait(120'000));
        auto* loss = panel.chart(QStringLiteral("loss"));
        QCOMPARE(loss->curveIds(), (QStringList{QStringLiteral("train/loss"), QStringLiteral("val/loss")}));
        QCOMPARE(loss->smoothedPoints(QStringLiteral("train/loss")).size(), 40);
        QCOMPARE(loss->smoothedPoints(QStringLiteral("val/loss")).size(), 4);
        QCOMPARE(panel.chart(QStringLiteral("accuracy"))->curveIds().size(), 2);  // batch and validation
        QVERIFY(panel.chart(QStringLiteral("f1"))->hasData());
        QVERIFY(panel.chart(QStringLiteral("lr"))->hasData());
        QVERIFY(panel.chart(QStringLiteral("throughput"))->hasData());
        QVERIFY(panel.chart(QStringLiteral("accuracy"))->isVisible());
        QVERIFY(!panel.chart(QStringLiteral("perplexity"))->isVisible());  // a classifier
        QVERIFY(!panel.generateBox()->isVisible());
        QVERIFY2(panel.progressText().contains(QStringLiteral("completed")), qPrintable(panel.progressText()));
        test::screenshot(panel, QStringLiteral("live"));
    }
    void aRunFollowingItsDataChartsTheStream()
    {
        QTemporaryDir dir;
        const QString data = dir.filePath(QStringLiteral("s.csv"));
        QVERIFY(test::appendTo(data, test::sampleCsv(0, 300)));
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        TrainingSession session;
        LivePanel panel(&session);
        panel.setStore(&store);
        panel.resize(1100, 900);
        panel.show();
        const auto config = test::quickFollowConfig(data.toStdString(), 2);
        QSignalSpy finished(&session, &TrainingSession::finished);
        QVERIFY(session.start(config, &store));
        QTRY_VERIFY_WITH_TIMEOUT(session.series().contains(QStringLiteral("val/loss")), 120000);
        QTRY_VERIFY_WITH_TIMEOUT(panel.progressText().contains(QStringLiteral("following its data")), 30000);
        QVERIFY(test::appendTo(data, test::sampleCsv(300, 300, {})));
        QVERIFY(finished.wait(120000));
        QVERIFY(panel.chart(QStringLiteral("stream"))->isVisible());
        QVERIFY(panel.chart(QStringLiteral("forgetting"))->isVisible());
        QVERIFY(!panel.chart(QStringLiteral("lr"))->isVisible());  // constant after warm-up
        const auto stream = panel.chart(QStringLiteral("stream"))->curveIds();
        QVERIFY(stream.contains(QStringLiteral("stream/arrived")) && stream.contains(QStringLiteral("stream/examples_seen")));
        QVERIFY(panel.chart(QStringLiteral("loss"))->curveIds().contains(QStringLiteral("stream/newest_loss")));
        QVERIFY(panel.chart(QStringLiteral("accuracy"))->curveIds().contains(QStringLiteral("stream/newest_accuracy")));
        QVERIFY(panel.chart(QStringLiteral("forgetting"))->hasData());
        test::screenshot(panel, QStringLiteral("live_follow"));
        // The same charts from the database.
        LivePanel again(&session);
        again.setStore(&store);
        QVERIFY(again.showRun(session.outcome().runId));
        QVERIFY(again.chart(QStringLiteral("stream"))->hasData());
        QVERIFY(!again.chart(QStringLiteral("lr"))->isVisibleTo(&again));
    }
    void chartsFollowADarkPalette()
    {
        TrainingSession session;
        LivePanel panel(&session);
        auto* loss = panel.chart(QStringLiteral("loss"));
        QCOMPARE(loss->chart()->theme(), QChart::ChartThemeLight);
        QPalette dark;
        dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
        dark.setColor(QPalette::WindowText, Qt::white);
        dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
        dark.setColor(QPalette::Text, Qt::white);
        dark.setColor(QPalette::Button, QColor(0x3a, 0x3a, 0x3a));
        dark.setColor(QPalette::ButtonText, Qt::white);
        const QPalette before = QApplication::palette();
        QApplication::setPalette(dark);
        QTRY_COMPARE(loss->chart()->theme(), QChart::ChartThemeDark);
        MetricSeries s;
        for (int i = 1; i <= 50; ++i)
            s.append({double(i), double(i), 1.0 / i});
        CurveStyle style;
        style.label = QStringLiteral("training loss");
        style.color = curveColor(0);
        loss->setCurve(QStringLiteral("train/loss"), style, s);
        panel.resize(1000, 700);
        test::screenshot(panel, QStringLiteral("live_dark"));
        QApplication::setPalette(before);
        QTRY_COMPARE(loss->chart()->theme(), QChart::ChartThemeLight);
    }
    void sharedControlsApplyToEveryChart()
    {
        TrainingSession session;
        LivePanel panel(&session);
        auto o = panel.controls()->options();
        o.logY = true;
        o.smoothing = 0.3;
        panel.controls()->setOptions(o);
        Q_EMIT panel.controls()->optionsChanged(o);
        for (const auto* name : {"loss", "accuracy", "f1", "perplexity", "lr", "throughput"})
            QCOMPARE(panel.chart(QLatin1String(name))->options(), o);
    }
    void showsARecordedRunFromTheDatabase()
    {
        QTemporaryDir dir;
        const auto db = dir.filePath(QStringLiteral("exp.db")).toStdString();
        qint64 runId = 0;
        {
            RunStore store(db);
            TrainingSession session;
            QSignalSpy finished(&session, &TrainingSession::finished);
            session.start(test::quickConfig(20, 10), &store);
            QVERIFY(finished.wait(120'000));
            runId = session.runId();
        }
        RunStore store(db);
        TrainingSession session;
        LivePanel panel(&session);
        panel.setStore(&store);
        QVERIFY(panel.showRun(runId));
        QCOMPARE(panel.runId(), runId);
        QCOMPARE(panel.chart(QStringLiteral("loss"))->smoothedPoints(QStringLiteral("train/loss")).size(), 20);
        QVERIFY(!panel.showRun(runId + 100));  // no such run
    }
    void languageModelRunsShowPerplexityAndGenerate()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        TrainingSession session;
        LivePanel panel(&session);
        panel.setStore(&store);
        panel.show();
        auto c = test::quickConfig(20, 10);
        c.data.path = test::sourcePath("resources/sample/stories.txt");
        c.model.family = "gpt";
        c.tokenizer.kind = "char";
        QSignalSpy finished(&session, &TrainingSession::finished);
        session.start(c, &store);
        QVERIFY(finished.wait(120'000));
        QVERIFY(panel.chart(QStringLiteral("perplexity"))->hasData());
        QVERIFY(panel.chart(QStringLiteral("perplexity"))->isVisible());
        QVERIFY(!panel.chart(QStringLiteral("accuracy"))->isVisible());
        QVERIFY(panel.generateBox()->isVisible());
        QSignalSpy generated(panel.generateBox(), &GenerateBox::generated);
        panel.generateBox()->setPrompt(QStringLiteral("The "));
        panel.generateBox()->generate();
        QTRY_VERIFY_WITH_TIMEOUT(!panel.generateBox()->isGenerating(), 60'000);
        QVERIFY2(generated.count() == 1, qPrintable(panel.generateBox()->output()));
        QVERIFY(!panel.generateBox()->output().isEmpty());
    }
    void wordVectorsRunsChartLossRateAndWordsPerSecond()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        RunRecord r;
        r.name = "cbow-16";
        r.kind = "word-vectors";
        r.model = "cbow";
        const auto id = store.createRun(r);
        store.appendMetrics(id, {{"train/loss", 1000, 0, 0.6}, {"train/loss", 2000, 0, 0.5},
                                 {"train/words_per_s", 1000, 0, 3e5}, {"train/words_per_s", 2000, 0, 3.2e5},
                                 {"train/lr", 1000, 0, 0.02}, {"train/lr", 2000, 0, 0.01}});
        store.finishRun(id, RunStatus::Completed, {}, R"({"loss": 0.5})", 2000);
        TrainingSession session;
        LivePanel panel(&session);
        panel.setStore(&store);
        panel.resize(1100, 800);
        panel.show();
        QVERIFY(panel.showRun(id));
        for (const char* chart : {"loss", "lr", "wordRate"}) {
            QVERIFY2(panel.chart(QLatin1String(chart))->isVisible(), chart);
            QVERIFY2(panel.chart(QLatin1String(chart))->hasData(), chart);
        }
        // No validation split, no token throughput: those charts are not shown.
        for (const char* chart : {"accuracy", "f1", "perplexity", "throughput"})
            QVERIFY2(!panel.chart(QLatin1String(chart))->isVisible(), chart);
        QCOMPARE(panel.progressText(), QStringLiteral("2,000 words"));
        // Its progress axis counts words.
        const auto xTitle = [&panel] {
            return panel.chart(QStringLiteral("loss"))->chart()->axes(Qt::Horizontal).front()->titleText();
        };
        QCOMPARE(xTitle(), QStringLiteral("words"));
        // Back to a classifier run: its charts again.
        RunRecord c;
        c.name = "classifier";
        c.kind = "classifier";
        c.model = "transformer";
        const auto classifier = store.createRun(c);
        store.finishRun(classifier, RunStatus::Completed, {}, "{}", 10);
        QVERIFY(panel.showRun(classifier));
        QVERIFY(panel.chart(QStringLiteral("accuracy"))->isVisible() && !panel.chart(QStringLiteral("wordRate"))->isVisible());
        QCOMPARE(xTitle(), QStringLiteral("step"));
    }
    void textVaeRunsChartTheElboTermsAndActiveUnits()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        RunRecord r;
        r.name = "vae-32";
        r.kind = "vae";
        r.model = "vae";
        const auto id = store.createRun(r);
        store.appendMetrics(id, {{"train/loss", 1, 0, 30}, {"train/loss", 2, 0, 25}, {"train/reconstruction", 1, 0, 29},
                                 {"train/reconstruction", 2, 0, 24}, {"train/kl", 1, 0, 4}, {"train/kl", 2, 0, 3},
                                 {"train/elbo", 1, 0, -33}, {"train/elbo", 2, 0, -27}, {"train/beta", 1, 0, 0.1},
                                 {"train/beta", 2, 0, 0.2}, {"val/loss", 2, 0, 26}, {"val/reconstruction", 2, 0, 24},
                                 {"val/kl", 2, 0, 2}, {"val/elbo", 2, 0, -26}, {"val/active_units", 2, 0, 5},
                                 {"val/iwae_nll", 2, 0, 25.5}, {"val/perplexity", 2, 0, 9.1}});
        store.finishRun(id, RunStatus::Completed, Message(LATHE_TR("Vae", "posterior collapse: the KL is %1 nats"), "0.01"),
                        R"({"loss": 26})", 2);
        TrainingSession session;
        LivePanel panel(&session);
        panel.setStore(&store);
        panel.resize(1100, 1000);
        panel.show();
        QVERIFY(panel.showRun(id));
        for (const char* chart : {"loss", "reconstruction", "kl", "elbo", "activeUnits", "lr"}) {
            QVERIFY2(panel.chart(QLatin1String(chart))->isVisible(), chart);
            QVERIFY2(panel.chart(QLatin1String(chart))->hasData(), chart);
        }
        for (const char* chart : {"accuracy", "f1", "wordRate", "bleu", "perplexity", "throughput"})
            QVERIFY2(!panel.chart(QLatin1String(chart))->isVisible(), chart);
        QCOMPARE(panel.chart(QStringLiteral("lr"))->title(), QStringLiteral("KL weight"));
        bool noted = false;
        for (auto* label : panel.findChildren<QLabel*>())
            noted = noted || label->text().contains(QStringLiteral("Note: posterior collapse"));
        QVERIFY(noted);
        QVERIFY(panel.vaeBox()->isVisible());  // its latent space to sample and walk
        QVERIFY(!panel.generateBox()->isVisible());
        test::screenshot(panel, QStringLiteral("live_vae"));
    }
    void encoderDecoderRunsShowTheirScoresAndTranslate()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("exp.db")).toStdString());
        TrainingSession session;
        LivePanel panel(&session);
        panel.setStore(&store);
        panel.resize(1100, 900);
        panel.show();
        auto c = test::quickConfig(60, 30);
        c.data.path = test::sourcePath("resources/sample/numbers.csv");
        c.model.family = "seq2seq";
        c.tokenizer.kind = "char";
        c.model.maxLength = 40;
        QSignalSpy finished(&session, &TrainingSession::finished);
        QVERIFY(session.start(c, &store));
        QVERIFY(finished.wait(120'000));
        for (const char* chart : {"accuracy", "errors", "bleu"}) {
            QVERIFY2(panel.chart(QLatin1String(chart))->isVisible(), chart);
            QVERIFY2(panel.chart(QLatin1String(chart))->hasData(), chart);
        }
        QCOMPARE(panel.chart(QStringLiteral("accuracy"))->curveIds(),
                 (QStringList{QStringLiteral("val/token_accuracy"), QStringLiteral("val/exact_match")}));
        QVERIFY(!panel.chart(QStringLiteral("f1"))->isVisible());
        QVERIFY(!panel.chart(QStringLiteral("perplexity"))->isVisible());
        QVERIFY(!panel.generateBox()->isVisible());
        QVERIFY(panel.translateBox()->isVisible());
        QSignalSpy translated(panel.translateBox(), &TranslateBox::translated);
        panel.translateBox()->setSources(QStringLiteral("forty-two\n\nseven"));
        panel.translateBox()->translate();
        QTRY_VERIFY_WITH_TIMEOUT(!panel.translateBox()->isTranslating(), 60'000);
        QVERIFY2(translated.count() == 1, qPrintable(panel.translateBox()->output()));
        // One output per line, a blank line's blank: they line up with their sources.
        const auto outputs = translated.front().front().toStringList();
        QCOMPARE(outputs.size(), 3);
        QVERIFY(outputs[1].isEmpty());
        // The length penalty ranks beams: off for greedy search and for sampling.
        auto* penalty = panel.translateBox()->findChild<QDoubleSpinBox*>(QStringLiteral("lengthPenalty"));
        QVERIFY(penalty && penalty->isEnabled());
        penalty->setValue(0);
        panel.translateBox()->translate();
        QTRY_VERIFY_WITH_TIMEOUT(!panel.translateBox()->isTranslating(), 60'000);
        QCOMPARE(translated.size(), 2);
        QCOMPARE(translated.back().front().toStringList().size(), 3);
        panel.translateBox()->setBeamSize(1);
        QVERIFY(!penalty->isEnabled());
        panel.translateBox()->setBeamSize(4);
        QVERIFY(penalty->isEnabled());
        // Sampling: at a temperature, outputs are drawn (one per line still).
        panel.translateBox()->findChild<QDoubleSpinBox*>(QStringLiteral("translateTemperature"))->setValue(1.0);
        QVERIFY(!penalty->isEnabled());
        panel.translateBox()->setSources(QStringLiteral("forty-two\nseven"));
        panel.translateBox()->translate();
        QTRY_VERIFY_WITH_TIMEOUT(!panel.translateBox()->isTranslating(), 60'000);
        QCOMPARE(translated.size(), 3);
        QCOMPARE(translated.back().front().toStringList().size(), 2);
        test::screenshot(panel, QStringLiteral("live_seq2seq"));
        // Opened again from the store: the same charts.
        LivePanel again(&session);
        again.setStore(&store);
        again.show();
        QVERIFY(again.showRun(session.outcome().runId));
        QVERIFY(again.chart(QStringLiteral("bleu"))->isVisible() && again.translateBox()->isVisible());
    }
};

QTEST_MAIN(TestLivePanel)
#include "tst_livepanel.moc"
