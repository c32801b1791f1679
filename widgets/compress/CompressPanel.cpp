#include "common/CoreText.h"
#include "compress/CompressPanel.h"

#include "charts/ChartTypes.h"
#include "common/Feedback.h"
#include "report/RunSize.h"
#include "compress/SweepChart.h"
#include "compress/SweepPointsModel.h"
#include "store/RunStore.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

#include <map>

namespace lathe::gui {

namespace {
// Ranks a new user is offered: powers of two span small to wide models on a log axis.
const char* const kDefaultRanks = "2, 4, 8, 16, 32";
constexpr int kMaxFinetuneSteps = 5000;
// Entries of the value-kind combo.
constexpr int kRanks = 0, kBudgets = 1, kEnergy = 2;
// Energy curves with more ranks than this are drawn as plain lines.
constexpr int kMaxMarkedRanks = 16;
}  // namespace

CompressPanel::CompressPanel(QWidget* parent)
    : QWidget(parent), m_runs(new QComboBox(this)), m_plan(new QComboBox(this)), m_valueKind(new QComboBox(this)),
      m_values(new QLineEdit(QString::fromLatin1(kDefaultRanks), this)), m_finetune(new QSpinBox(this)),
      m_start(new QPushButton(tr("Start Sweep"), this)), m_cancel(new QPushButton(tr("Cancel"), this)),
      m_metric(new QComboBox(this)), m_progress(new QProgressBar(this)), m_tabs(new QTabWidget(this)),
      m_tradeoff(new SweepChart(tr("Quality vs parameters"), this)),
      m_perLayer(new SweepChart(tr("Sensitivity: one layer factorized at a time"), this)),
      m_spectra(new SweepChart(tr("Singular-value energy kept by rank"), this)), m_points(new SweepPointsModel(this)),
      m_sorted(new QSortFilterProxyModel(this)), m_table(new QTableView(this)),
      m_save(new QPushButton(tr("Save as Run"), this)), m_message(new QLabel(this)), m_size(new QLabel(this))
{
    setObjectName(QStringLiteral("compressPanel"));
    m_runs->setObjectName(QStringLiteral("compressRun"));
    m_runs->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_runs->setMinimumContentsLength(18);
    m_plan->addItem(tr("Uniform, global and measured"), static_cast<int>(Plan::UniformGlobalMeasured));
    m_plan->addItem(tr("Uniform and global"), static_cast<int>(Plan::UniformAndGlobal));
    m_plan->addItem(tr("Uniform rank"), static_cast<int>(Plan::Uniform));
    m_plan->addItem(tr("Global budget"), static_cast<int>(Plan::Global));
    m_plan->addItem(tr("Measured budget"), static_cast<int>(Plan::Measured));
    m_plan->addItem(tr("One layer at a time"), static_cast<int>(Plan::Layer));
    m_plan->setToolTip(tr("Uniform: every Linear layer truncated to the same rank.\n"
                          "Global: ranks allocated across layers by the singular-value energy each parameter buys, "
                          "under the parameter count uniform spends at each rank (or under each budget).\n"
                          "Measured: the same budgets, ranks chosen to keep the summed validation-loss increase "
                          "smallest, after probing every layer alone at ranks 1, 2, 4, …\n"
                          "One layer at a time: each layer alone at each rank, to see which layers are sensitive."));
    m_valueKind->addItems({tr("Ranks"), tr("Budgets (%)"), tr("Energy kept (%)")});
    m_valueKind->setToolTip(tr("Budgets are percentages of the Linear layers' weight parameters to keep.\n"
                               "Energy kept: each layer at the smallest rank keeping that share of its squared "
                               "singular values (uniform); the other plans spend the parameters that takes."));
    m_values->setObjectName(QStringLiteral("compressValues"));
    m_values->setToolTip(tr("Comma-separated, e.g. 2, 4, 8, 16 (ranks) or 25, 50 (budgets in %)"));
    m_finetune->setRange(0, kMaxFinetuneSteps);
    m_finetune->setSingleStep(10);
    m_finetune->setSuffix(tr(" steps"));
    m_finetune->setToolTip(tr("Fine-tune each factorized model on the training split for this many steps "
                              "(a tenth of the run's learning rate); the table shows accuracy before and after."));
    m_cancel->setEnabled(false);
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_size->setObjectName(QStringLiteral("runSize"));
    m_size->setWordWrap(true);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_save->setEnabled(false);
    m_save->setToolTip(tr("Rebuild the selected point (fine-tuned as the sweep did) and keep it as a new run "
                          "with its checkpoint, linked to this run"));

    m_tradeoff->setAxisTitles(tr("Parameters"), tr("Accuracy"));
    m_perLayer->setAxisTitles(tr("Rank"), tr("Accuracy"));
    m_perLayer->setLogX(true);
    m_spectra->setAxisTitles(tr("Rank"), tr("Energy kept (Σσ² share)"));
    m_spectra->setLogX(true);
    m_spectra->setUnitInterval(true);
    m_tabs->addTab(m_tradeoff, tr("Trade-off"));
    m_tabs->addTab(m_perLayer, tr("Per layer"));
    m_tabs->addTab(m_spectra, tr("Spectra"));
    auto* corner = new QWidget(this);
    auto* cornerLayout = new QHBoxLayout(corner);
    cornerLayout->setContentsMargins(0, 0, 4, 0);
    cornerLayout->addWidget(new QLabel(tr("Metric:"), corner));
    cornerLayout->addWidget(m_metric);
    m_tabs->setCornerWidget(corner);

    m_sorted->setSourceModel(m_points);
    m_sorted->setSortRole(Qt::UserRole);
    m_table->setModel(m_sorted);
    m_table->setSortingEnabled(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setAlternatingRowColors(true);

    auto* controls = new QGridLayout;
    controls->addWidget(new QLabel(tr("Run:"), this), 0, 0);
    controls->addWidget(m_runs, 0, 1, 1, 4);
    controls->addWidget(m_start, 0, 5);
    controls->addWidget(m_cancel, 0, 6);
    controls->addWidget(new QLabel(tr("Sweep:"), this), 1, 0);
    controls->addWidget(m_plan, 1, 1);
    controls->addWidget(m_valueKind, 1, 2);
    controls->addWidget(m_values, 1, 3);
    auto* finetune = new QHBoxLayout;
    finetune->addWidget(new QLabel(tr("Fine-tune:"), this));
    finetune->addWidget(m_finetune);
    controls->addLayout(finetune, 1, 4, 1, 3);
    controls->setColumnStretch(1, 1);
    controls->setColumnStretch(3, 2);
    auto* tableBox = new QWidget(this);
    auto* tableLayout = new QVBoxLayout(tableBox);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(m_table, 1);
    auto* tableButtons = new QHBoxLayout;
    tableButtons->addStretch(1);
    tableButtons->addWidget(m_save);
    tableLayout->addLayout(tableButtons);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_tabs);
    split->addWidget(tableBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setSizes({460, 260});
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_size);
    layout->addWidget(m_progress);
    layout->addWidget(split, 1);
    layout->addWidget(m_message);

    connect(m_start, &QPushButton::clicked, this, &CompressPanel::start);
    connect(m_cancel, &QPushButton::clicked, this, &CompressPanel::cancel);
    connect(m_runs, &QComboBox::currentIndexChanged, this, &CompressPanel::loadHistory);
    connect(m_runs, &QComboBox::activated, this, [this] { Q_EMIT runChosen(m_runs->currentData().toLongLong()); });
    connect(m_metric, &QComboBox::currentIndexChanged, this, &CompressPanel::redrawCharts);
    // The spectra do not depend on the metric.
    connect(m_tabs, &QTabWidget::currentChanged, this,
            [this, corner](int tab) { corner->setEnabled(m_tabs->widget(tab) != m_spectra); });
    connect(m_valueKind, &QComboBox::currentIndexChanged, this, [this](int kind) {
        m_values->setText(kind == kBudgets  ? QStringLiteral("10, 25, 50, 75")
                          : kind == kEnergy ? QStringLiteral("50, 80, 90, 95")
                                            : QString::fromLatin1(kDefaultRanks));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { m_save->setEnabled(m_table->selectionModel()->hasSelection() && !m_saveJob.isRunning()); });
    connect(m_save, &QPushButton::clicked, this, [this] {
        const auto rows = m_table->selectionModel()->selectedRows();
        if (!rows.isEmpty())
            saveRow(rows.front().row());
    });
    connect(&m_task, &SweepTask::spectraReady, this, &CompressPanel::onSpectra);
    connect(&m_task, &SweepTask::pointsReady, this, &CompressPanel::onPoints);
    connect(&m_task, &SweepTask::progress, this, [this](int done, int total) {
        if (total > 0) {
            m_progress->setRange(0, total);
            m_progress->setValue(done);
            m_progress->setFormat(tr("%1 of %2 points").arg(done).arg(total));
        }
    });
    connect(&m_task, &SweepTask::finished, this, &CompressPanel::onFinished);
    connect(&m_saveJob, &TaskNotifier::finished, this, [this] {
        const auto saved = m_saveJob.result();
        m_save->setEnabled(m_table->selectionModel()->hasSelection());
        if (!saved.error.isEmpty()) {
            setMessage(tr("Could not save the point: %1").arg(saved.error), true);
            return;
        }
        m_points->setSavedRun(saved.pointId, saved.runId);
        setMessage(tr("Saved as run #%1, a child of run #%2; it is in the Runs panel.").arg(saved.runId).arg(runId()));
        Q_EMIT runSaved(saved.runId);
    });
    fillMetrics();
    setMessage(tr("Choose a trained run and Start Sweep: each point replaces Linear layers by their truncated SVD "
                  "and is evaluated on the run's validation split."));
}

void CompressPanel::setStore(RunStore* store)
{
    m_store = store;
    refreshRuns();
}

void CompressPanel::refreshRuns()
{
    const auto current = m_runs->currentData();
    const QSignalBlocker block(m_runs);
    m_runs->clear();
    if (m_store)
        for (const auto& r : m_store->listRuns())
            if (r.status != RunStatus::Running && r.kind != "word-vectors" && r.kind != "vae")  // no model to factorize
                m_runs->addItem(tr("#%1 %2 (%3)").arg(r.id).arg(QString::fromStdString(r.name),
                                                               QString::fromStdString(r.model)),
                                QVariant::fromValue<qint64>(r.id));
    m_runs->setCurrentIndex(std::max(0, m_runs->findData(current)));
    if (m_runs->currentData() != current)
        loadHistory();
}

bool CompressPanel::setRun(qint64 id)
{
    if (m_runs->findData(QVariant::fromValue<qint64>(id)) < 0)
        refreshRuns();
    const int i = m_runs->findData(QVariant::fromValue<qint64>(id));
    if (i >= 0 && !isBusy())
        m_runs->setCurrentIndex(i);
    return i >= 0;
}

qint64 CompressPanel::runId() const { return m_runs->currentData().toLongLong(); }

void CompressPanel::setPlan(Plan plan) { m_plan->setCurrentIndex(m_plan->findData(static_cast<int>(plan))); }

void CompressPanel::setValues(const QString& text, bool budgets)
{
    m_valueKind->setCurrentIndex(budgets ? kBudgets : kRanks);
    m_values->setText(text);
}

void CompressPanel::setEnergyValues(const QString& text)
{
    m_valueKind->setCurrentIndex(kEnergy);
    m_values->setText(text);
}

void CompressPanel::setFinetuneSteps(int steps) { m_finetune->setValue(steps); }
bool CompressPanel::isBusy() const { return m_task.isRunning(); }
QString CompressPanel::message() const { return m_message->text(); }
QString CompressPanel::sizeText() const { return m_size->text(); }

void CompressPanel::showSize()
{
    const auto run = m_store && runId() > 0 ? m_store->run(runId()) : std::nullopt;
    if (!run) {
        m_size->clear();
        return;
    }
    const auto size = runSize(*run);
    const auto bytes = [&](int bits) { return QString::fromStdString(formatBytes(size.bytes(bits))); };
    QString text = tr("Size: %L1 parameters; %2 at fp32, %3 at bf16, %4 at int8")
                       .arg(static_cast<qlonglong>(size.parameters))
                       .arg(bytes(32), bytes(16), bytes(8));
    if (size.flopsPerToken > 0)
        text += tr("; %1 per token").arg(QString::fromStdString(formatFlops(size.flopsPerToken)));
    text += size.peakTrainBytes > 0
                ? tr("; %1 at the peak of a training step").arg(QString::fromStdString(formatBytes(size.peakTrainBytes)))
                : tr("; training-step peak memory not measured");
    m_size->setText(text);
}
void CompressPanel::setMessage(const QString& text, bool error) { setFeedback(*m_message, text, error); }

void CompressPanel::loadHistory()
{
    showSize();
    m_layerSpectra.clear();
    m_points->setReference({});
    m_points->setPoints({});
    if (!m_store || runId() <= 0) {
        fillMetrics();
        redrawCharts();
        return;
    }
    std::vector<SweepPoint> points;
    bool haveReference = false;
    try {
        auto sweeps = m_store->sweeps(runId());
        std::reverse(sweeps.begin(), sweeps.end());  // oldest first, as they were run
        for (const auto& s : sweeps) {
            if (s.referenceJson != "{}") {
                m_points->setReference(SweepPoint::fromJson(s.referenceJson));
                m_layerSpectra = spectraFromJson(s.spectraJson);
                haveReference = true;
            }
            for (const auto& rec : m_store->sweepPoints(s.id)) {
                auto p = SweepPoint::fromJson(rec.pointJson);
                p.id = rec.id;
                p.savedRunId = rec.savedRunId;
                points.push_back(std::move(p));
            }
        }
        setMessage(haveReference ? tr("%n point(s) from earlier sweeps of this run.", nullptr, int(points.size()))
                                 : tr("No sweeps of this run yet: Start Sweep to factorize it."));
    } catch (const std::exception& e) {
        setMessage(tr("Earlier sweeps of this run could not be read: %1").arg(coreErrorText(e)), true);
    }
    m_points->setPoints(std::move(points));
    fillMetrics();
    redrawCharts();
}

void CompressPanel::showBeforeColumn()
{
    bool any = false;
    for (const auto& p : m_points->points())
        any = any || !p.valBefore.empty();
    m_table->setColumnHidden(SweepPointsModel::Before, !any);
}

bool CompressPanel::start()
{
    if (isBusy())
        return false;
    if (!m_store || runId() <= 0) {
        setMessage(tr("Train a run first: the lab factorizes a trained run's checkpoint."), true);
        return false;
    }
    const bool budgets = m_valueKind->currentIndex() != kRanks;
    const bool energy = m_valueKind->currentIndex() == kEnergy;
    std::vector<int> ranks;
    std::vector<double> fractions;
    for (const auto& part : m_values->text().split(QRegularExpression(QStringLiteral("[,;\\s]+")), Qt::SkipEmptyParts)) {
        bool ok = false;
        if (budgets) {
            const double v = QLocale().toDouble(part, &ok);
            const double c = ok ? v : part.toDouble(&ok);
            if (!ok || c <= 0 || c > 100) {
                setMessage(energy ? tr("'%1' is not a share of energy: give percentages between 0 and 100, e.g. 50, 90.")
                                        .arg(part)
                                  : tr("'%1' is not a budget: give percentages between 0 and 100, e.g. 25, 50.").arg(part),
                           true);
                return false;
            }
            fractions.push_back(c / 100.0);
        } else {
            const int r = part.toInt(&ok);
            if (!ok || r <= 0) {
                setMessage(tr("'%1' is not a rank: give positive whole numbers, e.g. 4, 8, 16.").arg(part), true);
                return false;
            }
            ranks.push_back(r);
        }
    }
    if (ranks.empty() && fractions.empty()) {
        setMessage(tr("Give at least one rank or budget to sweep."), true);
        return false;
    }
    const auto plan = static_cast<Plan>(m_plan->currentData().toInt());
    if (plan == Plan::Layer && budgets) {
        setMessage(tr("One layer at a time sweeps ranks; choose Ranks, or another plan for budgets."), true);
        return false;
    }
    SweepSettings base;
    base.ranks = ranks;
    (energy ? base.energies : base.budgets) = fractions;
    base.finetuneSteps = m_finetune->value();
    base.threads = m_threads;
    std::vector<SweepSettings> sweeps;
    const auto add = [&](SweepMode mode) {
        auto s = base;
        s.mode = mode;
        sweeps.push_back(s);
    };
    switch (plan) {
    case Plan::UniformGlobalMeasured:
        add(SweepMode::Uniform);
        add(SweepMode::Global);
        add(SweepMode::Measured);
        break;
    case Plan::UniformAndGlobal:
        add(SweepMode::Uniform);
        add(SweepMode::Global);
        break;
    case Plan::Measured: add(SweepMode::Measured); break;
    case Plan::Uniform: add(SweepMode::Uniform); break;
    case Plan::Global: add(SweepMode::Global); break;
    case Plan::Layer: add(SweepMode::Layer); break;
    }
    if (!m_task.start(m_store, runId(), std::move(sweeps)))
        return false;
    m_progress->setRange(0, 0);
    m_progress->setFormat(tr("Decomposing the layers…"));
    setBusy(true);
    setMessage(tr("Sweeping run #%1…").arg(runId()));
    return true;
}

void CompressPanel::cancel()
{
    if (!isBusy())
        return;
    m_task.cancel();
    m_cancel->setEnabled(false);
    setMessage(tr("Cancelling after the point being evaluated…"));
}

void CompressPanel::setBusy(bool busy)
{
    m_start->setEnabled(!busy);
    m_cancel->setEnabled(busy);
    m_runs->setEnabled(!busy);
    m_progress->setVisible(busy);
}

void CompressPanel::onSpectra(const std::vector<LayerSpectrum>& spectra, const SweepPoint& reference)
{
    m_layerSpectra = spectra;
    const bool pairs = reference.val.count("exact_match") > 0;
    const bool kindChanged = m_points->pairs() != pairs ||
                             m_points->languageModel() != (!pairs && reference.val.count("perplexity") > 0);
    m_points->setReference(reference);
    if (kindChanged || m_metric->count() == 0)
        fillMetrics();
    redrawCharts();
}

void CompressPanel::onPoints(const std::vector<SweepPoint>& points)
{
    m_points->append(points);
    redrawCharts();
}

void CompressPanel::onFinished(bool cancelled, const QString& error, double seconds)
{
    setBusy(false);
    if (!error.isEmpty())
        setMessage(tr("The sweep stopped: %1").arg(error), true);
    else if (cancelled)
        setMessage(tr("Cancelled; the points evaluated so far are kept."));
    else
        setMessage(tr("Sweep finished in %1 s; every point is recorded with run #%2. Select a row and Save as Run "
                      "to keep it as a model.")
                       .arg(seconds, 0, 'f', 1)
                       .arg(runId()));
    Q_EMIT sweepFinished();
}

void CompressPanel::fillMetrics()
{
    const QSignalBlocker block(m_metric);
    const auto current = m_metric->currentData().toString();
    m_metric->clear();
    if (m_points->pairs()) {
        m_metric->addItem(tr("Exact match"), QStringLiteral("exact_match"));
        m_metric->addItem(tr("Token error rate"), QStringLiteral("token_error_rate"));
        m_metric->addItem(tr("BLEU"), QStringLiteral("bleu"));
        m_metric->addItem(tr("chrF"), QStringLiteral("chrf"));
    } else if (m_points->languageModel()) {
        m_metric->addItem(tr("Perplexity"), QStringLiteral("perplexity"));
    } else {
        m_metric->addItem(tr("Accuracy"), QStringLiteral("accuracy"));
        m_metric->addItem(tr("Macro-F1"), QStringLiteral("macro_f1"));
    }
    m_metric->addItem(tr("Validation loss"), QStringLiteral("loss"));
    m_metric->setCurrentIndex(std::max(0, m_metric->findData(current)));
}

std::string CompressPanel::metricKey() const { return m_metric->currentData().toString().toStdString(); }

void CompressPanel::redrawCharts()
{
    showBeforeColumn();
    const auto key = metricKey();
    const auto title = m_metric->currentText();
    // Shares in [0, 1]; a token error rate can pass 1 (an output running on to the length limit).
    const bool unit = key == "accuracy" || key == "macro_f1" || key == "exact_match";
    const auto valueOf = [&](const std::map<std::string, double>& val, double& out) {
        const auto it = val.find(key);
        if (it == val.end())
            return false;
        out = it->second;
        return true;
    };

    SweepCurve uniform{tr("Uniform rank"), {}, curveColor(0)};
    SweepCurve global{tr("Global allocation"), {}, curveColor(1)};
    SweepCurve uniformBefore{tr("Uniform, before fine-tuning"), {}, curveColor(0).lighter(140), true, true};
    SweepCurve globalBefore{tr("Global, before fine-tuning"), {}, curveColor(1).lighter(140), true, true};
    SweepCurve measured{tr("Measured allocation"), {}, curveColor(2)};
    SweepCurve energy{tr("Energy threshold"), {}, curveColor(3)};
    SweepCurve measuredBefore{tr("Measured, before fine-tuning"), {}, curveColor(2).lighter(140), true, true};
    // Layer -> rank -> value; a later measurement of the same layer and rank replaces an earlier one.
    std::map<std::string, std::map<int, double>> perLayer;
    for (const auto& p : m_points->points()) {
        double v = 0, before = 0;
        if (!valueOf(p.val, v))
            continue;
        const bool hasBefore = valueOf(p.valBefore, before);
        const QPointF at(static_cast<double>(p.params), v);
        if (p.mode == "uniform") {
            uniform.points.append(at);
            if (hasBefore)
                uniformBefore.points.append({at.x(), before});
        } else if (p.mode == "global") {
            global.points.append(at);
            if (hasBefore)
                globalBefore.points.append({at.x(), before});
        } else if (p.mode == "measured") {
            measured.points.append(at);
            if (hasBefore)
                measuredBefore.points.append({at.x(), before});
        } else if (p.mode == "energy") {
            energy.points.append(at);
        } else if (p.mode == "layer") {
            perLayer[p.layer][p.rank] = v;
        }
    }
    QList<SweepCurve> tradeoff;
    for (auto* c : {&uniform, &global, &measured, &energy, &uniformBefore, &globalBefore, &measuredBefore})
        if (!c->points.isEmpty())
            tradeoff.append(*c);
    m_tradeoff->setCurves(tradeoff);
    m_tradeoff->setAxisTitles(tr("Parameters"), title);
    m_tradeoff->setUnitInterval(unit);
    QList<SweepCurve> layers;
    for (const auto& [name, values] : perLayer) {
        SweepCurve c{QString::fromStdString(name), {}, curveColor(static_cast<int>(layers.size()))};
        for (const auto& [rank, v] : values)
            c.points.append({static_cast<double>(rank), v});
        layers.append(c);
    }
    m_perLayer->setCurves(layers);
    m_perLayer->setAxisTitles(tr("Rank"), title);
    m_perLayer->setUnitInterval(unit);

    double reference = std::numeric_limits<double>::quiet_NaN();
    if (valueOf(m_points->reference().val, reference)) {
        const auto label = tr("Unfactorized (%L1 parameters)").arg(static_cast<qlonglong>(m_points->reference().params));
        m_tradeoff->setReference(label, reference);
        m_perLayer->setReference(label, reference);
    } else {
        m_tradeoff->setReference({}, reference);
        m_perLayer->setReference({}, reference);
    }

    QList<SweepCurve> spectra;
    for (const auto& l : m_layerSpectra) {
        SweepCurve c{QString::fromStdString(l.name), {}, curveColor(static_cast<int>(spectra.size()))};
        for (int r = 1; r <= l.fullRank(); ++r)
            c.points.append({static_cast<double>(r), l.energy(r)});
        c.markers = l.fullRank() <= kMaxMarkedRanks;
        spectra.append(c);
    }
    m_spectra->setCurves(spectra);
}

void CompressPanel::saveRow(int row)
{
    if (m_saveJob.isRunning() || !m_store)
        return;
    const auto source = m_sorted->mapToSource(m_sorted->index(row, 0));
    if (!source.isValid())
        return;
    const auto& point = m_points->points()[static_cast<std::size_t>(source.row())];
    if (point.id <= 0)
        return;
    m_save->setEnabled(false);
    setMessage(tr("Saving %1 as a run…").arg(pointSetting(point)));
    m_saveJob.start([store = m_store, pointId = point.id]() {
        SaveResult r{pointId, 0, {}};
        try {
            r.runId = savePointAsRun(*store, pointId);
        } catch (const std::exception& e) {
            r.error = coreErrorText(e);
        }
        return r;
    });
}

}  // namespace lathe::gui
