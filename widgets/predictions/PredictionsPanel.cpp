#include "common/CoreText.h"
#include "predictions/PredictionsPanel.h"

#include "attention/InspectorCache.h"
#include "common/Feedback.h"
#include "inspect/RunExamples.h"
#include "predictions/AlignmentText.h"
#include "predictions/PredictionsModel.h"
#include "store/RunStore.h"

#include <QCheckBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace lathe::gui {

PredictionsPanel::PredictionsPanel(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(tr("Select a run in the Runs panel to see its predictions."), this)),
      m_misclassified(new QCheckBox(tr("Misclassified only"), this)), m_search(new QLineEdit(this)),
      m_clearCell(new QPushButton(this)), m_open(new QPushButton(tr("Open in Attention"), this)),
      m_table(new QTableView(this)), m_summary(new QLabel(this)), m_alignment(new QLabel(this)), m_message(new QLabel(this)),
      m_model(new PredictionsModel(this)), m_filter(new PredictionsFilter(this))
{
    setObjectName(QStringLiteral("predictionsPanel"));
    m_title->setWordWrap(true);
    m_message->setWordWrap(true);
    m_search->setPlaceholderText(tr("Filter by words in the text"));
    m_search->setClearButtonEnabled(true);
    m_clearCell->hide();
    m_open->setEnabled(false);
    m_open->setToolTip(tr("Show this example's attention (Transformer and GPT runs)"));
    m_filter->setSourceModel(m_model);
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(PredictionsModel::Loss, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(PredictionsModel::Text, QHeaderView::Stretch);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_misclassified);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_clearCell);
    bar->addWidget(m_open);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_alignment);
    layout->addWidget(m_summary);
    layout->addWidget(m_message);

    connect(m_misclassified, &QCheckBox::toggled, this, &PredictionsPanel::setMisclassifiedOnly);
    connect(m_search, &QLineEdit::textChanged, this, &PredictionsPanel::setSearch);
    connect(m_clearCell, &QPushButton::clicked, this, [this] { showCell(-1, -1); });
    connect(m_open, &QPushButton::clicked, this, &PredictionsPanel::openCurrent);
    connect(m_table, &QTableView::doubleClicked, this, &PredictionsPanel::openCurrent);
    m_alignment->setObjectName(QStringLiteral("alignment"));
    m_alignment->setTextFormat(Qt::RichText);
    m_alignment->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_alignment->hide();
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        m_open->setEnabled(m_table->selectionModel()->hasSelection());
        showAlignment();
    });
    connect(&m_watcher, &TaskNotifier::finished, this, &PredictionsPanel::onComputed);
}

void PredictionsPanel::setRun(qint64 runId)
{
    if (!m_store)
        return;
    const auto run = m_store->run(runId);
    const auto path = m_store->checkpointPath(runId);
    if (!run)
        return;
    const QFileInfo checkpoint(QString::fromStdString(path));
    const QString key = QStringLiteral("%1@%2").arg(runId).arg(checkpoint.lastModified().toMSecsSinceEpoch());
    m_title->setText(tr("Run %1 · %2 · validation split").arg(runId).arg(QString::fromStdString(run->name)));
    if (!checkpoint.exists()) {
        m_runId = runId;
        m_model->setPredictions({}, {}, {}, {});
        showAlignment();
        setFeedback(*m_message,
                    run->kind == "word-vectors"
                        ? tr("Run %1 is word vectors: it predicts nothing to list here; see its neighbours in the "
                             "Projector.").arg(runId)
                    : run->kind == "vae"
                        ? tr("Run %1 is a text VAE: sample, reconstruct and interpolate sentences in the Live panel's "
                             "Latent space box (or with lathe-cli vae).")
                              .arg(runId)
                        : tr("Run %1 has no checkpoint yet: it is saved at the first evaluation.").arg(runId),
                    true);
        return;
    }
    if (key == m_checkpointKey && m_runId == runId)
        return;  // already showing these predictions
    if (m_watcher.isRunning()) {
        m_pendingRun = runId;  // computed when the current one ends
        return;
    }
    m_runId = runId;
    m_pendingRun = 0;
    setFeedback(*m_message, tr("Predicting the validation split with run %1's checkpoint…").arg(runId));
    RunConfig config;
    try {
        config.mergeJson(run->configJson, "run");
    } catch (const std::exception& e) {
        setFeedback(*m_message, coreErrorText(e), true);
        return;
    }
    m_watcher.start([runId, key, config, path] {
        Reply r;
        r.runId = runId;
        r.checkpointKey = key;
        try {
            const auto examples = loadRunSplit(config, SplitPart::Validation);
            auto inspector = inspectorCache().open(path);
            if (inspector->sequenceToSequence()) {
                r.predictions = inspector->predictPairs(examples.texts, examples.targets);
                for (const auto& t : examples.targets)
                    r.targets.append(QString::fromStdString(t));
            } else {
                r.predictions = inspector->predict(examples.texts, examples.labels);
            }
            for (const auto& t : examples.texts)
                r.texts.append(QString::fromStdString(t));
            r.truth = examples.labels;
            for (const auto& c : inspector->classes())
                r.classes.append(QString::fromStdString(c));
        } catch (const std::exception& e) {
            r.error = coreErrorText(e);
        }
        return r;
    });
}

