#include "live/LivePanel.h"

#include "charts/ChartControls.h"
#include "charts/MetricChart.h"
#include "live/GenerateBox.h"
#include "live/TranslateBox.h"
#include "live/VaeBox.h"
#include "common/CoreText.h"
#include "runs/RunSeries.h"
#include "runs/RunText.h"
#include "store/RunStore.h"
#include "training/TrainingSession.h"
#include "train/RunConfig.h"

#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>

namespace lathe::gui {

namespace {

// The progress line (step, tokens/s, ETA) is redrawn at most this often while a run trains.
constexpr int kProgressIntervalMs = 250;

struct CurveSpec {
    const char* key;
    const char* chart;
    const char* label;
    bool smooth;  // per-step training curves are noisy; evaluations are not
    int color = -1;  // -1: training curves the first colour, validation the second
};

constexpr CurveSpec kCurves[] = {
    {"train/loss", "loss", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "training loss"), true},
    {"val/loss", "loss", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "validation loss"), false},
    {"train/accuracy", "accuracy", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "training (batch)"), true},
    {"val/accuracy", "accuracy", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "validation"), false},
    {"val/macro_f1", "f1", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "validation"), false},
    {"val/perplexity", "perplexity", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "validation"), false},
    // Encoder–decoders: teacher-forced token accuracy, then the scores of the decoded targets.
    {"val/token_accuracy", "accuracy", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "token accuracy"), false, 1},
    {"val/exact_match", "accuracy", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "exact match"), false, 2},
    {"val/token_error_rate", "errors", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "token error rate"), false, 1},
    {"val/cer", "errors", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "character error rate"), false, 2},
    {"val/bleu", "bleu", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "BLEU"), false, 1},
    {"val/chrf", "bleu", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "chrF"), false, 2},
    {"train/lr", "lr", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "learning rate"), false},
    {"train/tokens_per_s", "throughput", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "tokens/s"), false},
    // Text VAEs: the ELBO's terms, the KL weight and the latent units in use.
    {"val/iwae_nll", "loss", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "importance-weighted NLL"), false, 2},
    {"train/reconstruction", "reconstruction", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "training"), true},
    {"val/reconstruction", "reconstruction", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "validation"), false},
    {"train/kl", "kl", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "training"), true},
    {"val/kl", "kl", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "validation"), false},
    {"train/elbo", "elbo", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "training"), true},
    {"val/elbo", "elbo", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "validation"), false},
    {"val/active_units", "activeUnits", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "active latent units"), false},
    {"train/beta", "lr", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "KL weight β"), false, 2},
    // Word vectors: effective words (after subsampling) per second.
    {"train/words_per_s", "wordRate", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "words/s"), false},
    // A run that follows its data: the newest held-out rows beside the fixed validation split.
    {"stream/newest_loss", "loss", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "newest data"), false, 2},
    {"stream/newest_accuracy", "accuracy", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "newest data"), false, 2},
    {"stream/arrived", "stream", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "rows arrived"), false, 1},
    {"stream/examples_seen", "stream", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "examples trained on"), false, 0},
    {"stream/forgetting", "forgetting", QT_TRANSLATE_NOOP("lathe::gui::LivePanel", "fall from the best validation score"),
     false, 3},
};

const CurveSpec* specFor(const QString& key)
{
    for (const auto& s : kCurves)
        if (key == QLatin1String(s.key))
            return &s;
    return nullptr;
}

QString duration(qint64 seconds)
{
    return seconds >= 3600 ? QStringLiteral("%1:%2:%3")
                                 .arg(seconds / 3600)
                                 .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
                                 .arg(seconds % 60, 2, 10, QLatin1Char('0'))
                           : QStringLiteral("%1:%2").arg(seconds / 60).arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

}  // namespace

