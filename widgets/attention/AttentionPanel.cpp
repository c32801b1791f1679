#include "common/CoreText.h"
#include "attention/AttentionPanel.h"

#include "attention/AttentionHeatmap.h"
#include "attention/HeadGrid.h"
#include "attention/InspectorCache.h"
#include "common/Feedback.h"
#include "store/RunStore.h"
#include "train/RunConfig.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QSlider>
#include <QSplitter>
#include <QStandardItemModel>
#include <QVBoxLayout>

namespace lathe::gui {

namespace {
// Examples offered in the list (the text box takes any other text).
constexpr int kExamplesListed = 500;
// Where a pairs example keeps its reference target in the example list.
constexpr int kTargetRole = Qt::UserRole + 1;

QComboBox* combo(QWidget* parent, const QStringList& items)
{
    auto* c = new QComboBox(parent);
    c->addItems(items);
    return c;
}
}  // namespace

AttentionPanel::AttentionPanel(QWidget* parent)
    : QWidget(parent), m_runs(new QComboBox(this)), m_steps(new QComboBox(this)),
      m_timeline(new QSlider(Qt::Horizontal, this)), m_examples(new QComboBox(this)), m_text(new QLineEdit(this)),
      m_part(combo(this, {tr("Encoder self-attention"), tr("Decoder self-attention"),
                          tr("Cross-attention (target ↓, source →)")})),
      m_view(combo(this, {tr("Single head"), tr("Mean over heads"), tr("Rollout across layers")})),
      m_compare(combo(this, {tr("No comparison"), tr("Another checkpoint"), tr("Another run")})),
      m_otherRuns(new QComboBox(this)), m_otherSteps(new QComboBox(this)),
      m_display(combo(this, {tr("Side by side"), tr("Difference (A − B)")})), m_export(new QPushButton(tr("Export PNG…"), this)),
      m_grid(new HeadGrid(this)), m_mapA(new AttentionHeatmap(this)), m_mapB(new AttentionHeatmap(this)),
      m_maps(new QWidget(this)), m_readout(new QLabel(this)), m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("attentionPanel"));
    m_runs->setObjectName(QStringLiteral("attentionRun"));
    m_runs->setMinimumContentsLength(18);
    m_runs->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_otherRuns->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_otherRuns->setMinimumContentsLength(14);
    m_examples->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_examples->setMinimumContentsLength(30);
    m_text->setPlaceholderText(tr("Type any text and press Enter"));
    m_timeline->setToolTip(tr("Scrub through the checkpoints kept during training"));
    m_view->setToolTip(tr("Rollout (Abnar & Zuidema, 2020) multiplies the layers' head-mean attention, "
                          "each mixed with the residual identity, up to the selected layer"));
    m_message->setWordWrap(true);
    m_readout->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_part->setObjectName(QStringLiteral("attentionPart"));
    m_part->setToolTip(tr("An encoder–decoder attends three ways: its encoder over the source, its decoder over the "
                          "target written so far, and its decoder over the source while writing each target token. "
                          "A validation example uses its reference target; typed text, the model's own output."));
    m_part->hide();

    auto* form = new QFormLayout;
    auto* runRow = new QHBoxLayout;
    runRow->addWidget(m_runs, 2);
    runRow->addWidget(new QLabel(tr("Checkpoint:"), this));
    runRow->addWidget(m_steps);
    runRow->addWidget(m_timeline, 1);
    form->addRow(tr("Run:"), runRow);
    auto* textRow = new QHBoxLayout;
    textRow->addWidget(m_examples, 1);
    textRow->addWidget(m_text, 1);
    form->addRow(tr("Example:"), textRow);
    auto* viewRow = new QHBoxLayout;
    viewRow->addWidget(m_part);
    viewRow->addWidget(m_view);
    viewRow->addSpacing(12);
    viewRow->addWidget(m_compare);
    viewRow->addWidget(m_otherRuns, 1);
    viewRow->addWidget(m_otherSteps);
    viewRow->addWidget(m_display);
    viewRow->addStretch();
    viewRow->addWidget(m_export);
    form->addRow(tr("View:"), viewRow);

    auto* mapsLayout = new QHBoxLayout(m_maps);
    mapsLayout->setContentsMargins(0, 0, 0, 0);
    mapsLayout->addWidget(m_mapA);
    mapsLayout->addWidget(m_mapB);
    m_mapB->hide();
    auto* gridScroll = new QScrollArea(this);
    gridScroll->setWidget(m_grid);
    gridScroll->setWidgetResizable(false);
    gridScroll->setMinimumWidth(220);
    auto* split = new QSplitter(Qt::Horizontal, this);
    split->addWidget(gridScroll);
    split->addWidget(m_maps);
    split->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(split, 1);
    layout->addWidget(m_readout);
    layout->addWidget(m_message);
    updateCompareControls();

    connect(m_runs, &QComboBox::activated, this, [this] {
        const auto id = m_runs->currentData().toLongLong();
        setRun(id);
        Q_EMIT runChosen(id);
    });
    connect(m_steps, &QComboBox::activated, this, [this](int i) {
        m_timeline->setValue(i);
        compute();
    });
    connect(m_timeline, &QSlider::valueChanged, this, [this](int i) {
        if (i != m_steps->currentIndex()) {
            m_steps->setCurrentIndex(i);
            compute();
        }
    });
    connect(m_examples, &QComboBox::activated, this, [this] { showText(m_examples->currentData().toString()); });
    connect(m_text, &QLineEdit::returnPressed, this, &AttentionPanel::compute);
    connect(m_view, &QComboBox::activated, this, &AttentionPanel::render);
    connect(m_part, &QComboBox::activated, this, &AttentionPanel::compute);
    connect(m_compare, &QComboBox::activated, this, [this] {
        updateCompareControls();
        compute();
    });
    connect(m_otherRuns, &QComboBox::activated, this, [this] {
        fillSteps(m_otherSteps, m_otherRuns->currentData().toLongLong(), -1);
        compute();
    });
    connect(m_otherSteps, &QComboBox::activated, this, &AttentionPanel::compute);
    connect(m_display, &QComboBox::activated, this, &AttentionPanel::render);
    connect(m_grid, &HeadGrid::headChosen, this, [this](int l, int h) { selectHead(l, h); });
    connect(m_mapA, &AttentionHeatmap::selectionChanged, m_mapB, [this](const QList<int>& t) {
        if (m_mapB->hasMap() && m_mapB->selectedTokens() != t)
            m_mapB->setSelectedTokens(t);
    });
    connect(m_mapB, &AttentionHeatmap::selectionChanged, m_mapA, [this](const QList<int>& t) {
        if (m_mapA->selectedTokens() != t)
            m_mapA->setSelectedTokens(t);
    });
    connect(m_mapA, &AttentionHeatmap::hovered, m_readout, &QLabel::setText);
    connect(m_mapB, &AttentionHeatmap::hovered, m_readout, &QLabel::setText);
    connect(m_export, &QPushButton::clicked, this, [this] {
        const auto path = QFileDialog::getSaveFileName(this, tr("Export Attention"), QStringLiteral("attention.png"),
                                                       tr("PNG images (*.png)"));
        if (!path.isEmpty() && !exportImage(path))
            setMessage(tr("Could not write %1. Check that the folder exists and is writable.").arg(path), true);
    });
    connect(&m_job, &TaskNotifier::finished, this, &AttentionPanel::onComputed);
    connect(&m_examplesJob, &TaskNotifier::finished, this, &AttentionPanel::onExamples);
}

