#include "common/CoreText.h"
#include "training/TrainingPanel.h"
#include "store/RunStore.h"

#include "runs/RunText.h"
#include "training/TrainingForm.h"
#include "training/TrainingSession.h"
#include "training/VaeForm.h"
#include "training/VectorsForm.h"
#include "vectors/VectorsRun.h"
#include "train/RunConfig.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace lathe::gui {

TrainingPanel::TrainingPanel(QWidget* parent)
    : QWidget(parent), m_session(new TrainingSession(this)), m_form(new TrainingForm(this)),
      m_vectorsForm(new VectorsForm(this)), m_vaeForm(new VaeForm(this)), m_what(new QComboBox(this)), m_forms(new QStackedWidget(this)), m_start(new QPushButton(tr("&Start Training"), this)), m_pause(new QPushButton(tr("&Pause"), this)),
      m_stop(new QPushButton(tr("S&top"), this)), m_status(new QLabel(this)), m_result(new QLabel(this))
{
    m_start->setObjectName(QStringLiteral("startButton"));
    m_pause->setObjectName(QStringLiteral("pauseButton"));
    m_stop->setObjectName(QStringLiteral("stopButton"));
    m_stop->setToolTip(tr("Stop after the current step; the checkpoint is kept so the run can be resumed"));
    m_status->setWordWrap(true);
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_status->setText(tr("Open a dataset, then start training."));

    auto* paste = new QPushButton(tr("Paste Config"), this);
    paste->setToolTip(tr("Fill the settings from a run configuration (JSON) on the clipboard, as copied in the Compare panel"));
    connect(paste, &QPushButton::clicked, this, [this] {
        const auto error = applyConfigJson(QApplication::clipboard()->text());
        m_result->setText(error.isEmpty() ? tr("Settings filled from the clipboard.") : error);
    });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_pause);
    buttons->addWidget(m_stop);

    m_what->setObjectName(QStringLiteral("trainWhat"));
    m_what->addItem(tr("A model"));
    m_what->addItem(tr("Word vectors (word2vec, GloVe)"));
    m_what->addItem(tr("Text VAE (latent space of sentences)"));
    m_what->setToolTip(tr("Train a model on the dataset, learn word vectors from its text, or a VAE of its "
                          "sentences"));
    auto* what = new QHBoxLayout;
    what->addWidget(new QLabel(tr("Train:"), this));
    what->addWidget(m_what, 1);
    for (QWidget* form : {static_cast<QWidget*>(m_form), static_cast<QWidget*>(m_vectorsForm), static_cast<QWidget*>(m_vaeForm)}) {
        auto* scroll = new QScrollArea(this);
        scroll->setWidget(form);
        scroll->setWidgetResizable(true);
        scroll->setFrameShape(QFrame::NoFrame);
        m_forms->addWidget(scroll);
    }
    connect(m_what, &QComboBox::currentIndexChanged, this, [this, paste](int index) {
        m_forms->setCurrentIndex(index);
        paste->setVisible(index == 0);  // a run configuration fills the model form
        updateButtons();
    });
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(what);
    layout->addWidget(m_forms, 1);
    layout->addWidget(paste, 0, Qt::AlignRight);
    layout->addLayout(buttons);
    layout->addWidget(m_status);
    layout->addWidget(m_result);

    connect(m_form, &TrainingForm::threadsChanged, this, &TrainingPanel::threadsChanged);
    connect(m_form, &TrainingForm::changed, this, &TrainingPanel::updateButtons);
    connect(m_vectorsForm, &VectorsForm::changed, this, &TrainingPanel::updateButtons);
    connect(m_vaeForm, &VaeForm::changed, this, &TrainingPanel::updateButtons);
    connect(m_start, &QPushButton::clicked, this, &TrainingPanel::startTraining);
    connect(m_pause, &QPushButton::clicked, this, &TrainingPanel::togglePause);
    connect(m_stop, &QPushButton::clicked, this, &TrainingPanel::stopTraining);
    connect(m_session, &TrainingSession::started, this, &TrainingPanel::onStarted);
    connect(m_session, &TrainingSession::progressed, this, &TrainingPanel::onProgress);
    connect(m_session, &TrainingSession::finished, this, &TrainingPanel::onFinished);
    updateButtons();
}

void TrainingPanel::setDataset(const QString& path, bool labelled, int classCount, const LoadOptions& read)
{
    m_datasetPath = path;
    m_read = read;
    m_form->setLabelled(labelled, classCount, !read.targetColumn.empty());
    if (!m_session->isRunning())
        m_status->setText(tr("Ready to train on %1.").arg(QFileInfo(path).fileName()));
    updateButtons();
}

void TrainingPanel::setStore(RunStore* store)
{
    m_store = store;
    refreshTrainedRuns();
    updateButtons();
}