void PredictionsPanel::onComputed()
{
    auto r = m_watcher.result();
    if (r.error.isEmpty()) {
        m_checkpointKey = r.checkpointKey;
        m_model->setPredictions(std::move(r.texts), std::move(r.truth), std::move(r.predictions), std::move(r.classes),
                                std::move(r.targets));
        m_table->setColumnHidden(PredictionsModel::Truth, m_model->languageModel());
        m_table->setColumnHidden(PredictionsModel::Predicted, m_model->languageModel());
        m_table->setColumnHidden(PredictionsModel::Confidence, m_model->languageModel());
        m_misclassified->setEnabled(!m_model->languageModel());
        m_misclassified->setText(m_model->pairs() ? tr("Wrong outputs only") : tr("Misclassified only"));
        // The worst outputs first: the most token errors per reference token.
        m_table->sortByColumn(m_model->pairs() ? PredictionsModel::Confidence : PredictionsModel::Loss,
                              Qt::DescendingOrder);
        showAlignment();
        setFeedback(*m_message, {});
        if (m_pendingTruth >= 0)
            showCell(m_pendingTruth, m_pendingPredicted);
    } else {
        m_model->setPredictions({}, {}, {}, {});
        showAlignment();
        setFeedback(*m_message, r.error, true);
    }
    m_pendingTruth = m_pendingPredicted = -1;
    updateSummary();
    if (m_pendingRun > 0)
        setRun(m_pendingRun);
    Q_EMIT ready();
}

void PredictionsPanel::setMisclassifiedOnly(bool on)
{
    if (m_misclassified->isChecked() != on)
        m_misclassified->setChecked(on);
    m_filter->setMisclassifiedOnly(on);
    updateSummary();
}

void PredictionsPanel::showCell(int truth, int predicted)
{
    if (isBusy() && truth >= 0) {
        m_pendingTruth = truth;  // applied once the predictions arrive
        m_pendingPredicted = predicted;
        return;
    }
    m_filter->setCell(truth, predicted);
    m_clearCell->setVisible(truth >= 0);
    m_clearCell->setText(tr("True %1 · predicted %2 ✕").arg(m_model->classes().value(truth), m_model->classes().value(predicted)));
    m_clearCell->setToolTip(tr("Show all examples again"));
    updateSummary();
}

void PredictionsPanel::setSearch(const QString& text)
{
    if (m_search->text() != text)
        m_search->setText(text);
    m_filter->setSearch(text);
    updateSummary();
}

int PredictionsPanel::visibleRows() const { return m_filter->rowCount(); }
QString PredictionsPanel::summary() const { return m_summary->text(); }
QString PredictionsPanel::message() const { return m_message->text(); }

void PredictionsPanel::updateSummary()
{
    const int n = m_model->rowCount();
    if (n == 0) {
        m_summary->clear();
        return;
    }
    int wrong = 0;
    double loss = 0;
    for (int i = 0; i < n; ++i) {
        wrong += m_model->misclassified(i);
        loss += m_model->prediction(i).loss;
    }
    const QLocale locale;
    const auto shown = tr("%1 of %2 examples shown").arg(locale.toString(visibleRows()), locale.toString(n));
    if (m_model->pairs()) {
        qint64 errors = 0, tokens = 0;
        for (int i = 0; i < n; ++i) {
            errors += m_model->prediction(i).errors;
            tokens += m_model->prediction(i).referenceTokens();
        }
        m_summary->setText(tr("%1 · %2 wrong (%3%) · token error rate %4 · mean loss per token %5")
                               .arg(shown, locale.toString(wrong), locale.toString(100.0 * wrong / n, 'f', 1),
                                    locale.toString(tokens > 0 ? double(errors) / double(tokens) : 0.0, 'f', 4),
                                    locale.toString(loss / n, 'f', 4)));
        return;
    }
    m_summary->setText(m_model->languageModel()
                           ? tr("%1 · mean loss per token %2").arg(shown, locale.toString(loss / n, 'f', 4))
                           : tr("%1 · %2 misclassified (%3%) · mean loss %4")
                                 .arg(shown, locale.toString(wrong), locale.toString(100.0 * wrong / n, 'f', 1),
                                      locale.toString(loss / n, 'f', 4)));
}

void PredictionsPanel::showAlignment()
{
    const auto rows = m_table->selectionModel()->selectedRows();
    m_alignment->setVisible(m_model->pairs());
    if (!m_model->pairs())
        return;
    if (rows.isEmpty()) {
        m_alignment->setText(tr("Select an example to see its output aligned with its reference."));
        return;
    }
    const auto& p = m_model->prediction(m_filter->mapToSource(rows.front()).row());
    m_alignment->setText(alignmentHtml(p.referencePieces, p.outputPieces, p.ops));
}

QString PredictionsPanel::alignmentText() const { return m_alignment->isHidden() ? QString() : m_alignment->text(); }

void PredictionsPanel::openCurrent()
{
    const auto rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    Q_EMIT openInAttention(m_runId, m_model->text(m_filter->mapToSource(rows.front()).row()));
}

}  // namespace lathe::gui
