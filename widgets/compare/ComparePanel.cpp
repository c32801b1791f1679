#include "compare/ComparePanel.h"

#include "charts/ChartControls.h"
#include "charts/MetricChart.h"
#include "common/Feedback.h"
#include "compare/CompareTables.h"
#include "evaluation/ConfusionMatrixView.h"
#include "report/RunReports.h"
#include "store/RunStore.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <fstream>

namespace lathe::gui {

ComparePanel::ComparePanel(QWidget* parent)
    : QWidget(parent), m_title(new QLabel(tr("Select two or more runs in the Runs panel and press Compare."), this)),
      m_controls(new ChartControls(this)), m_grid(new QGridLayout), m_showAll(new QCheckBox(tr("Show all keys"), this)),
      m_configTable(new QTableWidget(this)), m_statistic(new QComboBox(this)), m_step(new QSpinBox(this)),
      m_metricsTable(new QTableWidget(this)), m_configRun(new QComboBox(this)), m_message(new QLabel(this))
{
    m_title->setWordWrap(true);
    m_statistic->addItem(tr("Last"), int(MetricStatistic::Last));
    m_statistic->addItem(tr("Best"), int(MetricStatistic::Best));
    m_statistic->addItem(tr("Minimum"), int(MetricStatistic::Min));
    m_statistic->addItem(tr("Maximum"), int(MetricStatistic::Max));
    m_statistic->addItem(tr("At step"), int(MetricStatistic::AtStep));
    m_step->setRange(0, 2'000'000'000);
    m_step->setGroupSeparatorShown(true);
    m_step->setEnabled(false);
    for (auto* t : {m_configTable, m_metricsTable}) {
        t->setEditTriggers(QAbstractItemView::NoEditTriggers);
        t->setAlternatingRowColors(true);
        t->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    }
    m_configRun->setObjectName(QStringLiteral("compareConfigRun"));
    m_configRun->setToolTip(tr("The run whose configuration Copy as Config puts on the clipboard"));

    auto* charts = new QWidget;
    charts->setLayout(m_grid);
    auto* scroll = new QScrollArea;
    scroll->setWidget(charts);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* curves = new QWidget;
    auto* curvesLayout = new QVBoxLayout(curves);
    curvesLayout->addWidget(m_controls);
    curvesLayout->addWidget(scroll, 1);

    auto* config = new QWidget;
    auto* configLayout = new QVBoxLayout(config);
    configLayout->addWidget(m_showAll);
    configLayout->addWidget(m_configTable, 1);

    auto* metrics = new QWidget;
    auto* statRow = new QHBoxLayout;
    statRow->addWidget(new QLabel(tr("Value:"), this));
    statRow->addWidget(m_statistic);
    statRow->addWidget(m_step);
    statRow->addStretch(1);
    auto* metricsLayout = new QVBoxLayout(metrics);
    metricsLayout->addLayout(statRow);
    metricsLayout->addWidget(m_metricsTable, 1);

    m_confusionGrid = new QGridLayout;
    auto* confusions = new QWidget;
    confusions->setLayout(m_confusionGrid);
    auto* confusionScroll = new QScrollArea;
    confusionScroll->setWidget(confusions);
    confusionScroll->setWidgetResizable(true);
    confusionScroll->setFrameShape(QFrame::NoFrame);

    auto* tabs = new QTabWidget(this);
    tabs->addTab(curves, tr("Curves"));
    tabs->addTab(config, tr("Configuration"));
    tabs->addTab(metrics, tr("Metrics"));
    tabs->addTab(confusionScroll, tr("Confusion Matrices"));

    auto* exportCharts = new QPushButton(tr("Export Charts…"), this);
    auto* exportTables = new QPushButton(tr("Export Tables…"), this);
    auto* exportHistory = new QPushButton(tr("Export History…"), this);
    auto* copy = new QPushButton(tr("Copy as Config"), this);
    auto* inspect = new QPushButton(tr("Inspect"), this);
    inspect->setObjectName(QStringLiteral("inspectButton"));
    inspect->setToolTip(tr("Make this run the current run: Evaluation, Predictions, Attention, Projector and "
                           "Compress show it (double-clicking a run's column does the same)"));
    exportHistory->setToolTip(tr("Every logged point of every compared run, in one CSV"));
    copy->setToolTip(tr("The run's full configuration (seed included) as JSON, for lathe-cli train --config or "
                        "Paste Config in the Model & Training panel"));
    auto* actions = new QHBoxLayout;
    actions->addWidget(exportCharts);
    actions->addWidget(exportTables);
    actions->addWidget(exportHistory);
    actions->addStretch(1);
    actions->addWidget(m_configRun);
    actions->addWidget(inspect);
    actions->addWidget(copy);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(tabs, 1);
    layout->addLayout(actions);
    layout->addWidget(m_message);

    connect(m_controls, &ChartControls::optionsChanged, this, [this](const ChartOptions& o) {
        for (auto* c : std::as_const(m_charts))
            c->setOptions(o);
    });
    connect(m_controls, &ChartControls::resetViewRequested, this, [this] {
        for (auto* c : std::as_const(m_charts))
            c->resetView();
    });
    connect(m_showAll, &QCheckBox::toggled, this, &ComparePanel::fillConfigTable);
    connect(m_statistic, &QComboBox::currentIndexChanged, this, [this] {
        m_step->setEnabled(MetricStatistic(m_statistic->currentData().toInt()) == MetricStatistic::AtStep);
        fillMetricsTable();
    });
    connect(m_step, &QSpinBox::valueChanged, this, &ComparePanel::fillMetricsTable);
    connect(exportCharts, &QPushButton::clicked, this, &ComparePanel::chooseChartExport);
    connect(exportTables, &QPushButton::clicked, this, &ComparePanel::chooseTableExport);
    connect(exportHistory, &QPushButton::clicked, this, &ComparePanel::chooseHistoryExport);
    connect(copy, &QPushButton::clicked, this, &ComparePanel::copyConfig);
    connect(inspect, &QPushButton::clicked, this, [this] {
        if (const auto id = m_configRun->currentData().toLongLong(); id > 0)
            Q_EMIT inspectRequested(id);
    });
    for (auto* table : {m_configTable, m_metricsTable})
        connect(table->horizontalHeader(), &QHeaderView::sectionDoubleClicked, this, [this](int column) {
            if (column >= 0 && column < m_runs.size())
                Q_EMIT inspectRequested(m_runs[column].id);
        });
}

void ComparePanel::setRuns(const QList<qint64>& runIds)
{
    if (!m_store)
        return;
    m_runs = loadComparedRuns(*m_store, runIds);
    QStringList names;
    m_configRun->clear();
    for (const auto& r : std::as_const(m_runs)) {
        names << QStringLiteral("#%1 %2").arg(r.id).arg(r.name);
        m_configRun->addItem(QStringLiteral("#%1 %2").arg(r.id).arg(r.name), r.id);
    }
    m_title->setText(tr("Comparing %n run(s): %1", nullptr, int(m_runs.size())).arg(names.join(QStringLiteral(", "))));
    rebuildCharts();
    fillConfigTable();
    fillMetricsTable();
    fillConfusions();
}

void ComparePanel::fillConfusions()
{
    qDeleteAll(m_confusionGrid->parentWidget()->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly));
    m_confusions.clear();
    int i = 0;
    for (const auto& run : std::as_const(m_runs)) {
        const auto evaluation = m_store->latestEvaluation(run.id, "validation");
        if (!evaluation)
            continue;
        auto* box = new QWidget;
        auto* label = new QLabel(tr("#%1 %2 · step %3").arg(run.id).arg(run.name).arg(evaluation->step), box);
        auto* view = new ConfusionMatrixView(box);
        view->setReport(QJsonDocument::fromJson(QByteArray::fromStdString(evaluation->reportJson)).object());
        view->setMinimumSize(320, 260);
        auto* layout = new QVBoxLayout(box);
        layout->addWidget(label);
        layout->addWidget(view, 1);
        m_confusionGrid->addWidget(box, i / 2, i % 2);
        m_confusions << view;
        ++i;
    }
}

QList<qint64> ComparePanel::runs() const
{
    QList<qint64> ids;
    for (const auto& r : m_runs)
        ids << r.id;
    return ids;
}

void ComparePanel::rebuildCharts()
{
    qDeleteAll(m_charts);
    m_charts.clear();
    int i = 0;
    for (const auto& key : metricKeys(m_runs)) {
        auto* chart = new MetricChart(key, this);
        chart->setObjectName(key);
        chart->setOptions(m_controls->options());
        chart->setMinimumHeight(240);
        for (int r = 0; r < m_runs.size(); ++r) {
            const auto& run = m_runs[r];
            if (!run.metrics.contains(key))
                continue;
            CurveStyle style;
            style.label = QStringLiteral("#%1 %2").arg(run.id).arg(run.name);
            style.color = curveColor(r);
            style.smooth = key.startsWith(QLatin1String("train/")) && key != QLatin1String("train/lr");
            style.epochPerStep = run.epochPerStep;
            chart->setCurve(QString::number(run.id), style, run.metrics.value(key));
        }
        m_grid->addWidget(chart, i / 2, i % 2);
        m_charts << chart;
        ++i;
    }
}

MetricChart* ComparePanel::chart(const QString& metricKey) const
{
    for (auto* c : m_charts)
        if (c->objectName() == metricKey)
            return c;
    return nullptr;
}

QStringList ComparePanel::chartKeys() const
{
    QStringList keys;
    for (auto* c : m_charts)
        keys << c->objectName();
    return keys;
}

void ComparePanel::setShowAllKeys(bool all)
{
    m_showAll->setChecked(all);
}

void ComparePanel::setStatistic(MetricStatistic statistic, qint64 step)
{
    m_step->setValue(int(step));
    m_statistic->setCurrentIndex(m_statistic->findData(int(statistic)));
    fillMetricsTable();
}

void ComparePanel::fillConfigTable()
{
    fillTable(*m_configTable, m_runs, m_showAll->isChecked() ? allKeys(m_runs) : differingKeys(m_runs),
              [](const ComparedRun& r, const QString& key) { return r.config.value(key, QStringLiteral("—")); });
}

void ComparePanel::fillMetricsTable()
{
    const auto statistic = MetricStatistic(m_statistic->currentData().toInt());
    const qint64 step = m_step->value();
    fillTable(*m_metricsTable, m_runs, metricKeys(m_runs), [statistic, step](const ComparedRun& r, const QString& key) {
        const auto v = metricStatistic(r.metrics.value(key), statistic, key, step);
        return v ? QString::number(*v, 'g', 5) : QStringLiteral("—");
    });
}

QString ComparePanel::configJson(qint64 runId) const
{
    for (const auto& r : m_runs)
        if (r.id == runId)
            return r.configJson;
    return {};
}

void ComparePanel::copyConfig()
{
    const auto json = configJson(m_configRun->currentData().toLongLong());
    if (json.isEmpty())
        return;
    QApplication::clipboard()->setText(json);
    setMessage(tr("Copied the configuration of run %1 to the clipboard.").arg(m_configRun->currentData().toLongLong()));
}

QStringList ComparePanel::exportCharts(const QString& basePath)
{
    const QFileInfo base(basePath);
    const QString suffix = base.suffix().isEmpty() ? QStringLiteral("png") : base.suffix();
    QStringList written;
    for (auto* c : std::as_const(m_charts)) {
        QString metric = c->objectName();
        metric.replace(QLatin1Char('/'), QLatin1Char('_'));
        const auto path = base.path() + QLatin1Char('/') + base.completeBaseName() + QLatin1Char('-') + metric +
                          QLatin1Char('.') + suffix;
        if (!c->exportImage(path)) {
            setMessage(tr("Could not write %1: check that the folder exists and is writable.").arg(path), true);
            return written;
        }
        written << path;
    }
    setMessage(tr("Saved %n chart(s) next to %1.", nullptr, int(written.size())).arg(basePath));
    return written;
}

bool ComparePanel::exportTables(const QString& configCsv, const QString& metricsCsv)
{
    for (const auto& [table, path] : {std::pair{m_configTable, configCsv}, std::pair{m_metricsTable, metricsCsv}}) {
        if (!writeTableCsv(*table, path)) {
            setMessage(tr("Could not write %1: check that the folder exists and is writable.").arg(path), true);
            return false;
        }
    }
    setMessage(tr("Saved the tables to %1 and %2.").arg(configCsv, metricsCsv));
    return true;
}

bool ComparePanel::exportHistory(const QString& csvPath)
{
    if (!m_store || m_runs.isEmpty())
        return false;
    std::ofstream out(csvPath.toStdString(), std::ios::binary);
    if (out) {
        const auto ids = runs();
        writeMetricsCsv(*m_store, std::vector<std::int64_t>(ids.begin(), ids.end()), out);
        out.close();
    }
    if (!out) {
        setMessage(tr("Could not write %1: check that the folder exists and is writable.").arg(csvPath), true);
        return false;
    }
    setMessage(tr("Saved the metric history of %n run(s) to %1.", nullptr, int(m_runs.size())).arg(csvPath));
    return true;
}

void ComparePanel::chooseChartExport()
{
    const auto path = QFileDialog::getSaveFileName(this, tr("Export Charts"), QStringLiteral("compare.png"),
                                                   tr("PNG images (*.png);;SVG drawings (*.svg)"));
    if (!path.isEmpty())
        exportCharts(path);
}

void ComparePanel::chooseTableExport()
{
    const auto path = QFileDialog::getSaveFileName(this, tr("Export Tables"), QStringLiteral("compare.csv"),
                                                   tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    const QFileInfo base(path);
    const auto stem = base.path() + QLatin1Char('/') + base.completeBaseName();
    exportTables(stem + QStringLiteral("-config.csv"), stem + QStringLiteral("-metrics.csv"));
}

void ComparePanel::chooseHistoryExport()
{
    const auto path = QFileDialog::getSaveFileName(this, tr("Export History"), QStringLiteral("history.csv"),
                                                   tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportHistory(path);
}

void ComparePanel::setMessage(const QString& text, bool error)
{
    setFeedback(*m_message, text, error);
}

QString ComparePanel::message() const
{
    return m_message->text();
}

}  // namespace lathe::gui
