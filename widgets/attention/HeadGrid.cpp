#include "attention/HeadGrid.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace lathe::gui {

namespace {
constexpr int kThumb = 64;
constexpr int kGap = 6;
}  // namespace

HeadGrid::HeadGrid(QWidget* parent) : QWidget(parent)
{
    setToolTip(tr("Every layer and head; click one to show it large"));
}

void HeadGrid::setMaps(const QVector<QVector<SquareMap>>& maps, bool causal, ColourScale scale)
{
    m_images.clear();
    const QRgb masked = palette().color(QPalette::Window).darker(115).rgb();
    for (const auto& layer : maps) {
        QVector<QImage> row;
        for (const auto& m : layer) {
            float hi = 0;
            for (float v : m.values)
                hi = std::max(hi, std::abs(v));
            QImage image(m.cols, m.size, QImage::Format_RGB32);
            for (int q = 0; q < m.size; ++q) {
                auto* line = reinterpret_cast<QRgb*>(image.scanLine(q));
                for (int k = 0; k < m.cols; ++k)
                    line[k] = causal && k > q ? masked : colourFor(scale, m.at(q, k), hi);
            }
            row.append(image);
        }
        m_images.append(row);
    }
    m_layer = std::clamp(m_layer, 0, std::max(0, layers() - 1));
    m_head = std::clamp(m_head, 0, std::max(0, heads() - 1));
    // Inside a scroll area that does not resize it, the grid sizes itself.
    resize(sizeHint());
    updateGeometry();
    update();
}

void HeadGrid::setCurrent(int layer, int head)
{
    m_layer = layer;
    m_head = head;
    update();
}

QRect HeadGrid::thumbnailRect(int layer, int head) const
{
    const int left = fontMetrics().horizontalAdvance(tr("Layer %1").arg(99)) + 2 * kGap;
    const int top = fontMetrics().height() + kGap;
    return {left + head * (kThumb + kGap), top + layer * (kThumb + kGap), kThumb, kThumb};
}

QPoint HeadGrid::thumbnailCentre(int layer, int head) const { return thumbnailRect(layer, head).center(); }

QSize HeadGrid::sizeHint() const
{
    if (m_images.isEmpty())
        return {kThumb * 2, kThumb};
    const auto last = thumbnailRect(layers() - 1, heads() - 1);
    return {last.right() + kGap, last.bottom() + kGap};
}

void HeadGrid::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setPen(palette().color(QPalette::Text));
    for (int h = 0; h < heads(); ++h) {
        const auto r = thumbnailRect(0, h);
        p.drawText(QRect(r.left(), 0, r.width(), r.top()), Qt::AlignCenter, tr("Head %1").arg(h + 1));
    }
    for (int l = 0; l < layers(); ++l) {
        const auto r = thumbnailRect(l, 0);
        p.setPen(palette().color(QPalette::Text));
        p.drawText(QRect(0, r.top(), r.left() - kGap, r.height()), Qt::AlignRight | Qt::AlignVCenter,
                   tr("Layer %1").arg(l + 1));
        for (int h = 0; h < heads(); ++h) {
            const auto t = thumbnailRect(l, h);
            p.drawImage(t, m_images[l][h]);
            const bool current = l == m_layer && h == m_head;
            p.setPen(current ? QPen(palette().color(QPalette::Highlight), 3) : QPen(palette().color(QPalette::Mid), 1));
            p.drawRect(current ? t.adjusted(-2, -2, 1, 1) : t.adjusted(0, 0, -1, -1));
        }
    }
}

void HeadGrid::mousePressEvent(QMouseEvent* event)
{
    for (int l = 0; l < layers(); ++l)
        for (int h = 0; h < heads(); ++h)
            if (thumbnailRect(l, h).contains(event->position().toPoint())) {
                setCurrent(l, h);
                Q_EMIT headChosen(l, h);
                return;
            }
}

}  // namespace lathe::gui
