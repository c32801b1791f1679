#include "projector/ScatterView.h"

#include "attention/ColourScale.h"
#include "charts/ChartTypes.h"

#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace lathe::gui {

namespace {
constexpr int kMargin = 12;
constexpr int kLegendWidth = 150;
// Hover picks points within this many pixels; the index grid uses cells of this size.
constexpr double kPickRadius = 6;
}  // namespace

ScatterView::ScatterView(QWidget* parent) : QWidget(parent)
{
    setMouseTracking(true);
    clear(tr("Choose a run and press Compute to project its embeddings."));
}

void ScatterView::clear(const QString& message)
{
    m_xy.clear();
    m_labels.clear();
    m_classes.clear();
    m_values.clear();
    m_highlighted.clear();
    m_message = message;
    m_grid.clear();
    update();
}

void ScatterView::setPoints(const std::vector<float>& xy, const QStringList& labels)
{
    m_xy = xy;
    m_labels = labels;
    m_classes.clear();
    m_values.clear();
    m_highlighted.clear();
    m_message.clear();
    fitBounds();
}

void ScatterView::setClasses(const std::vector<int>& classes, const QStringList& classNames)
{
    m_classes = classes;
    m_classNames = classNames;
    m_values.clear();
    update();
}

void ScatterView::setValues(const std::vector<double>& values, const QString& valueName, bool logScale)
{
    m_values = values;
    m_logScale = logScale;
    m_valueName = valueName;
    m_classes.clear();
    m_valueLo = values.empty() ? 0 : *std::min_element(values.begin(), values.end());
    m_valueHi = values.empty() ? 1 : *std::max_element(values.begin(), values.end());
    update();
}

void ScatterView::updatePositions(const std::vector<float>& xy, bool refit)
{
    if (xy.size() != m_xy.size())
        return;
    m_xy = xy;
    if (refit)
        fitBounds();
    else
        rebuildIndex();
    update();
}

void ScatterView::setHighlighted(const QVector<int>& points)
{
    m_highlighted = points;
    update();
}

void ScatterView::fitBounds()
{
    float minX = INFINITY, maxX = -INFINITY, minY = INFINITY, maxY = -INFINITY;
    for (std::size_t i = 0; i + 1 < m_xy.size(); i += 2) {
        minX = std::min(minX, m_xy[i]), maxX = std::max(maxX, m_xy[i]);
        minY = std::min(minY, m_xy[i + 1]), maxY = std::max(maxY, m_xy[i + 1]);
    }
    if (!(maxX >= minX))
        minX = maxX = minY = maxY = 0;
    const double w = std::max(1e-9, static_cast<double>(maxX - minX)), h = std::max(1e-9, static_cast<double>(maxY - minY));
    m_view = QRectF(minX - 0.04 * w, minY - 0.04 * h, w * 1.08, h * 1.08);
    rebuildIndex();
    update();
}

void ScatterView::resetView() { fitBounds(); }

QRectF ScatterView::plotRect() const
{
    return QRectF(kMargin, kMargin, width() - 2 * kMargin - kLegendWidth, height() - 2 * kMargin);
}

QPointF ScatterView::screenPosition(int i) const
{
    const auto r = plotRect();
    const double x = m_xy[2 * static_cast<std::size_t>(i)], y = m_xy[2 * static_cast<std::size_t>(i) + 1];
    return {r.left() + (x - m_view.left()) / m_view.width() * r.width(),
            r.bottom() - (y - m_view.top()) / m_view.height() * r.height()};
}

void ScatterView::rebuildIndex()
{
    const auto r = plotRect();
    m_gridColumns = std::max(1, static_cast<int>(r.width() / kPickRadius) + 1);
    m_gridRows = std::max(1, static_cast<int>(r.height() / kPickRadius) + 1);
    m_grid.assign(static_cast<std::size_t>(m_gridColumns * m_gridRows), {});
    for (int i = 0; i < pointCount(); ++i) {
        const auto p = screenPosition(i) - r.topLeft();
        const int c = static_cast<int>(p.x() / kPickRadius), row = static_cast<int>(p.y() / kPickRadius);
        if (c >= 0 && c < m_gridColumns && row >= 0 && row < m_gridRows)
            m_grid[static_cast<std::size_t>(row * m_gridColumns + c)].push_back(i);
    }
}

