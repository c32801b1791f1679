#include "common/CoreText.h"
#include "runs/RunsPanel.h"

#include "common/Feedback.h"
#include "report/RunReports.h"
#include "runs/RunText.h"
#include "runs/RunsModel.h"
#include "store/RunStore.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <fstream>

namespace lathe::gui {

RunsPanel::RunsPanel(QWidget* parent)
    : QWidget(parent), m_model(new RunsModel(this)), m_filter(new RunsFilterModel(this)), m_search(new QLineEdit(this)),
      m_status(new QComboBox(this)), m_table(new QTableView(this)), m_name(new QLineEdit(this)),
      m_tags(new QLineEdit(this)), m_notes(new QPlainTextEdit(this)), m_save(new QPushButton(tr("Save"), this)),
      m_open(new QPushButton(tr("Open Charts"), this)), m_resume(new QPushButton(tr("Resume"), this)),
      m_compare(new QPushButton(tr("Compare"), this)), m_export(new QPushButton(tr("Export Metrics…"), this)),
      m_delete(new QPushButton(tr("Delete…"), this)), m_message(new QLabel(this))
{
    m_filter->setSourceModel(m_model);
    m_search->setPlaceholderText(tr("Search name, model, dataset, tags, notes…"));
    m_search->setClearButtonEnabled(true);
    m_search->setObjectName(QStringLiteral("runSearch"));
    m_status->addItem(tr("All statuses"));
    for (auto s : {RunStatus::Running, RunStatus::Completed, RunStatus::Stopped, RunStatus::Failed, RunStatus::Diverged,
                   RunStatus::Crashed})
        m_status->addItem(runStatusName(s), int(s));
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RunsModel::Id, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    // Fixed row heights keep scrolling through thousands of runs cheap.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    // Fixed starting widths (measuring thousands of rows to fit them would be slow).
    const int em = m_table->fontMetrics().horizontalAdvance(QLatin1Char('M'));
    const std::pair<int, int> widths[] = {{RunsModel::Id, 4}, {RunsModel::Name, 12}, {RunsModel::Status, 8},
                                          {RunsModel::Model, 16}, {RunsModel::Dataset, 10}, {RunsModel::BestValidation, 20},
                                          {RunsModel::Parameters, 8}, {RunsModel::Size, 7}, {RunsModel::PeakMemory, 7},
                                          {RunsModel::Engine, 18}, {RunsModel::Created, 13}, {RunsModel::Duration, 8}};
    const QFontMetrics header(m_table->horizontalHeader()->font());
    for (const auto& [column, ems] : widths) {
        const int title = header.horizontalAdvance(m_model->headerData(column, Qt::Horizontal, Qt::DisplayRole).toString()) + 28;
        m_table->setColumnWidth(column, std::max(ems * em, title));
    }
    m_message->setWordWrap(true);
    m_name->setObjectName(QStringLiteral("runName"));
    m_tags->setObjectName(QStringLiteral("runTags"));
    m_notes->setObjectName(QStringLiteral("runNotes"));
    m_notes->setPlaceholderText(tr("Notes about this run"));
    m_tags->setPlaceholderText(tr("comma, separated, tags"));
    m_open->setToolTip(tr("Show this run's curves in the Live panel"));
    m_resume->setToolTip(tr("Continue a stopped or crashed run from its last checkpoint"));
    m_compare->setToolTip(tr("Overlay the selected runs in the Compare panel"));

    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_search, 1);
    filterRow->addWidget(m_status);

    auto* details = new QGroupBox(tr("Selected run"), this);
    details->setMinimumWidth(240);
    auto* form = new QFormLayout;
    form->addRow(tr("Name:"), m_name);
    form->addRow(tr("Tags:"), m_tags);
    form->addRow(tr("Notes:"), m_notes);
    auto* detailsLayout = new QVBoxLayout(details);
    detailsLayout->addLayout(form);
    detailsLayout->addWidget(m_save, 0, Qt::AlignRight);

    auto* actions = new QHBoxLayout;
    for (auto* b : {m_open, m_resume, m_compare, m_export})
        actions->addWidget(b);
    actions->addStretch(1);
    actions->addWidget(m_delete);

    auto* left = new QWidget(this);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(filterRow);
    leftLayout->addWidget(m_table, 1);
    leftLayout->addLayout(actions);
    leftLayout->addWidget(m_message);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(left);
    splitter->addWidget(details);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(splitter);

