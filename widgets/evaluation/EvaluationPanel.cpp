#include "common/CoreText.h"
#include "evaluation/EvaluationPanel.h"
#include "evaluation/VectorsEvalView.h"

#include "common/Feedback.h"
#include "evaluation/ConfusionMatrixView.h"
#include "store/RunStore.h"
#include "train/Inference.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lathe::gui {

EvaluationPanel::EvaluationPanel(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(tr("Select a classifier or word-vectors run in the Runs panel."), this)),
      m_overall(new QLabel(this)), m_matrix(new ConfusionMatrixView(this)), m_perClass(new QTableWidget(this)),
      m_evaluate(new QPushButton(tr("Evaluate on File…"), this)),
      m_openVectors(new QPushButton(tr("Word Vectors File…"), this)), m_pages(new QStackedWidget(this)),
      m_vectors(new VectorsEvalView(this)), m_message(new QLabel(this))
{
    m_title->setWordWrap(true);
    m_overall->setWordWrap(true);
    m_overall->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setWordWrap(true);
    m_evaluate->setToolTip(tr("Run this run's checkpoint on every example of another dataset file"));
    m_evaluate->setEnabled(false);
    m_perClass->setColumnCount(5);
    m_perClass->setHorizontalHeaderLabels({tr("Class"), tr("Precision"), tr("Recall"), tr("F1"), tr("Support")});
    m_perClass->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_perClass->verticalHeader()->hide();
    m_perClass->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_perClass->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_perClass->setMinimumWidth(380);
    m_perClass->setAlternatingRowColors(true);

    m_openVectors->setObjectName(QStringLiteral("openVectorsFile"));
    m_openVectors->setToolTip(tr("Score word vectors from a file (GloVe, word2vec or fastText text, or word2vec "
                                 "binary) on word pairs and analogies"));
    auto* top = new QHBoxLayout;
    top->addWidget(m_title, 1);
    top->addWidget(m_openVectors);
    top->addWidget(m_evaluate);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(m_matrix);
    split->addWidget(m_perClass);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    auto* report = new QWidget(this);
    auto* reportLayout = new QVBoxLayout(report);
    reportLayout->setContentsMargins(0, 0, 0, 0);
    reportLayout->addWidget(m_overall);
    reportLayout->addWidget(split, 1);
    m_pages->addWidget(report);
    m_pages->addWidget(m_vectors);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_pages, 1);
    layout->addWidget(m_message);
    connect(m_openVectors, &QPushButton::clicked, this, [this] {
        const auto path = QFileDialog::getOpenFileName(this, tr("Word Vectors"), QString(),
                                                       tr("Word vectors (*.txt *.vec *.bin);;All files (*)"));
        if (!path.isEmpty())
            showVectorsFile(path);
    });

    connect(m_evaluate, &QPushButton::clicked, this, &EvaluationPanel::chooseFile);
    connect(&m_watcher, &TaskNotifier::finished, this, &EvaluationPanel::onEvaluated);
    connect(m_matrix, &ConfusionMatrixView::cellClicked, this, [this](int truth, int predicted) {
        if (m_showingValidation)
            Q_EMIT examplesRequested(m_runId, truth, predicted);
        else
            setMessage(tr("The Predictions panel lists the validation split; this matrix is from another file."), true);
    });
}

void EvaluationPanel::setRun(qint64 runId)
{
    if (!m_store || m_busy)
        return;
    const auto run = m_store->run(runId);
    if (!run)
        return;
    m_runId = runId;
    setMessage({});
    m_title->setText(tr("Run %1 · %2").arg(runId).arg(QString::fromStdString(run->name)));
    const bool classifier = run->kind == "classifier";
    m_evaluate->setEnabled(classifier);
    const auto evaluation = m_store->latestEvaluation(runId, "validation");
    m_pages->setCurrentIndex(run->kind == "word-vectors" ? 1 : 0);
    if (run->kind == "word-vectors") {
        m_title->setText(tr("Run %1 · %2 · word vectors").arg(runId).arg(QString::fromStdString(run->name)));
        m_vectors->setRun(m_store, runId);
    } else if (run->kind == "vae") {
        showReport({}, {});
        m_overall->setText(tr("A text VAE: see its ELBO, reconstruction, KL and active latent units in the Live panel."));
    } else if (run->kind == "seq2seq") {
        showReport({}, {});
        m_overall->setText(tr("An encoder–decoder: see its exact match, error rates, BLEU and chrF in the Live "
                              "panel, and score another file with lathe-cli eval."));
    } else if (!classifier) {
        showReport({}, {});
        m_overall->setText(tr("A language model: see its perplexity in the Live panel."));
    } else if (!evaluation) {
        showReport({}, {});
        m_overall->setText(tr("This run has no evaluation yet; one is recorded at each evaluation step."));
    } else {
        showReport(QString::fromStdString(evaluation->reportJson),
                   tr("validation split, step %1").arg(QLocale().toString(evaluation->step)));
    }
    m_showingValidation = classifier && evaluation.has_value();
}