void AttentionPanel::setStore(RunStore* store)
{
    m_store = store;
    refreshRuns();
}

void AttentionPanel::refreshRuns()
{
    const auto current = m_runs->currentData(), other = m_otherRuns->currentData();
    m_runs->clear();
    m_otherRuns->clear();
    if (!m_store)
        return;
    for (const auto& r : m_store->listRuns()) {
        // Encoder–decoders: the Transformer's three attentions, the LSTM's cross-attention.
        if (r.model != "transformer" && r.model != "gpt" && r.model != "mlm" && !isSequenceToSequence(r.model))
            continue;
        const auto label = tr("#%1 %2 (%3)").arg(r.id).arg(QString::fromStdString(r.name), QString::fromStdString(r.model));
        m_runs->addItem(label, QVariant::fromValue<qint64>(r.id));
        m_otherRuns->addItem(label, QVariant::fromValue<qint64>(r.id));
    }
    m_runs->setCurrentIndex(std::max(0, m_runs->findData(current)));
    m_otherRuns->setCurrentIndex(std::max(0, m_otherRuns->findData(other)));
}

qint64 AttentionPanel::runId() const { return m_runs->currentData().toLongLong(); }

QList<qint64> AttentionPanel::timeline() const
{
    QList<qint64> steps;
    for (int i = 0; i < m_steps->count(); ++i)
        steps.append(m_steps->itemData(i).toLongLong());
    return steps;
}

