#include "data/DatasetProfileView.h"

#include "charts/ChartTypes.h"
#include "runs/RunText.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>

namespace lathe::gui {

namespace {

QChartView* barChart(const QString& title, QWidget* parent)
{
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->hide();
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    auto* view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(280, 200);
    return view;
}

void setBars(QChartView* view, const QStringList& categories, const QList<qreal>& values, const QString& xTitle)
{
    QChart* chart = view->chart();
    chart->removeAllSeries();
    for (auto* axis : chart->axes())
        chart->removeAxis(axis), delete axis;
    auto* set = new QBarSet(QString());
    set->append(values);
    set->setColor(curveColor(0));
    auto* series = new QBarSeries;
    series->append(set);
    series->setBarWidth(0.9);
    chart->addSeries(series);
    auto* x = new QBarCategoryAxis;
    x->append(categories);
    x->setTitleText(xTitle);
    auto* y = new QValueAxis;
    y->setLabelFormat(QStringLiteral("%d"));
    y->setRange(0, values.isEmpty() ? 1 : *std::max_element(values.begin(), values.end()) * 1.1);
    y->applyNiceNumbers();
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(x);
    series->attachAxis(y);
}

}  // namespace

DatasetProfileView::DatasetProfileView(QWidget* parent)
    : QWidget(parent), m_tokenizer(new QComboBox(this)), m_summary(new QLabel(this)),
      m_classes(barChart(tr("Examples per class"), this)), m_lengths(barChart(tr("Tokens per text"), this)),
      m_vocabulary(new QTableWidget(this))
{
    addTokenizerKinds(*m_tokenizer);
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_vocabulary->setColumnCount(2);
    m_vocabulary->setHorizontalHeaderLabels({tr("Piece"), tr("Count")});
    m_vocabulary->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_vocabulary->verticalHeader()->hide();
    m_vocabulary->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_vocabulary->setMinimumWidth(220);

    auto* row = new QHBoxLayout;
    row->addWidget(new QLabel(tr("Tokenizer:"), this));
    row->addWidget(m_tokenizer);
    row->addStretch(1);
    auto* grid = new QGridLayout;
    grid->addWidget(m_classes, 0, 0);
    grid->addWidget(m_lengths, 1, 0);
    grid->addWidget(m_vocabulary, 0, 1, 2, 1);
    grid->setColumnStretch(0, 3);
    grid->setColumnStretch(1, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_summary);
    layout->addLayout(grid, 1);

    connect(m_tokenizer, &QComboBox::currentIndexChanged, this, &DatasetProfileView::recompute);
    connect(&m_watcher, &TaskNotifier::finished, this, [this] {
        m_busy = false;
        showProfile(m_watcher.result());
        if (m_pending) {
            m_pending = false;
            recompute();
        } else {
            Q_EMIT profiled();
        }
    });
}

void DatasetProfileView::setDataset(std::shared_ptr<const TextDataset> dataset)
{
    m_dataset = std::move(dataset);
    recompute();
}

void DatasetProfileView::setTokenizer(const QString& kind)
{
    m_tokenizer->setCurrentIndex(m_tokenizer->findData(kind));
}

void DatasetProfileView::recompute()
{
    if (!m_dataset)
        return;
    if (m_busy) {
        // One computation at a time; the latest request runs when this one ends.
        m_pending = true;
        return;
    }
    m_busy = true;
    m_summary->setText(tr("Profiling…"));
    m_watcher.start([dataset = m_dataset, kind = m_tokenizer->currentData().toString()] {
        return profileDataset(*dataset, kind);
    });
}

void DatasetProfileView::showProfile(const DatasetProfile& p)
{
    m_profile = p;
    const QLocale locale;
    QStringList classes;
    QList<qreal> counts;
    for (const auto& [name, count] : p.classCounts)
        classes << name, counts << qreal(count);
    m_classes->setVisible(!p.classCounts.isEmpty());
    setBars(m_classes, classes, counts, tr("class"));
    QStringList bins;
    QList<qreal> lengthCounts;
    for (int i = 0; i < p.lengthCounts.size(); ++i)
        bins << QString::number(p.lengthBinEdges[i]), lengthCounts << qreal(p.lengthCounts[i]);
    setBars(m_lengths, bins, lengthCounts, tr("tokens (bin start)"));
    m_vocabulary->setRowCount(int(p.topPieces.size()));
    for (int i = 0; i < p.topPieces.size(); ++i) {
        // Whitespace pieces made visible.
        QString piece = p.topPieces[i].first;
        piece.replace(QLatin1Char(' '), QChar(0x2423)).replace(QLatin1Char('\n'), QChar(0x23CE));
        m_vocabulary->setItem(i, 0, new QTableWidgetItem(piece));
        auto* count = new QTableWidgetItem(locale.toString(p.topPieces[i].second));
        count->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_vocabulary->setItem(i, 1, count);
    }
    QString text = tr("Split (10% validation, 10% test, stratified): %1 train · %2 validation · %3 test.")
                       .arg(locale.toString(p.trainSize), locale.toString(p.validationSize), locale.toString(p.testSize));
    if (!p.error.isEmpty()) {
        text += QLatin1Char('\n') + tr("Could not learn the tokenizer: %1").arg(p.error);
    } else if (p.sampled > 0) {
        text += QLatin1Char('\n') +
                tr("Tokens per text over %1 texts: median %2, 95th percentile %3, longest %4; %5% exceed %6 tokens "
                   "and would be cut. Vocabulary: %7 pieces.")
                    .arg(locale.toString(p.sampled), locale.toString(p.medianLength), locale.toString(p.p95Length),
                         locale.toString(p.maxLength), locale.toString(100 * p.truncatedShare, 'f', 1),
                         locale.toString(p.truncateAt), locale.toString(p.vocabularySize));
    }
    m_summary->setText(text);
}

QString DatasetProfileView::summaryText() const
{
    return m_summary->text();
}

int DatasetProfileView::classBarCount() const
{
    const auto series = m_classes->chart()->series();
    return series.isEmpty() ? 0 : int(static_cast<QBarSeries*>(series.front())->barSets().front()->count());
}

int DatasetProfileView::lengthBinCount() const
{
    const auto series = m_lengths->chart()->series();
    return series.isEmpty() ? 0 : int(static_cast<QBarSeries*>(series.front())->barSets().front()->count());
}

}  // namespace lathe::gui
