#include "data/DataPanel.h"

#include "common/Feedback.h"
#include "data/ArrivalsView.h"
#include "data/DatasetLoadTask.h"
#include "data/DatasetModel.h"
#include "data/DatasetProfileView.h"

#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace lathe::gui {

DataPanel::DataPanel(QWidget* parent)
    : QWidget(parent), m_task(new DatasetLoadTask(this)), m_model(new DatasetModel(this)),
      m_pathLabel(new QLabel(this)), m_summaryLabel(new QLabel(this)), m_errorLabel(new QLabel(this)),
      m_progress(new QProgressBar(this)), m_openButton(new QPushButton(tr("&Open Dataset…"), this)),
      m_table(new QTableView(this)), m_cancelButton(new QPushButton(tr("Cancel"), this)),
      m_reloadButton(new QPushButton(tr("Reload"), this)), m_format(new QComboBox(this)), m_textColumn(new QLineEdit(this)),
      m_labelColumn(new QLineEdit(this)), m_targetColumn(new QLineEdit(this)), m_profile(new DatasetProfileView(this)),
      m_arrivals(new ArrivalsView(this))
{
    m_format->setObjectName(QStringLiteral("formatCombo"));
    m_format->addItem(tr("Detect"), QStringLiteral("auto"));
    m_format->addItem(QStringLiteral("CSV"), QStringLiteral("csv"));
    m_format->addItem(QStringLiteral("TSV"), QStringLiteral("tsv"));
    m_format->addItem(QStringLiteral("JSONL"), QStringLiteral("jsonl"));
    m_format->addItem(tr("Folder per class"), QStringLiteral("folder"));
    m_format->addItem(tr("Plain text (language modelling)"), QStringLiteral("text"));
    m_textColumn->setText(QStringLiteral("text"));
    m_labelColumn->setText(QStringLiteral("label"));
    m_textColumn->setObjectName(QStringLiteral("textColumn"));
    m_labelColumn->setObjectName(QStringLiteral("labelColumn"));
    m_textColumn->setToolTip(tr("Column (CSV/TSV header) or field (JSONL) holding the text"));
    m_labelColumn->setToolTip(tr("Column or field holding the class label"));
    m_targetColumn->setObjectName(QStringLiteral("targetColumn"));
    m_targetColumn->setPlaceholderText(tr("auto"));
    m_targetColumn->setToolTip(tr("Sequence-to-sequence pairs: the column holding each text's target (the text "
                                  "column is its source). Auto reads a file with a \"target\" column and no label "
                                  "column as pairs."));
    m_reloadButton->setToolTip(tr("Read the dataset again with these settings"));
    m_cancelButton->hide();
    m_pathLabel->setText(tr("No dataset open"));
    m_pathLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summaryLabel->setWordWrap(true);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLabel->setStyleSheet(errorStyle());
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

    auto* read = new QHBoxLayout;
    read->addWidget(new QLabel(tr("Format:"), this));
    read->addWidget(m_format);
    read->addWidget(new QLabel(tr("Text column:"), this));
    read->addWidget(m_textColumn);
    read->addWidget(new QLabel(tr("Label column:"), this));
    read->addWidget(m_labelColumn);
    read->addWidget(new QLabel(tr("Target column:"), this));
    read->addWidget(m_targetColumn);
    read->addWidget(m_reloadButton);
    read->addStretch(1);

    auto* progress = new QHBoxLayout;
    progress->addWidget(m_progress, 1);
    progress->addWidget(m_cancelButton);

    auto* tabs = new QTabWidget(this);
    tabs->addTab(m_table, tr("Preview"));
    tabs->addTab(m_profile, tr("Profile"));
    const int arrivalsTab = tabs->addTab(m_arrivals, tr("Arrivals"));
    tabs->setObjectName(QStringLiteral("dataTabs"));
    connect(m_arrivals, &ArrivalsView::arrivalsChanged, tabs, [tabs, arrivalsTab](qint64 rows) {
        tabs->setTabText(arrivalsTab, rows < 0 ? tr("Arrivals") : tr("Arrivals (%1)").arg(QLocale().toString(rows)));
    });

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_summaryLabel);
    layout->addWidget(m_errorLabel);
    layout->addLayout(read);
    layout->addLayout(progress);
    layout->addWidget(tabs, 1);

    connect(m_openButton, &QPushButton::clicked, this, &DataPanel::chooseDataset);
    connect(m_cancelButton, &QPushButton::clicked, this, &DataPanel::cancelLoading);
    connect(m_reloadButton, &QPushButton::clicked, this, [this] {
        if (!m_path.isEmpty())
            openDataset(m_path);
    });
    connect(m_task, &DatasetLoadTask::progressed, m_progress, &QProgressBar::setValue);
    connect(m_task, &DatasetLoadTask::loaded, this, &DataPanel::onLoaded);
    connect(m_task, &DatasetLoadTask::failed, this, &DataPanel::onFailed);
}