int ScatterView::pointAt(const QPointF& pos) const
{
    if (m_grid.empty())
        return -1;
    // Highlighted points are drawn large and on top, so they win.
    for (int i : m_highlighted) {
        const auto d = screenPosition(i) - pos;
        if (d.x() * d.x() + d.y() * d.y() <= kPickRadius * kPickRadius)
            return i;
    }
    const auto r = plotRect();
    const int c0 = static_cast<int>((pos.x() - r.left()) / kPickRadius), r0 = static_cast<int>((pos.y() - r.top()) / kPickRadius);
    int best = -1;
    double bestDistance = kPickRadius * kPickRadius;
    for (int row = r0 - 1; row <= r0 + 1; ++row)
        for (int c = c0 - 1; c <= c0 + 1; ++c) {
            if (row < 0 || c < 0 || row >= m_gridRows || c >= m_gridColumns)
                continue;
            for (int i : m_grid[static_cast<std::size_t>(row * m_gridColumns + c)]) {
                const auto d = screenPosition(i) - pos;
                const double d2 = d.x() * d.x() + d.y() * d.y();
                if (d2 <= bestDistance) {
                    bestDistance = d2;
                    best = i;
                }
            }
        }
    return best;
}

QColor ScatterView::colourOf(int i) const
{
    if (!m_classes.empty() && m_classes[static_cast<std::size_t>(i)] >= 0)
        return curveColor(m_classes[static_cast<std::size_t>(i)]);
    if (!m_values.empty()) {
        const auto scaled = [this](double v) { return m_logScale ? std::log1p(std::max(0.0, v)) : v; };
        const double lo = scaled(m_valueLo), span = std::max(1e-12, scaled(m_valueHi) - lo);
        return QColor::fromRgb(colourFor(ColourScale::Sequential,
                                         static_cast<float>((scaled(m_values[static_cast<std::size_t>(i)]) - lo) / span), 1.0f));
    }
    return palette().color(QPalette::Highlight);
}

void ScatterView::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    if (pointCount() == 0) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, m_message);
        return;
    }
    const auto r = plotRect();
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(r);
    p.setClipRect(r);
    // Small squares without antialiasing: tens of thousands per frame.
    const double size = pointCount() > 5000 ? 2.5 : 4.0;
    for (int i = 0; i < pointCount(); ++i) {
        const auto s = screenPosition(i);
        p.fillRect(QRectF(s.x() - size / 2, s.y() - size / 2, size, size), colourOf(i));
    }
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetricsF labelMetrics(font());
    QList<QRectF> labelBoxes;  // a label that would overlap one already drawn is left to hover
    for (int i : m_highlighted) {
        const auto s = screenPosition(i);
        p.setPen(QPen(palette().color(QPalette::Text), 2));
        p.setBrush(colourOf(i));
        p.drawEllipse(s, 6, 6);
        const auto text = labelMetrics.elidedText(m_labels.value(i), Qt::ElideRight, 300);
        const QRectF box(s + QPointF(9, 4 - labelMetrics.ascent()), labelMetrics.size(0, text));
        if (std::any_of(labelBoxes.begin(), labelBoxes.end(), [&](const QRectF& b) { return b.intersects(box); }))
            continue;
        labelBoxes.append(box);
        p.drawText(s + QPointF(9, 4), text);
    }
    p.setClipping(false);
    // Legend: classes, or the value scale.
    p.setPen(palette().color(QPalette::Text));
    const auto fm = fontMetrics();
    double y = r.top() + fm.height();
    const double x = r.right() + 12;
    if (!m_classes.empty()) {
        for (int c = 0; c < m_classNames.size(); ++c, y += fm.height() + 4) {
            p.fillRect(QRectF(x, y - fm.ascent() + 2, 10, 10), curveColor(c));
            p.drawText(QPointF(x + 16, y), fm.elidedText(m_classNames[c], Qt::ElideRight, kLegendWidth - 30));
        }
    } else if (!m_values.empty()) {
        p.drawText(QPointF(x, y), m_logScale ? tr("%1 (log scale)").arg(m_valueName) : m_valueName);
        const QRectF bar(x, y + 8, 14, std::min(200.0, r.height() - 3 * fm.height()));
        QLinearGradient g(bar.bottomLeft(), bar.topLeft());
        const auto& table = colourTable(ColourScale::Sequential);
        for (int i = 0; i < 256; i += 15)
            g.setColorAt(i / 255.0, QColor::fromRgb(table[i]));
        p.fillRect(bar, g);
        p.drawText(QPointF(bar.right() + 6, bar.top() + fm.ascent()), QString::number(m_valueHi, 'g', 4));
        p.drawText(QPointF(bar.right() + 6, bar.bottom()), QString::number(m_valueLo, 'g', 3));
    }
    p.setPen(palette().color(QPalette::PlaceholderText));
    p.drawText(QRectF(x, r.bottom() - 2 * fm.height(), kLegendWidth - 12, 2 * fm.height()), Qt::TextWordWrap,
               tr("%n point(s)", nullptr, pointCount()));
}

