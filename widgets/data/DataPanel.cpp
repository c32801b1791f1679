#include "data/DataPanel.h"

#include "data/DatasetLoadTask.h"
#include "data/DatasetModel.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace lathe::gui {

DataPanel::DataPanel(QWidget* parent)
    : QWidget(parent), m_task(new DatasetLoadTask(this)), m_model(new DatasetModel(this)),
      m_pathLabel(new QLabel(this)), m_summaryLabel(new QLabel(this)), m_errorLabel(new QLabel(this)),
      m_progress(new QProgressBar(this)), m_openButton(new QPushButton(tr("&Open Dataset…"), this)),
      m_table(new QTableView(this))
{
    m_pathLabel->setText(tr("No dataset open"));
    m_pathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summaryLabel->setWordWrap(true);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setStyleSheet(QStringLiteral("QLabel { color: #b3261e; }"));
    m_errorLabel->hide();
    m_progress->setRange(0, 100);
    m_progress->hide();

    m_table->setModel(m_model);
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    // Fixed row heights keep scrolling cheap however many rows there are.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(DatasetModel::Index, QHeaderView::ResizeToContents);
    m_table->setColumnWidth(DatasetModel::Label, 120);

    auto* top = new QHBoxLayout;
    auto* title = new QLabel(tr("Dataset:"), this);
    title->setStyleSheet(QStringLiteral("font-weight: bold"));
    top->addWidget(title);
    top->addWidget(m_pathLabel, 1);
    top->addWidget(m_openButton);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_summaryLabel);
    layout->addWidget(m_errorLabel);
    layout->addWidget(m_progress);
    layout->addWidget(m_table, 1);

    connect(m_openButton, &QPushButton::clicked, this, &DataPanel::chooseDataset);
    connect(m_task, &DatasetLoadTask::progressed, m_progress, &QProgressBar::setValue);
    connect(m_task, &DatasetLoadTask::loaded, this, &DataPanel::onLoaded);
    connect(m_task, &DatasetLoadTask::failed, this, &DataPanel::onFailed);
}

void DataPanel::openDataset(const QString& path)
{
    m_errorLabel->hide();
    m_progress->setValue(0);
    m_progress->show();
    m_openButton->setEnabled(false);
    m_loading = true;
    m_task->start(path, DatasetLoadTask::defaultOptions(path));
}

bool DataPanel::isLoading() const
{
    return m_loading;
}

QString DataPanel::errorText() const
{
    return m_errorLabel->isHidden() ? QString() : m_errorLabel->text();
}

void DataPanel::chooseDataset()
{
    const QString start = m_path.isEmpty() ? QString() : QFileInfo(m_path).absolutePath();
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Dataset"), start,
        tr("Datasets (*.csv *.tsv *.jsonl *.txt);;All files (*)"));
    if (!path.isEmpty())
        openDataset(path);
}

void DataPanel::onLoaded(const QString& path, std::shared_ptr<const TextDataset> dataset)
{
    m_progress->hide();
    m_openButton->setEnabled(true);
    m_loading = false;
    m_path = path;
    m_dataset = std::move(dataset);
    m_model->setDataset(m_dataset);
    m_pathLabel->setText(QFileInfo(path).fileName());
    m_pathLabel->setToolTip(path);
    m_summaryLabel->setText(summary());
    Q_EMIT datasetChanged(path);
}

void DataPanel::onFailed(const QString& path, const QString& message)
{
    m_progress->hide();
    m_openButton->setEnabled(true);
    m_loading = false;
    m_errorLabel->setText(tr("Could not open %1:\n%2").arg(QFileInfo(path).fileName(), message));
    m_errorLabel->show();
    Q_EMIT loadFailed(path, message);
}

QString DataPanel::summaryText() const
{
    return m_summaryLabel->text();
}

QString DataPanel::summary() const
{
    const QLocale locale;
    if (!m_dataset->labelled())
        return tr("%1 lines of text for language modelling").arg(locale.toString(qlonglong(m_dataset->size())));
    QStringList parts;
    const auto counts = m_dataset->classCounts();
    for (std::size_t i = 0; i < counts.size(); ++i)
        parts << QStringLiteral("%1 %2").arg(QString::fromStdString(m_dataset->classes[i]),
                                               locale.toString(qulonglong(counts[i])));
    QString text = tr("%1 examples in %n classes: %2", nullptr, int(counts.size()))
                       .arg(locale.toString(qlonglong(m_dataset->size())), parts.join(QStringLiteral(" · ")));
    if (m_dataset->replacedInvalidUtf8 > 0)
        text += QLatin1Char(' ') + tr("(%n invalid UTF-8 sequences replaced)", nullptr, int(m_dataset->replacedInvalidUtf8));
    return text;
}

}  // namespace lathe::gui