void TrainingPanel::refreshTrainedRuns()
{
    QList<TrainingForm::TrainedRun> runs;
    QList<QPair<QString, QString>> vectorRuns;
    if (m_store)
        for (const auto& r : m_store->listRuns()) {
            if (r.status != RunStatus::Completed && r.status != RunStatus::Stopped)
                continue;
            // Word vectors are no model to fine-tune or distill from: their vectors can start a
            // model's token embeddings.
            if (r.kind == "vae")
                continue;  // its own encoder and decoder: no model a run starts from
            if (r.kind == "word-vectors") {
                if (const auto path = runVectorsPath(*m_store, r.id); !path.empty())
                    vectorRuns.append({tr("#%1 %2 (%3)").arg(r.id).arg(QString::fromStdString(r.name),
                                                                       modelFamilyName(QString::fromStdString(r.model))),
                                       QString::fromStdString(path)});
                continue;
            }
            runs.append({r.id,
                         tr("#%1 %2 (%3 parameters)")
                             .arg(r.id)
                             .arg(QString::fromStdString(r.name), QLocale().toString(qint64(r.parameters))),
                         r.kind == "language-model", r.model == "mlm", r.kind == "seq2seq"});
        }
    m_form->setTrainedRuns(runs);
    m_form->setVectorRuns(vectorRuns);
}

void TrainingPanel::setThreads(int threads)
{
    m_form->setThreads(threads);
    m_vectorsForm->setThreads(threads);
    m_vaeForm->setThreads(threads);
}

void TrainingPanel::setTarget(Target target)
{
    m_what->setCurrentIndex(static_cast<int>(target));
}

TrainingPanel::Target TrainingPanel::target() const
{
    return static_cast<Target>(m_what->currentIndex());
}

QString TrainingPanel::currentProblems() const
{
    switch (target()) {
    case Target::WordVectors: return m_vectorsForm->problems();
    case Target::TextVae: return m_vaeForm->problems();
    case Target::Model: break;
    }
    return m_form->problems();
}

int TrainingPanel::threads() const
{
    return m_form->threads();
}

void TrainingPanel::setSteps(int steps)
{
    m_form->setSteps(steps);
}

RunConfig TrainingPanel::config() const
{
    RunConfig c = m_form->config();
    c.data.path = m_datasetPath.toStdString();
    c.data.format = toString(m_read.format);
    c.data.textColumn = m_read.textColumn;
    c.data.labelColumn = m_read.labelColumn;
    if (!m_read.targetColumn.empty())
        c.data.targetColumn = m_read.targetColumn;
    c.name = c.model.family + "-" + c.tokenizer.kind;
    return c;
}

void TrainingPanel::startTraining()
{
    if (!m_store || m_datasetPath.isEmpty() || m_session->isRunning())
        return;
    if (target() != Target::Model) {
        if (const auto problems = currentProblems(); !problems.isEmpty()) {
            m_result->setText(problems);
            return;
        }
        m_result->clear();
        if (target() == Target::WordVectors) {
            m_status->setText(tr("Reading the text and counting words…"));
            m_session->startVectors(m_vectorsForm->config(), m_datasetPath, m_read, m_store);
        } else {
            m_status->setText(tr("Preparing sentences and tokenizer…"));
            m_session->startVae(m_vaeForm->config(), m_datasetPath, m_read, m_store);
        }
        updateButtons();
        return;
    }
    const RunConfig c = config();
    if (const auto problems = c.problems(); !problems.empty()) {
        m_result->setText(coreText(joinLines(problems)));
        return;
    }
    m_result->clear();
    m_status->setText(tr("Preparing data and tokenizer…"));
    m_session->start(c, m_store);
    updateButtons();
}

QString TrainingPanel::applyConfigJson(const QString& json)
{
    RunConfig c = m_form->config();
    try {
        c.mergeJson(json.toStdString(), tr("the clipboard").toStdString());
    } catch (const std::exception& e) {
        return tr("That is not a run configuration: %1").arg(coreErrorText(e));
    }
    m_form->setConfig(c);
    return {};
}

bool TrainingPanel::resumeRun(qint64 runId)
{
    if (!m_store || m_session->isRunning())
        return false;
    m_result->clear();
    m_status->setText(tr("Resuming run %1 from its checkpoint…").arg(runId));
    // The run's own configuration comes from its checkpoint.
    RunConfig c;
    c.train.maxSteps = 0;
    // Only whether it follows its data is said here (the Data panel lists what arrives).
    if (const auto run = m_store->run(runId))
        c.data.follow = followsItsData(*run);
    m_session->start(c, m_store, runId);
    updateButtons();
    return true;
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
    const QString problems = currentProblems();
    m_start->setEnabled(!running && m_store && !m_datasetPath.isEmpty() && problems.isEmpty());
    m_pause->setEnabled(running);
    m_stop->setEnabled(running);
    m_pause->setText(m_session->isPaused() ? tr("&Resume") : tr("&Pause"));
    m_form->setEnabled(!running);
    m_vectorsForm->setEnabled(!running);
    m_vaeForm->setEnabled(!running);
    m_what->setEnabled(!running);
}

void TrainingPanel::onStarted(qint64 runId, qint64, qint64 parameters)
{
    m_status->setText(tr("Run %1 started: %2 parameters.").arg(runId).arg(QLocale().toString(parameters)));
    Q_EMIT runStarted(runId);
}