void DataPanel::openDataset(const QString& path)
{
    m_errorLabel->hide();
    m_progress->setValue(0);
    m_progress->show();
    m_cancelButton->show();
    m_openButton->setEnabled(false);
    m_reloadButton->setEnabled(false);
    m_loading = true;
    m_loadingPath = path;
    const auto options = readOptions(path);
    m_task->start(path, options, options.targetColumn.empty() && options.format != DataFormat::Text &&
                                     options.format != DataFormat::Folder);
}

LoadOptions DataPanel::readOptions(const QString& path) const
{
    LoadOptions o = DatasetLoadTask::defaultOptions(path);
    o.format = dataFormatFromString(m_format->currentData().toString().toStdString());
    if (o.format == DataFormat::Text)
        o.requireLabels = false;
    else if (o.format != DataFormat::Auto)
        o.requireLabels = true;
    o.textColumn = m_textColumn->text().trimmed().toStdString();
    o.labelColumn = m_labelColumn->text().trimmed().toStdString();
    // A target column named: pairs. Left empty, the load itself looks for pairs (off this thread).
    const auto target = m_targetColumn->text().trimmed().toStdString();
    if (!target.empty() && o.format != DataFormat::Text && o.format != DataFormat::Folder) {
        o.targetColumn = target;
        o.requireLabels = false;
    }
    return o;
}

void DataPanel::setReadOptions(const QString& format, const QString& textColumn, const QString& labelColumn,
                               const QString& targetColumn)
{
    m_format->setCurrentIndex(std::max(0, m_format->findData(format)));
    m_textColumn->setText(textColumn);
    m_labelColumn->setText(labelColumn);
    m_targetColumn->setText(targetColumn);
}

void DataPanel::cancelLoading()
{
    if (!m_loading)
        return;
    m_task->cancel();
    m_loading = false;
    m_progress->hide();
    m_cancelButton->hide();
    m_openButton->setEnabled(true);
    m_reloadButton->setEnabled(true);
    m_errorLabel->setText(m_dataset ? tr("Loading %1 was cancelled; %2 stays open.")
                                          .arg(QFileInfo(m_loadingPath).fileName(), QFileInfo(m_path).fileName())
                                    : tr("Loading %1 was cancelled.").arg(QFileInfo(m_loadingPath).fileName()));
    m_errorLabel->show();
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
    m_cancelButton->hide();
    m_reloadButton->setEnabled(true);
    m_openButton->setEnabled(true);
    m_loading = false;
    m_path = path;
    m_loadedOptions = m_task->loadedOptions();
    m_dataset = std::move(dataset);
    m_model->setDataset(m_dataset);
    m_pathLabel->setText(QFileInfo(path).fileName());
    m_pathLabel->setToolTip(path);
    m_summaryLabel->setText(summary());
    m_profile->setDataset(m_dataset);
    Q_EMIT datasetChanged(path);
}

void DataPanel::onFailed(const QString& path, const QString& message)
{
    m_progress->hide();
    m_cancelButton->hide();
    m_reloadButton->setEnabled(true);
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
    if (m_dataset->paired())
        return tr("%1 source–target pairs (%2 → %3) for an encoder–decoder")
            .arg(locale.toString(qlonglong(m_dataset->size())), QString::fromStdString(m_loadedOptions.textColumn),
                 QString::fromStdString(m_loadedOptions.targetColumn));
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