void EvaluationPanel::showReport(const QString& reportJson, const QString& source)
{
    const auto j = QJsonDocument::fromJson(reportJson.toUtf8()).object();
    m_matrix->setReport(j);
    const auto classes = j.value(QStringLiteral("classes")).toArray();
    const auto perClass = j.value(QStringLiteral("per_class")).toArray();
    m_perClass->setRowCount(int(perClass.size()));
    const QLocale locale;
    for (int i = 0; i < perClass.size(); ++i) {
        const auto m = perClass[i].toObject();
        const QString cells[] = {classes.at(i).toString(), locale.toString(m.value(QStringLiteral("precision")).toDouble(), 'f', 3),
                                 locale.toString(m.value(QStringLiteral("recall")).toDouble(), 'f', 3),
                                 locale.toString(m.value(QStringLiteral("f1")).toDouble(), 'f', 3),
                                 locale.toString(qint64(m.value(QStringLiteral("support")).toDouble()))};
        for (int c = 0; c < 5; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c > 0)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_perClass->setItem(i, c, item);
        }
    }
    if (j.isEmpty()) {
        m_overall->clear();
        return;
    }
    const auto macro = j.value(QStringLiteral("macro")).toObject();
    const auto weighted = j.value(QStringLiteral("weighted")).toObject();
    m_overall->setText(tr("%1: %2 examples · accuracy %3 · macro precision %4, recall %5, F1 %6 · weighted F1 %7")
                           .arg(source, locale.toString(qint64(j.value(QStringLiteral("total")).toDouble())),
                                locale.toString(j.value(QStringLiteral("accuracy")).toDouble(), 'f', 3),
                                locale.toString(macro.value(QStringLiteral("precision")).toDouble(), 'f', 3),
                                locale.toString(macro.value(QStringLiteral("recall")).toDouble(), 'f', 3),
                                locale.toString(macro.value(QStringLiteral("f1")).toDouble(), 'f', 3),
                                locale.toString(weighted.value(QStringLiteral("f1")).toDouble(), 'f', 3)));
}

void EvaluationPanel::showVectorsFile(const QString& path)
{
    m_pages->setCurrentIndex(1);
    m_evaluate->setEnabled(false);
    m_showingValidation = false;
    m_title->setText(tr("Word vectors from %1").arg(QFileInfo(path).fileName()));
    setMessage({});
    m_vectors->setVectorsFile(path);
}

bool EvaluationPanel::showsVectors() const
{
    return m_pages->currentIndex() == 1;
}

void EvaluationPanel::chooseFile()
{
    const auto path = QFileDialog::getOpenFileName(this, tr("Evaluate on Dataset"), QString(),
                                                   tr("Datasets (*.csv *.tsv *.jsonl *.txt);;All files (*)"));
    if (!path.isEmpty())
        evaluateFile(path);
}

void EvaluationPanel::evaluateFile(const QString& path)
{
    if (!m_store || !m_runId || m_busy)
        return;
    const QString checkpoint = QString::fromStdString(m_store->checkpointPath(m_runId));
    if (!QFileInfo::exists(checkpoint)) {
        setMessage(tr("Run %1 has no checkpoint to evaluate.").arg(m_runId), true);
        return;
    }
    m_busy = true;
    m_evaluate->setEnabled(false);
    setMessage(tr("Evaluating run %1 on %2…").arg(m_runId).arg(QFileInfo(path).fileName()));
    DataConfig data;
    data.path = path.toStdString();
    m_watcher.start([checkpoint = checkpoint.toStdString(), data]() -> Result {
        Result r;
        r.dataset = QString::fromStdString(data.path);
        try {
            const auto e = evaluateCheckpoint(checkpoint, data, 0);
            r.examples = e.examples;
            r.loss = e.loss;
            r.precision = QString::fromStdString(e.precision);
            r.tokensPerSecond = e.tokensPerSecond;
            if (e.report)
                r.reportJson = QString::fromStdString(e.report->toJson(e.classes));
        } catch (const std::exception& e) {
            r.error = coreErrorText(e);
        }
        return r;
    });
}

void EvaluationPanel::onEvaluated()
{
    m_busy = false;
    m_evaluate->setEnabled(true);
    const Result r = m_watcher.result();
    if (!r.error.isEmpty()) {
        setMessage(tr("Could not evaluate: %1").arg(r.error), true);
    } else {
        // Recorded like `lathe-cli eval` does, under the file's path.
        m_store->addEvaluation({m_runId, 0, r.dataset.toStdString(), r.reportJson.toStdString(), 0});
        m_store->flush();
        showReport(r.reportJson, QFileInfo(r.dataset).fileName());
        m_showingValidation = false;
        const QLocale locale;
        setMessage(tr("Evaluated on %1: loss %2 (%3 matmuls, %4 tokens/s).")
                       .arg(r.dataset, locale.toString(r.loss, 'f', 4), r.precision,
                            locale.toString(qRound64(r.tokensPerSecond))));
    }
    Q_EMIT evaluated();
}

void EvaluationPanel::setMessage(const QString& text, bool error)
{
    setFeedback(*m_message, text, error);
}

QString EvaluationPanel::overallText() const
{
    return m_overall->text();
}

QString EvaluationPanel::message() const
{
    return m_message->text();
}

}  // namespace lathe::gui