void TrainingPanel::onProgress(qint64 step, qint64 totalSteps, double)
{
    if (m_session->isPaused())
        return;
    if (m_session->isVectors())
        m_status->setText(tr("Word %1 of %2.").arg(QLocale().toString(step), QLocale().toString(totalSteps)));
    else if (totalSteps <= 0)  // a run following its data has no end in steps
        m_status->setText(tr("Step %1, following its data (the Data panel lists what arrives).")
                              .arg(QLocale().toString(step)));
    else
        m_status->setText(tr("Step %1 of %2.").arg(QLocale().toString(step), QLocale().toString(totalSteps)));
}

void TrainingPanel::onFinished()
{
    const auto& o = m_session->outcome();
    switch (m_session->job()) {
    case TrainingSession::Job::WordVectors: m_result->setText(vectorsResultText()); break;
    case TrainingSession::Job::TextVae: m_result->setText(vaeResultText()); break;
    case TrainingSession::Job::Model: m_result->setText(modelResultText()); break;
    }
    m_status->setText(tr("Finished."));
    updateButtons();
    if (o.runId)
        refreshTrainedRuns();
    Q_EMIT runFinished(o.runId);
}

QString TrainingPanel::modelResultText() const
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
        text = tr("Run %1 diverged: %2").arg(o.runId).arg(coreText(o.message));
        break;
    default:
        text = tr("Training failed: %1").arg(coreText(o.message));
        break;
    }
    if (!value("exact_match").isEmpty())
        text += QLatin1Char('\n') + tr("Validation exact match %1, token error rate %2.")
                                         .arg(value("exact_match"), value("token_error_rate"));
    else if (!value("accuracy").isEmpty())
        text += QLatin1Char('\n') + tr("Validation accuracy %1, macro F1 %2.").arg(value("accuracy"), value("macro_f1"));
    else if (!value("perplexity").isEmpty())
        text += QLatin1Char('\n') + tr("Validation perplexity %1.").arg(value("perplexity"));
    if (o.embeddingsVocabulary > 0)
        text += QLatin1Char('\n') + tr("Word vectors initialized %1 of %2 token embeddings (%3%).")
                                         .arg(o.embeddingsCovered)
                                         .arg(o.embeddingsVocabulary)
                                         .arg(100.0 * double(o.embeddingsCovered) / double(o.embeddingsVocabulary), 0, 'f', 1);
    return text;
}

QString TrainingPanel::vectorsResultText() const
{
    const auto& o = m_session->outcome();
    const auto value = [&o](const char* key) {
        const auto it = o.validation.find(key);
        return it == o.validation.end() ? 0.0 : it->second;
    };
    const QLocale locale;
    const QString summary = tr("%1 words, loss %2, %3 words/s.")
                                .arg(locale.toString(qint64(value("vocabulary"))), QString::number(value("loss"), 'f', 4),
                                     locale.toString(value("words_per_s"), 'f', 0));
    switch (o.status) {
    case RunStatus::Completed:
        return tr("Run %1 learned word vectors: %2").arg(o.runId).arg(summary) + QLatin1Char('\n') +
               tr("A model can start from them under Word vectors \"…\"; the Projector maps them.");
    case RunStatus::Stopped:
        return tr("Run %1 stopped after %2 words; its vectors so far are kept: %3")
            .arg(o.runId)
            .arg(locale.toString(o.steps), summary);
    default:
        return tr("Learning word vectors failed: %1").arg(coreText(o.message));
    }
}

QString TrainingPanel::vaeResultText() const
{
    const auto& o = m_session->outcome();
    const auto value = [&o](const char* key) {
        const auto it = o.validation.find(key);
        return it == o.validation.end() ? 0.0 : it->second;
    };
    const QLocale locale;
    QString text = o.status == RunStatus::Completed ? tr("Run %1 completed after %2 steps.").arg(o.runId).arg(o.steps)
                   : o.status == RunStatus::Stopped ? tr("Run %1 stopped at step %2.").arg(o.runId).arg(o.steps)
                                                    : tr("Training failed: %1").arg(coreText(o.message));
    if (o.status != RunStatus::Completed && o.status != RunStatus::Stopped)
        return text;
    text += QLatin1Char('\n') + tr("Validation ELBO %1 nats a sentence (reconstruction %2, KL %3), %4 active latent units.")
                                    .arg(locale.toString(value("elbo"), 'f', 2), locale.toString(value("reconstruction"), 'f', 2),
                                         locale.toString(value("kl"), 'f', 2))
                                    .arg(qRound(value("active_units")));
    if (value("iwae_nll") > 0)
        text += QLatin1Char('\n') + tr("Importance-weighted NLL %1 (perplexity %2).")
                                        .arg(locale.toString(value("iwae_nll"), 'f', 2), locale.toString(value("perplexity"), 'f', 2));
    if (!o.message.empty())
        text += QLatin1Char('\n') + tr("Warning: %1").arg(coreText(o.message));
    return text;
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
