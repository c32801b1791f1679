#include "data/ArrivalsView.h"

#include "training/TrainingSession.h"

#include <QDateTime>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace lathe::gui {

ArrivalsView::ArrivalsView(QWidget* parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_table(new QTreeWidget(this))
{
    m_summary->setObjectName(QStringLiteral("arrivalsSummary"));
    m_summary->setWordWrap(true);
    m_table->setObjectName(QStringLiteral("arrivalsTable"));
    m_table->setRootIsDecorated(false);
    m_table->setAlternatingRowColors(true);
    m_table->setHeaderLabels({tr("Time"), tr("Step"), tr("Rows"), tr("Held out"), tr("From"), tr("New labels")});
    m_table->header()->setStretchLastSection(true);
    for (int c : {Time, Step, Rows, HeldOut})
        m_table->header()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_table->setColumnWidth(From, 260);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    updateSummary();
}

void ArrivalsView::setSession(TrainingSession* session)
{
    m_session = session;
    connect(session, &TrainingSession::arrivalsAppended, this, &ArrivalsView::onArrivals);
    // A followed run starts a list of its own; others leave the last one in view.
    connect(session, &TrainingSession::started, this, [this](qint64 runId) {
        if (m_session->follows())
            startList(runId);
    });
}

int ArrivalsView::rowCount() const
{
    return m_table->topLevelItemCount();
}

QString ArrivalsView::summaryText() const
{
    return m_summary->text();
}

void ArrivalsView::onArrivals(int count)
{
    if (m_session->runId() != m_runId)
        startList(m_session->runId());
    const auto& all = m_session->arrivals();
    for (int i = std::max(0, int(all.size()) - count); i < all.size(); ++i)
        add(all[i]);
    updateSummary();
    Q_EMIT arrivalsChanged(m_rows);
}

void ArrivalsView::startList(qint64 runId)
{
    m_runId = runId;
    m_table->clear();
    m_rows = m_heldOut = m_unknown = 0;
    m_newLabels.clear();
    m_file.clear();
    updateSummary();
    Q_EMIT arrivalsChanged(-1);
}

void ArrivalsView::add(const StreamArrival& a)
{
    const QLocale locale;
    m_file = QString::fromStdString(a.file);
    const QString name = QFileInfo(m_file).fileName();
    QString from = a.files > 1 ? tr("%n files", nullptr, int(a.files))
                   : a.firstLine > 0 ? tr("%1, lines %2–%3").arg(name, locale.toString(a.firstLine), locale.toString(a.lastLine))
                                     : name;
    if (a.resumed)
        from = tr("%1 (before the resume)").arg(from);
    QStringList labels;
    for (const auto& l : a.newLabels)
        labels << QString::fromStdString(l);
    auto* item = new QTreeWidgetItem;
    item->setText(Time, locale.toString(QDateTime::fromMSecsSinceEpoch(qint64(a.time * 1000)).time(), QLocale::ShortFormat));
    item->setText(Step, locale.toString(a.step));
    item->setText(Rows, locale.toString(a.rows));
    item->setText(HeldOut, locale.toString(a.heldOut));
    item->setText(From, from);
    item->setToolTip(From, a.resumed ? tr("%1: read, and trained on or held out, before the run was stopped; the "
                                          "resumed run put them back where they were")
                                           .arg(m_file)
                                     : m_file);
    item->setText(NewLabels, labels.join(QStringLiteral(", ")));
    if (a.unknownLabel > 0)
        item->setToolTip(NewLabels, tr("%n row(s) with a label the classifier does not have: counted, not trained on. "
                                       "Start a new run on the data to learn it.",
                                       nullptr, int(a.unknownLabel)));
    for (int c : {Step, Rows, HeldOut})
        item->setTextAlignment(c, Qt::AlignRight | Qt::AlignVCenter);
    m_table->insertTopLevelItem(0, item);
    m_rows = a.totalRows;
    m_heldOut += a.heldOut;
    m_unknown += a.unknownLabel;
    m_newLabels += labels;
}

void ArrivalsView::updateSummary()
{
    if (m_runId == 0) {
        m_summary->setText(tr("No run follows its data. Tick \"Follow the file\" in the Training panel: after its "
                              "first epoch the run keeps training on rows added to the file (or files added to its "
                              "folder), and they are listed here as they arrive."));
        return;
    }
    if (m_table->topLevelItemCount() == 0) {
        m_summary->setText(tr("Run %1 follows its data: nothing has arrived yet. Rows added to the file (or files "
                              "added to its folder) while it trains are listed here.")
                               .arg(m_runId));
        return;
    }
    const QLocale locale;
    QString text = tr("Run %1 follows %2: %3 rows arrived, %4 of them held out to measure the newest data.")
                       .arg(m_runId)
                       .arg(QFileInfo(m_file).fileName(), locale.toString(m_rows), locale.toString(m_heldOut));
    if (m_unknown > 0)
        text += QLatin1Char(' ') + tr("%n row(s) had a label the classifier does not have (%1): counted, not trained on.",
                                      nullptr, int(m_unknown))
                                       .arg(m_newLabels.join(QStringLiteral(", ")));
    m_summary->setText(text);
}

}  // namespace lathe::gui