LivePanel::LivePanel(TrainingSession* session, QWidget* parent)
    : QWidget(parent), m_session(session), m_title(new QLabel(tr("No run yet: start training, or open a run from the Runs panel."), this)),
      m_progress(new QProgressBar(this)), m_progressText(new QLabel(this)), m_controls(new ChartControls(this)),
      m_generate(new GenerateBox(this)), m_translate(new TranslateBox(this)), m_vae(new VaeBox(this))
{
    m_title->setWordWrap(true);
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    const std::pair<const char*, QString> charts[] = {
        {"loss", tr("Loss")},       {"accuracy", tr("Accuracy")},     {"f1", tr("Macro F1")},
        {"perplexity", tr("Perplexity")}, {"errors", tr("Error rates")},   {"bleu", tr("BLEU and chrF")},
        {"lr", tr("Learning rate")},      {"throughput", tr("Throughput (tokens/s)")},
        {"wordRate", tr("Throughput (words/s)")}, {"reconstruction", tr("Reconstruction (nats)")},
        {"kl", tr("KL divergence (nats)")}, {"elbo", tr("ELBO (nats)")}, {"activeUnits", tr("Active latent units")},
        {"stream", tr("Stream (examples)")}, {"forgetting", tr("Forgetting (validation)")}};
    m_grid = new QGridLayout;
    for (const auto& [name, title] : charts) {
        auto* c = new MetricChart(title, this);
        c->setObjectName(QLatin1String(name) + QLatin1String("Chart"));
        m_charts.insert(QLatin1String(name), c);
        m_order << c;
    }
    auto* top = new QHBoxLayout;
    top->addWidget(m_progress, 1);
    top->addWidget(m_progressText);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(top);
    layout->addWidget(m_controls);
    layout->addLayout(m_grid, 1);
    layout->addWidget(m_generate);
    layout->addWidget(m_translate);
    layout->addWidget(m_vae);
    setRunKind("classifier");

    connect(m_controls, &ChartControls::optionsChanged, this, &LivePanel::applyOptions);
    connect(m_controls, &ChartControls::resetViewRequested, this, [this] {
        for (auto* c : std::as_const(m_charts))
            c->resetView();
    });
    connect(session, &TrainingSession::started, this, &LivePanel::onStarted);
    connect(session, &TrainingSession::metricsAppended, this, &LivePanel::onMetrics);
    connect(session, &TrainingSession::progressed, this, &LivePanel::onProgress);
    connect(session, &TrainingSession::finished, this, &LivePanel::onFinished);
    applyOptions(m_controls->options());
}

void LivePanel::setStore(RunStore* store)
{
    m_store = store;
    m_generate->setStore(store);
    m_translate->setStore(store);
    m_vae->setStore(store);
}

void LivePanel::applyOptions(const ChartOptions& options)
{
    auto o = options;
    o.stepsAreWords = m_vectors;
    for (auto* c : std::as_const(m_charts))
        c->setOptions(o);
}

void LivePanel::setRunKind(const std::string& kind, bool generates, bool follows)
{
    const bool languageModel = kind == "language-model", pairs = kind == "seq2seq";
    // Word vectors have no validation split: their loss, rate and words per second.
    m_vectors = kind == "word-vectors";
    applyOptions(m_controls->options());  // the step axis reads "words" for them
    const bool vae = kind == "vae";
    m_charts.value(QStringLiteral("accuracy"))->setVisible(!languageModel && !m_vectors && !vae);
    m_charts.value(QStringLiteral("f1"))->setVisible(!languageModel && !pairs && !m_vectors && !vae);
    for (const char* chart : {"reconstruction", "kl", "elbo", "activeUnits"})
        m_charts.value(QLatin1String(chart))->setVisible(vae);
    // A VAE's token rate is in the progress line and its perplexity (one point, at the end) in the
    // result: six charts leave room for its latent-space box.
    m_charts.value(QStringLiteral("throughput"))->setVisible(!m_vectors && !vae);
    m_charts.value(QStringLiteral("lr"))->chart()->setTitle(vae ? tr("KL weight") : tr("Learning rate"));
    // A followed run: what arrived and was trained on, and what it forgot; its rate is constant
    // after warm-up, so that chart makes room.
    m_charts.value(QStringLiteral("stream"))->setVisible(follows);
    m_charts.value(QStringLiteral("forgetting"))->setVisible(follows);
    m_charts.value(QStringLiteral("lr"))->setVisible(!follows);
    m_charts.value(QStringLiteral("wordRate"))->setVisible(m_vectors);
    m_charts.value(QStringLiteral("perplexity"))->setVisible(languageModel);
    m_charts.value(QStringLiteral("errors"))->setVisible(pairs);
    m_charts.value(QStringLiteral("bleu"))->setVisible(pairs);
    // A masked LM fills in hidden tokens; it does not continue a prompt.
    m_generate->setVisible(languageModel && generates);
    m_translate->setVisible(pairs);
    m_vae->setVisible(vae);
    // Visible charts fill the grid two to a row, without holes.
    int i = 0;
    for (auto* c : std::as_const(m_order)) {
        m_grid->removeWidget(c);
        if (!c->isHidden()) {
            m_grid->addWidget(c, i / 2, i % 2);
            ++i;
        }
    }
}

