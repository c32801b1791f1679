#include "evaluation/ConfusionMatrixView.h"

#include <QFontMetrics>
#include <QJsonArray>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace lathe::gui {

// Cell size bounds in pixels; labels get what the cells leave.
constexpr int kMinCell = 28;
constexpr int kMaxCell = 90;

ConfusionMatrixView::ConfusionMatrixView(QWidget* parent) : QWidget(parent)
{
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    setToolTip(tr("Click a cell to list its examples in the Predictions panel"));
}

void ConfusionMatrixView::setMatrix(const QStringList& classes, const QVector<QVector<qint64>>& confusion)
{
    m_classes = classes;
    m_confusion = confusion;
    updateGeometry();
    update();
}

void ConfusionMatrixView::setReport(const QJsonObject& report)
{
    QStringList classes;
    for (const auto& c : report.value(QStringLiteral("classes")).toArray())
        classes << c.toString();
    QVector<QVector<qint64>> confusion;
    for (const auto& row : report.value(QStringLiteral("confusion")).toArray()) {
        QVector<qint64> r;
        for (const auto& v : row.toArray())
            r << qint64(v.toDouble());
        confusion << r;
    }
    setMatrix(classes, confusion);
}

double ConfusionMatrixView::rowShare(int truth, int predicted) const
{
    if (truth < 0 || truth >= m_confusion.size() || predicted < 0 || predicted >= m_confusion[truth].size())
        return 0;
    qint64 total = 0;
    for (const auto v : m_confusion[truth])
        total += v;
    return total > 0 ? double(m_confusion[truth][predicted]) / double(total) : 0;
}

QString ConfusionMatrixView::cellText(int truth, int predicted) const
{
    if (truth < 0 || truth >= m_confusion.size() || predicted < 0 || predicted >= m_confusion[truth].size())
        return {};
    return QStringLiteral("%1\n%2%")
        .arg(QLocale().toString(m_confusion[truth][predicted]))
        .arg(QLocale().toString(100 * rowShare(truth, predicted), 'f', 1));
}

QSize ConfusionMatrixView::minimumSizeHint() const
{
    return {200, 160};
}

QSize ConfusionMatrixView::sizeHint() const
{
    const int n = std::max<int>(1, int(m_classes.size()));
    return {160 + n * 70, 80 + n * 50};
}

ConfusionMatrixView::Layout ConfusionMatrixView::layout() const
{
    const int n = std::max<int>(1, int(m_classes.size()));
    const QFontMetrics fm(font());
    Layout l;
    for (const auto& c : m_classes)
        l.labelWidth = std::max(l.labelWidth, fm.horizontalAdvance(c));
    l.labelWidth = std::min(l.labelWidth + 12, width() / 3);
    l.top = 2 * fm.height() + 8;  // axis caption and column labels
    l.left = l.labelWidth + fm.height() + 4;
    l.cell = std::clamp(std::min((width() - l.left - 4) / n, (height() - l.top - 4) / n), kMinCell, kMaxCell);
    return l;
}

QPoint ConfusionMatrixView::cellCentre(int truth, int predicted) const
{
    const auto l = layout();
    return {l.left + predicted * l.cell + l.cell / 2, l.top + truth * l.cell + l.cell / 2};
}

void ConfusionMatrixView::mousePressEvent(QMouseEvent* event)
{
    const int n = int(m_classes.size());
    if (n == 0 || event->button() != Qt::LeftButton)
        return;
    const auto l = layout();
    const auto pos = event->position().toPoint();
    const int predicted = (pos.x() - l.left) / l.cell, truth = (pos.y() - l.top) / l.cell;
    if (pos.x() >= l.left && pos.y() >= l.top && predicted < n && truth < n)
        Q_EMIT cellClicked(truth, predicted);
}

void ConfusionMatrixView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    const int n = int(m_classes.size());
    if (n == 0 || m_confusion.size() != n) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No evaluation to show."));
        return;
    }
    const QFontMetrics fm(font());
    const auto [labelWidth, top, left, cell] = layout();

    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRect(left, 0, cell * n, fm.height()), Qt::AlignCenter, tr("predicted"));
    p.save();
    p.translate(fm.height(), top + cell * n / 2);
    p.rotate(-90);
    p.drawText(QRect(-cell * n / 2, -fm.height(), cell * n, fm.height()), Qt::AlignCenter, tr("true"));
    p.restore();

    const QColor high = palette().color(QPalette::Highlight);
    const QColor base = palette().color(QPalette::Base);
    for (int c = 0; c < n; ++c) {
        const QRect r(left + c * cell, fm.height() + 4, cell, fm.height());
        p.drawText(r, Qt::AlignCenter, fm.elidedText(m_classes[c], Qt::ElideRight, cell - 2));
    }
    for (int t = 0; t < n; ++t) {
        const QRect label(fm.height() + 4, top + t * cell, labelWidth - 4, cell);
        p.setPen(palette().color(QPalette::Text));
        p.drawText(label, Qt::AlignVCenter | Qt::AlignRight, fm.elidedText(m_classes[t], Qt::ElideRight, labelWidth - 8));
        for (int c = 0; c < n; ++c) {
            const double share = rowShare(t, c);
            const QColor fill = QColor::fromRgbF(base.redF() + (high.redF() - base.redF()) * share,
                                                 base.greenF() + (high.greenF() - base.greenF()) * share,
                                                 base.blueF() + (high.blueF() - base.blueF()) * share);
            const QRect r(left + c * cell, top + t * cell, cell, cell);
            p.fillRect(r, fill);
            p.setPen(palette().color(QPalette::Mid));
            p.drawRect(r.adjusted(0, 0, -1, -1));
            p.setPen(share > 0.5 ? palette().color(QPalette::HighlightedText) : palette().color(QPalette::Text));
            if (cell >= 2 * fm.height() + 4)
                p.drawText(r, Qt::AlignCenter, cellText(t, c));
            else
                p.drawText(r, Qt::AlignCenter, QLocale().toString(m_confusion[t][c]));
        }
    }
}

}  // namespace lathe::gui