void ScatterView::resizeEvent(QResizeEvent*) { rebuildIndex(); }

void ScatterView::wheelEvent(QWheelEvent* event)
{
    if (pointCount() == 0)
        return;
    const auto r = plotRect();
    const double factor = event->angleDelta().y() > 0 ? 0.8 : 1.25;
    const auto pos = event->position();
    const double fx = (pos.x() - r.left()) / r.width(), fy = (r.bottom() - pos.y()) / r.height();
    const QPointF anchor(m_view.left() + fx * m_view.width(), m_view.top() + fy * m_view.height());
    const double w = m_view.width() * factor, h = m_view.height() * factor;
    m_view = QRectF(anchor.x() - fx * w, anchor.y() - fy * h, w, h);
    rebuildIndex();
    update();
}

void ScatterView::mousePressEvent(QMouseEvent* event)
{
    m_dragFrom = event->position();
    m_dragging = false;
}

void ScatterView::mouseMoveEvent(QMouseEvent* event)
{
    if (event->buttons() & Qt::LeftButton) {
        const auto d = event->position() - m_dragFrom;
        if (m_dragging || std::abs(d.x()) + std::abs(d.y()) > 3) {
            m_dragging = true;
            const auto r = plotRect();
            m_view.translate(-d.x() / r.width() * m_view.width(), d.y() / r.height() * m_view.height());
            m_dragFrom = event->position();
            rebuildIndex();
            update();
        }
        return;
    }
    const int i = pointAt(event->position());
    QString text;
    if (i >= 0) {
        text = m_labels.value(i);
        if (!m_classes.empty() && m_classes[static_cast<std::size_t>(i)] >= 0)
            text = tr("[%1] %2").arg(m_classNames.value(m_classes[static_cast<std::size_t>(i)]), text);
        else if (!m_values.empty())
            text = tr("%1 (%2 %3)").arg(text, m_valueName).arg(m_values[static_cast<std::size_t>(i)]);
    }
    if (text != m_hoverText) {
        m_hoverText = text;
        Q_EMIT hovered(text);
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(event->globalPosition().toPoint(), text, this);
    }
}

void ScatterView::mouseReleaseEvent(QMouseEvent* event)
{
    if (!m_dragging && event->button() == Qt::LeftButton) {
        const int i = pointAt(event->position());
        if (i >= 0)
            Q_EMIT pointClicked(i);
    }
    m_dragging = false;
}

void ScatterView::mouseDoubleClickEvent(QMouseEvent*) { resetView(); }

}  // namespace lathe::gui