void LivePanel::clearCharts()
{
    for (auto* c : std::as_const(m_charts))
        c->clearCurves();
    m_epochPerStep = 0;
}

void LivePanel::showSeries(const QString& key, const MetricSeries& series)
{
    if (key == QLatin1String("train/epoch")) {
        m_epochPerStep = epochPerStep(series);
        return;
    }
    const auto* spec = specFor(key);
    if (!spec)
        return;
    CurveStyle style;
    style.label = tr(spec->label);
    // Training curves take the first colour, validation the second, in every chart.
    style.color = curveColor(spec->color >= 0 ? spec->color : key.startsWith(QLatin1String("val/")) ? 1 : 0);
    style.smooth = spec->smooth;
    style.epochPerStep = m_epochPerStep;
    m_charts.value(QLatin1String(spec->chart))->setCurve(key, style, series);
}

void LivePanel::onStarted(qint64 runId, qint64 totalSteps, qint64 parameters)
{
    clearCharts();
    m_runId = runId;
    const auto run = m_store ? m_store->run(runId) : std::nullopt;
    setRunKind(run ? run->kind : std::string("classifier"), run && run->model != "mlm", run && followsItsData(*run));
    m_generate->setRun(runId);
    m_translate->setRun(runId);
    m_vae->setRun(runId);
    m_title->setText(tr("Run %1 · %2 · %3 parameters")
                         .arg(runId)
                         .arg(run ? QString::fromStdString(run->name) : QString())
                         .arg(QLocale().toString(parameters)));
    for (auto* c : std::as_const(m_charts))
        c->setPlannedSteps(totalSteps);
    // A followed run has no end in steps: the bar only says it is busy.
    m_progress->setRange(0, int(std::min<qint64>(totalSteps, INT_MAX)));
    m_progress->setValue(0);
    m_progressText->setMinimumWidth(0);
    m_progressText->setText(tr("starting…"));
    m_clock.start();
    m_lastProgress.invalidate();
    m_firstStep = -1;
}

void LivePanel::onMetrics(const QStringList& keys)
{
    // The epoch scale first, so curves drawn in the same tick can use it.
    if (keys.contains(QStringLiteral("train/epoch")))
        showSeries(QStringLiteral("train/epoch"), m_session->series().value(QStringLiteral("train/epoch")));
    for (const auto& key : keys)
        if (key != QLatin1String("train/epoch"))
            showSeries(key, m_session->series().value(key));
}