    connect(m_search, &QLineEdit::textChanged, this, &RunsPanel::setSearchText);
    connect(m_status, &QComboBox::currentIndexChanged, this, [this] {
        const auto v = m_status->currentData();
        m_filter->setStatusFilter(v.isValid() ? std::optional(RunStatus(v.toInt())) : std::nullopt);
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, &RunsPanel::onSelectionChanged);
    connect(m_table, &QTableView::doubleClicked, this, [this] {
        if (const auto ids = selectedRuns(); ids.size() == 1)
            Q_EMIT openRunRequested(ids.front());
    });
    connect(m_save, &QPushButton::clicked, this, &RunsPanel::saveDetails);
    connect(m_open, &QPushButton::clicked, this, [this] { Q_EMIT openRunRequested(selectedRuns().value(0)); });
    connect(m_resume, &QPushButton::clicked, this, [this] { Q_EMIT resumeRequested(selectedRuns().value(0)); });
    connect(m_compare, &QPushButton::clicked, this, [this] { Q_EMIT compareRequested(selectedRuns()); });
    connect(m_export, &QPushButton::clicked, this, &RunsPanel::chooseExportPath);
    connect(m_delete, &QPushButton::clicked, this, [this] { deleteSelected(true); });
    onSelectionChanged();
}

void RunsPanel::setStore(RunStore* store)
{
    m_store = store;
    refresh();
}

void RunsPanel::refresh()
{
    if (!m_store)
        return;
    const auto keep = selectedRuns();
    m_model->reload(*m_store);
    selectRuns(keep);
}

QList<qint64> RunsPanel::selectedRuns() const
{
    QList<qint64> ids;
    for (const auto& index : m_table->selectionModel()->selectedRows())
        ids << index.data(RunsModel::RunIdRole).toLongLong();
    return ids;
}

void RunsPanel::selectRuns(const QList<qint64>& runIds)
{
    QItemSelection selection;
    for (const auto id : runIds) {
        const int row = m_model->rowOf(id);
        if (row < 0)
            continue;
        const auto index = m_filter->mapFromSource(m_model->index(row, 0));
        if (index.isValid())
            selection.select(index, index.siblingAtColumn(RunsModel::ColumnCount - 1));
    }
    m_table->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
}

void RunsPanel::setSearchText(const QString& text)
{
    if (m_search->text() != text)
        m_search->setText(text);
    m_filter->setSearchText(text);
}

void RunsPanel::onSelectionChanged()
{
    const auto ids = selectedRuns();
    const bool one = ids.size() == 1;
    const RunRecord* run = one ? &m_model->run(m_model->rowOf(ids.front())) : nullptr;
    m_name->setText(run ? QString::fromStdString(run->name) : QString());
    m_tags->setText(run ? QString::fromStdString(run->tags) : QString());
    m_notes->setPlainText(run ? QString::fromStdString(run->notes) : QString());
    for (QWidget* w : {static_cast<QWidget*>(m_name), static_cast<QWidget*>(m_tags), static_cast<QWidget*>(m_notes),
                       static_cast<QWidget*>(m_save), static_cast<QWidget*>(m_open)})
        w->setEnabled(one);
    m_resume->setEnabled(run && (run->status == RunStatus::Stopped || run->status == RunStatus::Crashed));
    m_compare->setEnabled(ids.size() >= 2);
    m_export->setEnabled(!ids.isEmpty());
    m_delete->setEnabled(!ids.isEmpty() && m_store);
    Q_EMIT selectionChanged(ids);
}

void RunsPanel::saveDetails()
{
    const auto ids = selectedRuns();
    if (!m_store || ids.size() != 1)
        return;
    try {
        m_store->updateRunInfo(ids.front(), m_name->text().trimmed().toStdString(), m_tags->text().trimmed().toStdString(),
                               m_notes->toPlainText().toStdString());
        m_store->flush();
        refresh();
        setMessage(tr("Saved run %1.").arg(ids.front()));
    } catch (const std::exception& e) {
        setMessage(tr("Could not save run %1: %2").arg(ids.front()).arg(coreErrorText(e)), true);
    }
}

bool RunsPanel::deleteSelected(bool askFirst)
{
    const auto ids = selectedRuns();
    if (!m_store || ids.isEmpty())
        return false;
    for (const auto id : ids) {
        if (const auto run = m_store->run(id); run && run->status == RunStatus::Running) {
            setMessage(tr("Run %1 is still running; stop it before deleting it.").arg(id), true);
            return false;
        }
    }
    if (askFirst) {
        const auto answer = QMessageBox::question(
            this, tr("Delete runs"),
            tr("Delete %n run(s) with their metrics, checkpoints and tokenizers? This cannot be undone.", nullptr,
               int(ids.size())),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return false;
    }
    try {
        for (const auto id : ids)
            m_store->deleteRun(id);
        refresh();
        setMessage(tr("Deleted %n run(s).", nullptr, int(ids.size())));
        return true;
    } catch (const std::exception& e) {
        setMessage(tr("Could not delete: %1").arg(coreErrorText(e)), true);
        return false;
    }
}

void RunsPanel::chooseExportPath()
{
    const auto path = QFileDialog::getSaveFileName(this, tr("Export Metrics"), QStringLiteral("metrics.csv"),
                                                   tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        exportMetrics(path);
}

bool RunsPanel::exportMetrics(const QString& path)
{
    const auto ids = selectedRuns();
    if (!m_store || ids.isEmpty())
        return false;
    std::ofstream out(path.toStdString(), std::ios::binary);
    if (!out) {
        setMessage(tr("Could not write %1: check that the folder exists and is writable.").arg(path), true);
        return false;
    }
    writeMetricsCsv(*m_store, std::vector<std::int64_t>(ids.begin(), ids.end()), out);
    out.close();
    if (!out) {
        setMessage(tr("Could not finish writing %1 (disk full?).").arg(path), true);
        return false;
    }
    setMessage(tr("Exported the metrics of %n run(s) to %1.", nullptr, int(ids.size())).arg(path));
    return true;
}

void RunsPanel::setMessage(const QString& text, bool error)
{
    setFeedback(*m_message, text, error);
}

QString RunsPanel::message() const
{
    return m_message->text();
}

}  // namespace lathe::gui
