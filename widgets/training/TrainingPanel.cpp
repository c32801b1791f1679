#include "training/TrainingPanel.h"

#include "charts/MetricChart.h"
#include "training/TrainingSession.h"
#include "train/RunConfig.h"

#include <QComboBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>

namespace lathe::gui {

TrainingPanel::TrainingPanel(QWidget* parent)
    : QWidget(parent), m_session(new TrainingSession(this)), m_model(new QComboBox(this)),
      m_tokenizer(new QComboBox(this)), m_steps(new QSpinBox(this)), m_batch(new QSpinBox(this)),
      m_threads(new QSpinBox(this)), m_start(new QPushButton(tr("&Start Training"), this)),
      m_pause(new QPushButton(tr("&Pause"), this)), m_stop(new QPushButton(tr("S&top"), this)),
      m_progress(new QProgressBar(this)), m_status(new QLabel(this)), m_result(new QLabel(this)),
      m_lossChart(new MetricChart(tr("Loss"), this)), m_qualityChart(new MetricChart(tr("Validation"), this))
{
    m_start->setObjectName(QStringLiteral("startButton"));
    m_pause->setObjectName(QStringLiteral("pauseButton"));
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_tokenizer->addItem(tr("Words"), QStringLiteral("word"));
    m_tokenizer->addItem(tr("Characters"), QStringLiteral("char"));
    m_tokenizer->addItem(tr("Subwords (BPE)"), QStringLiteral("bpe"));
    m_steps->setRange(1, 10'000'000);
    m_steps->setValue(300);
    m_steps->setGroupSeparatorShown(true);
    m_batch->setRange(1, 4096);
    m_batch->setValue(32);
    m_threads->setRange(1, 256);
    m_threads->setValue(QThread::idealThreadCount());
    m_progress->setRange(0, 1);
    m_progress->setValue(0);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setText(tr("Open a dataset, then start training."));

    m_lossChart->addMetric(QStringLiteral("train/loss"), tr("training loss"));
    m_lossChart->addMetric(QStringLiteral("val/loss"), tr("validation loss"));
    m_qualityChart->addMetric(QStringLiteral("val/accuracy"), tr("accuracy"));
    m_qualityChart->addMetric(QStringLiteral("val/macro_f1"), tr("macro F1"));
    m_qualityChart->addMetric(QStringLiteral("val/perplexity"), tr("perplexity"));
    fillModels(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Model:"), m_model);
    form->addRow(tr("Tokenizer:"), m_tokenizer);
    form->addRow(tr("Steps:"), m_steps);
    form->addRow(tr("Batch size:"), m_batch);
    form->addRow(tr("Threads:"), m_threads);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_stop);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(buttons);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(m_result);
    layout->addWidget(m_lossChart, 1);
    layout->addWidget(m_qualityChart, 1);

    connect(m_threads, &QSpinBox::valueChanged, this, &TrainingPanel::threadsChanged);
    connect(m_start, &QPushButton::clicked, this, &TrainingPanel::startTraining);
    connect(m_pause, &QPushButton::clicked, this, &TrainingPanel::togglePause);
    connect(m_stop, &QPushButton::clicked, this, &TrainingPanel::stopTraining);
    connect(m_session, &TrainingSession::started, this, &TrainingPanel::onStarted);
    connect(m_session, &TrainingSession::metricsAppended, this, &TrainingPanel::onMetrics);
    connect(m_session, &TrainingSession::progressed, this, &TrainingPanel::onProgress);
    connect(m_session, &TrainingSession::finished, this, &TrainingPanel::onFinished);
    updateButtons();
}

void TrainingPanel::fillModels(bool labelled)
{
    m_qualityChart->setMetricVisible(QStringLiteral("val/accuracy"), labelled);
    m_qualityChart->setMetricVisible(QStringLiteral("val/macro_f1"), labelled);
    m_qualityChart->setMetricVisible(QStringLiteral("val/perplexity"), !labelled);
    m_model->clear();
    if (labelled) {
        m_model->addItem(tr("Transformer classifier"), QStringLiteral("transformer"));
        m_model->addItem(tr("BiLSTM classifier"), QStringLiteral("bilstm"));
    } else {
        m_model->addItem(tr("GPT language model"), QStringLiteral("gpt"));
        m_model->addItem(tr("LSTM language model"), QStringLiteral("lstm"));
    }
}

void TrainingPanel::setDataset(const QString& path, bool labelled)
{
    m_datasetPath = path;
    if (labelled != m_labelled || m_model->count() == 0)
        fillModels(labelled);
    m_labelled = labelled;
    if (!m_session->isRunning())
        m_status->setText(tr("Ready to train on %1.").arg(QFileInfo(path).fileName()));
    updateButtons();
}

void TrainingPanel::setStore(RunStore* store)
{
    m_store = store;
    updateButtons();
}

void TrainingPanel::setThreads(int threads)
{
    m_threads->setValue(threads);
}

int TrainingPanel::threads() const
{
    return m_threads->value();
}

void TrainingPanel::setSteps(int steps)
{
    m_steps->setValue(steps);
}

RunConfig TrainingPanel::config() const
{
    RunConfig c;
    c.data.path = m_datasetPath.toStdString();
    c.model.family = m_model->currentData().toString().toStdString();
    c.tokenizer.kind = m_tokenizer->currentData().toString().toStdString();
    c.train.maxSteps = m_steps->value();
    c.train.batchSize = m_batch->value();
    c.train.threads = m_threads->value();
    c.train.evalEvery = std::max(1, m_steps->value() / 10);
    c.name = c.model.family + "-" + c.tokenizer.kind;
    return c;
}

void TrainingPanel::startTraining()
{
    if (!m_store || m_datasetPath.isEmpty() || m_session->isRunning())
        return;
    const RunConfig c = config();
    if (const auto problems = c.validate(); !problems.empty()) {
        m_result->setText(QString::fromStdString(problems));
        return;
    }
    m_lossChart->clear();
    m_qualityChart->clear();
    m_result->clear();
    m_progress->setRange(0, m_steps->value());
    m_progress->setValue(0);
    m_status->setText(tr("Preparing data and tokenizer…"));
    m_session->start(c, m_store);
    updateButtons();
}

void TrainingPanel::togglePause()
{
    if (!m_session->isRunning())
        return;
    if (m_session->isPaused()) {
        m_session->resume();
        m_status->setText(tr("Resumed."));
    } else {
        m_session->pause();
        m_status->setText(tr("Paused. Resume to continue from the same step."));
    }
    updateButtons();
}

void TrainingPanel::stopTraining()
{
    if (m_session->isRunning()) {
        m_session->stop();
        m_status->setText(tr("Stopping after the current step…"));
    }
}

void TrainingPanel::updateButtons()
{
    const bool running = m_session->isRunning();
    m_start->setEnabled(!running && m_store && !m_datasetPath.isEmpty());
    m_pause->setEnabled(running);
    m_stop->setEnabled(running);
    m_pause->setText(m_session->isPaused() ? tr("&Resume") : tr("&Pause"));
    for (QWidget* w : {static_cast<QWidget*>(m_model), static_cast<QWidget*>(m_tokenizer),
                       static_cast<QWidget*>(m_steps), static_cast<QWidget*>(m_batch),
                       static_cast<QWidget*>(m_threads)})
        w->setEnabled(!running);
}

void TrainingPanel::onStarted(qint64 runId, qint64 totalSteps, qint64 parameters)
{
    m_progress->setRange(0, int(std::min<qint64>(totalSteps, INT_MAX)));
    m_lossChart->setPlannedSteps(totalSteps);
    m_qualityChart->setPlannedSteps(totalSteps);
    m_status->setText(tr("Run %1 started: %2 parameters.").arg(runId).arg(QLocale().toString(parameters)));
}

void TrainingPanel::onMetrics(const QStringList& keys)
{
    for (const auto& key : keys) {
        const auto& points = m_session->series().value(key);
        m_lossChart->setPoints(key, points);
        m_qualityChart->setPoints(key, points);
    }
}

void TrainingPanel::onProgress(qint64 step, qint64 totalSteps, double tokensPerSecond)
{
    m_progress->setValue(int(std::min<qint64>(step, INT_MAX)));
    if (!m_session->isPaused())
        m_status->setText(tr("Step %1 of %2 · %3 tokens/s")
                              .arg(QLocale().toString(step), QLocale().toString(totalSteps),
                                   QLocale().toString(tokensPerSecond, 'f', 0)));
}

void TrainingPanel::onFinished()
{
    const auto& o = m_session->outcome();
    const auto value = [&o](const char* key) {
        const auto it = o.validation.find(key);
        return it == o.validation.end() ? QString() : QString::number(it->second, 'f', 3);
    };
    QString text;
    switch (o.status) {
    case RunStatus::Completed:
        text = tr("Run %1 completed after %2 steps.").arg(o.runId).arg(o.steps);
        break;
    case RunStatus::Stopped:
        text = tr("Run %1 stopped at step %2; its checkpoint can be resumed.").arg(o.runId).arg(o.steps);
        break;
    case RunStatus::Diverged:
        text = tr("Run %1 diverged: %2").arg(o.runId).arg(QString::fromStdString(o.message));
        break;
    default:
        text = tr("Training failed: %1").arg(QString::fromStdString(o.message));
        break;
    }
    if (!value("accuracy").isEmpty())
        text += QLatin1Char('\n') + tr("Validation accuracy %1, macro F1 %2.").arg(value("accuracy"), value("macro_f1"));
    else if (!value("perplexity").isEmpty())
        text += QLatin1Char('\n') + tr("Validation perplexity %1.").arg(value("perplexity"));
    m_result->setText(text);
    m_status->setText(tr("Finished."));
    updateButtons();
    if (o.runId)
        Q_EMIT runFinished(o.runId);
}

QString TrainingPanel::resultText() const
{
    return m_result->text();
}

QString TrainingPanel::statusText() const
{
    return m_status->text();
}

}  // namespace lathe::gui