void LivePanel::onProgress(qint64 step, qint64 totalSteps, double tokensPerSecond)
{
    if (m_firstStep < 0) {
        m_firstStep = step;
        m_clock.restart();
    } else if (m_lastProgress.isValid() && m_lastProgress.elapsed() < kProgressIntervalMs && step < totalSteps &&
               !m_session->isPaused()) {
        return;  // a number that changes faster than this cannot be read, and each redraw costs the run
    }
    m_lastProgress.start();
    m_progress->setValue(int(std::min<qint64>(step, INT_MAX)));
    const QLocale locale;
    if (totalSteps <= 0) {
        QString text = tr("step %1 · %2 tokens/s · following its data")
                           .arg(locale.toString(step), locale.toString(tokensPerSecond, 'f', 0));
        if (m_session->isPaused())
            text += tr(" · paused");
        m_progressText->setText(text);
        return;
    }
    QString text = m_vectors ? tr("word %1 / %2 · %3 words/s")
                                   .arg(locale.toString(step), locale.toString(totalSteps), locale.toString(tokensPerSecond, 'f', 0))
                             : tr("step %1 / %2 · %3 tokens/s")
                                   .arg(locale.toString(step), locale.toString(totalSteps), locale.toString(tokensPerSecond, 'f', 0));
    const qint64 done = step - m_firstStep;
    if (m_session->isPaused())
        text += tr(" · paused");
    else if (done > 0)
        text += tr(" · ETA %1").arg(duration(qint64(double(m_clock.elapsed()) / 1000.0 / double(done) * double(totalSteps - step))));
    m_progressText->setText(text);
    // Grow-only width: a line whose width follows its digits would lay out the row, and
    // redraw the bar beside it, on every update.
    if (const int w = m_progressText->sizeHint().width(); w > m_progressText->minimumWidth())
        m_progressText->setMinimumWidth(w + m_progressText->fontMetrics().horizontalAdvance(QLatin1Char('0')) * 4);
}

void LivePanel::onFinished()
{
    const auto& o = m_session->outcome();
    m_progressText->setText(m_vectors ? tr("finished: %1 after %2 words").arg(runStatusName(o.status), QLocale().toString(o.steps))
                                      : tr("finished: %1 after %2 steps").arg(runStatusName(o.status)).arg(o.steps));
    if (m_progress->maximum() == 0)
        m_progress->setRange(0, int(std::min<qint64>(std::max<qint64>(o.steps, 1), INT_MAX)));
    // The last progress update may have been held back: the bar shows where the run ended.
    if (o.steps > 0)
        m_progress->setValue(int(std::min<qint64>(o.steps, m_progress->maximum())));
    m_generate->setRun(o.runId);
    m_translate->setRun(o.runId);
    m_vae->setRun(o.runId);
}

bool LivePanel::showRun(qint64 runId)
{
    if (m_session->isRunning() || !m_store)
        return false;
    const auto run = m_store->run(runId);
    if (!run)
        return false;
    clearCharts();
    m_runId = runId;
    setRunKind(run->kind, run->model != "mlm", followsItsData(*run));
    m_generate->setRun(runId);
    m_translate->setRun(runId);
    m_vae->setRun(runId);
    const auto series = loadRunSeries(*m_store, runId);
    showSeries(QStringLiteral("train/epoch"), series.value(QStringLiteral("train/epoch")));
    for (auto it = series.cbegin(); it != series.cend(); ++it)
        showSeries(it.key(), it.value());
    for (auto* c : std::as_const(m_charts))
        c->setPlannedSteps(run->steps);
    QString title = tr("Run %1 · %2 · %3 (from the experiment database)")
                        .arg(runId)
                        .arg(QString::fromStdString(run->name), runStatusName(run->status));
    // What the run ended with, when it said something (a text VAE's posterior-collapse warning).
    if (run->status == RunStatus::Completed && !run->message.empty())
        title += QLatin1Char('\n') + tr("Note: %1").arg(coreText(run->message));
    m_title->setText(title);
    m_progress->setRange(0, 1);
    m_progress->setValue(run->status == RunStatus::Completed ? 1 : 0);
    m_progressText->setText(m_vectors ? tr("%1 words").arg(QLocale().toString(run->steps))
                                      : tr("%1 steps").arg(QLocale().toString(run->steps)));
    return true;
}

QString LivePanel::progressText() const
{
    return m_progressText->text();
}

}  // namespace lathe::gui