void AttentionPanel::fillSteps(QComboBox* stepCombo, qint64 runId, qint64 select)
{
    stepCombo->clear();
    if (!m_store || runId <= 0)
        return;
    for (const auto& [step, path] : m_store->checkpointTimeline(runId))
        stepCombo->addItem(tr("step %1").arg(step), QVariant::fromValue<qint64>(step));
    const int found = stepCombo->findData(QVariant::fromValue<qint64>(select));
    stepCombo->setCurrentIndex(found >= 0 ? found : stepCombo->count() - 1);
}

bool AttentionPanel::setRun(qint64 id)
{
    if (!m_store)
        return false;
    if (m_runs->findData(QVariant::fromValue<qint64>(id)) < 0)
        refreshRuns();
    const int index = m_runs->findData(QVariant::fromValue<qint64>(id));
    if (index < 0) {
        setMessage(tr("Run %1 has no attention to show: pick a Transformer, GPT, masked LM or encoder–decoder run.").arg(id), true);
        return false;
    }
    m_runs->setCurrentIndex(index);
    fillSteps(m_steps, id, -1);
    m_timeline->setRange(0, std::max(0, m_steps->count() - 1));
    m_timeline->setValue(m_steps->currentIndex());
    m_timeline->setEnabled(m_steps->count() > 1);
    if (m_otherSteps->count() == 0 || m_compare->currentIndex() == static_cast<int>(Compare::Checkpoint))
        updateCompareControls();
    const auto run = m_store->run(id);
    if (!run || m_steps->count() == 0) {
        setMessage(tr("Run %1 has no checkpoint yet: it is saved at the first evaluation.").arg(id), true);
        return false;
    }
    RunConfig config;
    try {
        config.mergeJson(run->configJson, "run");
    } catch (const std::exception& e) {
        setMessage(coreErrorText(e), true);
        return false;
    }
    updatePartControls(config.model.family);
    m_examples->clear();
    m_examples->addItem(tr("Loading validation examples…"));
    m_examplesJob.start([id, config] {
        ExamplesReply r;
        r.runId = id;
        try {
            r.examples = loadRunSplit(config, SplitPart::Validation);
        } catch (const std::exception& e) {
            r.error = coreErrorText(e);
        }
        return r;
    });
    if (!m_text->text().isEmpty())
        compute();
    return true;
}

void AttentionPanel::onExamples()
{
    const auto r = m_examplesJob.result();
    if (r.runId != runId())
        return;
    m_examples->clear();
    if (!r.error.isEmpty()) {
        m_examples->addItem(tr("(validation split unavailable)"));
        setMessage(tr("%1\nType a text instead.").arg(r.error), true);
        return;
    }
    const auto& ex = r.examples;
    for (std::size_t i = 0; i < ex.texts.size() && i < static_cast<std::size_t>(kExamplesListed); ++i) {
        const auto text = QString::fromStdString(ex.texts[i]);
        const auto label = ex.labels.empty() ? QString() : QString::fromStdString(ex.classes[static_cast<std::size_t>(ex.labels[i])]);
        if (i < ex.targets.size()) {
            // Pairs: the reference target is what the decoder reads for this example.
            const auto target = QString::fromStdString(ex.targets[i]);
            m_examples->addItem(QStringLiteral("%1 → %2").arg(text, target), text);
            m_examples->setItemData(m_examples->count() - 1, target, kTargetRole);
            continue;
        }
        m_examples->addItem(label.isEmpty() ? text : QStringLiteral("[%1] %2").arg(label, text), text);
    }
    if (m_text->text().isEmpty() && m_examples->count() > 0)
        showText(m_examples->itemData(0).toString());
}

void AttentionPanel::setStep(qint64 step)
{
    const int i = m_steps->findData(QVariant::fromValue<qint64>(step));
    if (i < 0)
        return;
    m_steps->setCurrentIndex(i);
    m_timeline->setValue(i);
    compute();
}

void AttentionPanel::showText(const QString& text)
{
    m_text->setText(text);
    compute();
}

QString AttentionPanel::text() const { return m_text->text(); }

void AttentionPanel::setView(View view)
{
    m_view->setCurrentIndex(static_cast<int>(view));
    render();
}

void AttentionPanel::selectHead(int layer, int head)
{
    m_layer = layer;
    m_head = head;
    m_grid->setCurrent(layer, head);
    render();
}

void AttentionPanel::setCompare(Compare mode, qint64 otherRun, qint64 otherStep)
{
    m_compare->setCurrentIndex(static_cast<int>(mode));
    updateCompareControls();
    if (mode == Compare::Run) {
        m_otherRuns->setCurrentIndex(std::max(0, m_otherRuns->findData(QVariant::fromValue<qint64>(otherRun))));
        fillSteps(m_otherSteps, m_otherRuns->currentData().toLongLong(), otherStep);
    } else if (mode == Compare::Checkpoint && otherStep >= 0) {
        m_otherSteps->setCurrentIndex(std::max(0, m_otherSteps->findData(QVariant::fromValue<qint64>(otherStep))));
    }
    compute();
}

void AttentionPanel::setDifference(bool on)
{
    m_display->setCurrentIndex(on ? 1 : 0);
    render();
}

void AttentionPanel::updatePartControls(const std::string& family)
{
    m_part->setVisible(isSequenceToSequence(family));
    // The LSTM encoder–decoder attends only across, from its decoder to the source.
    const bool lstm = family == "lstm-seq2seq";
    for (int i : {0, 1})
        if (auto* item = qobject_cast<QStandardItemModel*>(m_part->model())->item(i))
            item->setEnabled(!lstm);
    if (lstm)
        m_part->setCurrentIndex(static_cast<int>(AttentionPart::Cross));
}

void AttentionPanel::setPart(AttentionPart part)
{
    m_part->setCurrentIndex(static_cast<int>(part));
    compute();
}

AttentionPart AttentionPanel::part() const
{
    return m_part->isHidden() ? AttentionPart::Encoder : static_cast<AttentionPart>(m_part->currentIndex());
}

void AttentionPanel::updateCompareControls()
{
    const auto mode = static_cast<Compare>(m_compare->currentIndex());
    m_otherRuns->setVisible(mode == Compare::Run);
    m_otherSteps->setVisible(mode != Compare::None);
    m_display->setVisible(mode != Compare::None);
    if (mode == Compare::Checkpoint)
        fillSteps(m_otherSteps, runId(), timeline().isEmpty() ? -1 : timeline().front());
    else if (mode == Compare::Run)
        fillSteps(m_otherSteps, m_otherRuns->currentData().toLongLong(), -1);
}

bool AttentionPanel::isBusy() const { return m_job.isRunning() || m_examplesJob.isRunning() || m_pending; }

QString AttentionPanel::message() const { return m_message->text(); }

void AttentionPanel::setMessage(const QString& text, bool error) { setFeedback(*m_message, text, error); }

QString AttentionPanel::checkpointPath(QComboBox* runCombo, QComboBox* stepCombo) const
{
    const qint64 id = runCombo->currentData().toLongLong();
    const qint64 step = stepCombo->currentData().toLongLong();
    if (!m_store || id <= 0 || stepCombo->currentIndex() < 0)
        return {};
    for (const auto& [s, path] : m_store->checkpointTimeline(id))
        if (s == step)
            return QString::fromStdString(path);
    return {};
}

void AttentionPanel::compute()
{
    if (m_job.isRunning()) {
        m_pending = true;  // the latest request runs when this one ends
        return;
    }
    m_pending = false;
    const auto pathA = checkpointPath(m_runs, m_steps);
    const auto mode = static_cast<Compare>(m_compare->currentIndex());
    const auto pathB = mode == Compare::None ? QString()
                       : checkpointPath(mode == Compare::Run ? m_otherRuns : m_runs, m_otherSteps);
    if (pathA.isEmpty() || m_text->text().isEmpty())
        return;
    const auto text = m_text->text().toStdString();
    // A validation example of pairs: its reference target (the same for every checkpoint and run
    // compared); typed text: each model's own output.
    const int example = m_examples->findData(m_text->text());
    const auto target = example >= 0 ? m_examples->itemData(example, kTargetRole).toString().toStdString() : std::string();
    const auto part = this->part();
    setMessage(tr("Computing attention…"));
    m_job.start([a = pathA.toStdString(), b = pathB.toStdString(), text, part, target] {
        Reply r;
        try {
            r.a = inspectorCache().open(a)->attention(text, part, target);
            if (!b.empty()) {
                r.b = inspectorCache().open(b)->attention(text, part, target);
                r.compared = true;
            }
        } catch (const std::exception& e) {
            r.error = coreErrorText(e);
        }
        return r;
    });
}

void AttentionPanel::onComputed()
{
    const auto r = m_job.result();
    if (r.error.isEmpty()) {
        m_a = r.a;
        m_b = r.b;
        m_compared = r.compared;
        setMessage({});
        render();
    } else {
        setMessage(r.error, true);
    }
    if (m_pending)
        compute();
    Q_EMIT ready();
}

}  // namespace lathe::gui
