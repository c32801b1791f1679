#include "attention/AttentionHeatmap.h"

#include <QElapsedTimer>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace lathe::gui {

namespace {
// Room for token labels (elided beyond this), the legend, and the selection strip.
constexpr int kLabelSpace = 96;
constexpr int kLegendWidth = 64;
constexpr int kStripHeight = 26;
constexpr int kMargin = 6;
}  // namespace

AttentionHeatmap::AttentionHeatmap(QWidget* parent) : QWidget(parent)
{
    setMouseTracking(true);
    setAttribute(Qt::WA_OpaquePaintEvent, false);
    clear(tr("Pick a run and an example to see its attention."));
}

void AttentionHeatmap::setMap(const SquareMap& map, const QStringList& tokens, bool causal, ColourScale scale,
                              const QString& title, const QStringList& keyTokens)
{
    QElapsedTimer timer;
    timer.start();
    m_map = map;
    m_tokens = tokens;
    m_keyTokens = keyTokens;
    m_causal = causal;
    m_scale = scale;
    m_title = title;
    m_message.clear();
    m_max = 0;
    for (float v : m_map.values)
        if (std::isfinite(v))
            m_max = std::max(m_max, std::abs(v));
    const int n = m_map.size;
    m_image = QImage(m_map.cols, n, QImage::Format_RGB32);
    const QRgb masked = palette().color(QPalette::Window).darker(115).rgb();
    for (int q = 0; q < n; ++q) {
        auto* line = reinterpret_cast<QRgb*>(m_image.scanLine(q));
        for (int k = 0; k < m_map.cols; ++k)
            line[k] = causal && k > q ? masked : colourFor(m_scale, m_map.at(q, k), m_max);
    }
    m_selected.erase(std::remove_if(m_selected.begin(), m_selected.end(), [n](int t) { return t >= n; }),
                     m_selected.end());
    m_buildMs = static_cast<double>(timer.nsecsElapsed()) / 1e6;
    update();
}

void AttentionHeatmap::clear(const QString& message)
{
    m_map = SquareMap();
    m_tokens.clear();
    m_keyTokens.clear();
    m_image = QImage();
    m_message = message;
    m_title.clear();
    m_selected.clear();
    m_hoverText.clear();
    update();
}

void AttentionHeatmap::setSelectedTokens(const QList<int>& tokens)
{
    m_selected = tokens;
    update();
    Q_EMIT selectionChanged(m_selected);
}

std::vector<float> AttentionHeatmap::selectedSum() const
{
    return summedRows(m_map, std::vector<int>(m_selected.begin(), m_selected.end()));
}

float AttentionHeatmap::scaleMax() const { return m_scale == ColourScale::Sequential ? m_max : std::max(m_max, 1e-6f); }

QString AttentionHeatmap::cellText(int query, int key) const
{
    if (query < 0 || key < 0 || query >= m_map.size || key >= m_map.cols)
        return {};
    const auto q = m_tokens.value(query), k = keyToken(key);
    if (m_causal && key > query)
        return tr("%1 (%2) → %3 (%4): masked (a decoder never sees later tokens)").arg(q).arg(query).arg(k).arg(key);
    const float v = m_map.at(query, key);
    return tr("%1 (%2) → %3 (%4): %5").arg(q).arg(query).arg(k).arg(key).arg(
        m_scale == ColourScale::Diverging ? QString::asprintf("%+.4f", v) : QString::number(v, 'f', 4));
}

AttentionHeatmap::Geometry AttentionHeatmap::geometry() const
{
    Geometry g;
    const int rows = std::max(1, m_map.size), cols = std::max(1, m_map.cols);
    const double top = fontMetrics().height() + 8 + kLabelSpace;
    const double left = kMargin + kLabelSpace;
    const double w = width() - left - kLegendWidth - kMargin;
    const double h = height() - top - kStripHeight - kMargin;
    g.cell = std::max(0.5, std::min(w / cols, h / rows));
    g.cells = QRectF(left, top, g.cell * cols, g.cell * rows);
    g.labelStride = std::max(1, static_cast<int>(std::ceil((fontMetrics().height() + 1) / g.cell)));
    g.strip = QRectF(left, g.cells.bottom() + 6, g.cells.width(), kStripHeight - 10);
    g.legend = QRectF(g.cells.right() + 12, top, 14, g.cells.height());
    return g;
}

QPoint AttentionHeatmap::cellCentre(int query, int key) const
{
    const auto g = geometry();
    return QPointF(g.cells.left() + (key + 0.5) * g.cell, g.cells.top() + (query + 0.5) * g.cell).toPoint();
}

QPoint AttentionHeatmap::queryLabelCentre(int query) const
{
    const auto g = geometry();
    return QPointF(g.cells.left() - kLabelSpace / 2.0, g.cells.top() + (query + 0.5) * g.cell).toPoint();
}

int AttentionHeatmap::tokenAt(double coordinate, double origin, double cell, int count) const
{
    const int i = static_cast<int>(std::floor((coordinate - origin) / cell));
    return i >= 0 && i < count ? i : -1;
}

void AttentionHeatmap::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Base));
    if (!hasMap()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, m_message);
        return;
    }
    const auto g = geometry();
    p.setPen(palette().color(QPalette::Text));
    QFont bold = font();
    bold.setBold(true);
    p.setFont(bold);
    p.drawText(QRectF(kMargin, 2, width() - 2 * kMargin, fontMetrics().height() + 4), Qt::AlignLeft | Qt::AlignVCenter,
               m_title);
    p.setFont(font());
    p.setRenderHint(QPainter::SmoothPixmapTransform, false);
    p.drawImage(g.cells, m_image);
    if (m_causal && g.cell >= 3) {
        // Hatch the masked triangle so it reads as "not allowed", not as "zero".
        p.save();
        QPolygonF upper({g.cells.topLeft() + QPointF(g.cell, 0), g.cells.topRight(), g.cells.bottomRight() - QPointF(0, g.cell)});
        p.setClipRegion(QRegion(upper.toPolygon()));
        p.fillRect(g.cells, QBrush(palette().color(QPalette::Mid), Qt::BDiagPattern));
        p.restore();
    }
    const QColor highlight = palette().color(QPalette::Highlight);
    for (int t : m_selected) {
        p.setPen(QPen(highlight, 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(QRectF(g.cells.left(), g.cells.top() + t * g.cell, g.cells.width(), g.cell));
        // The same token as a key: only where queries and keys are one sequence.
        if (m_map.square()) {
            p.setPen(QPen(highlight, 1, Qt::DashLine));
            p.drawRect(QRectF(g.cells.left() + t * g.cell, g.cells.top(), g.cell, g.cells.height()));
        }
    }
    paintLabels(p, g);
    paintLegend(p, g);
    paintStrip(p, g);
}

namespace {
// A space token (character-level models) would leave its label blank.
QString visible(const QString& token) { return !token.isEmpty() && token.trimmed().isEmpty() ? QStringLiteral("␣") : token; }
}  // namespace

void AttentionHeatmap::paintLabels(QPainter& p, const Geometry& g)
{
    const auto fm = fontMetrics();
    const QColor text = palette().color(QPalette::Text);
    for (int i = 0; i < std::max(m_map.size, m_map.cols); i += g.labelStride) {
        const bool selected = m_selected.contains(i);
        QFont f = font();
        f.setBold(selected);
        p.setFont(f);
        p.setPen(selected ? palette().color(QPalette::Highlight) : text);
        const double centre = (i + 0.5) * g.cell;
        // Queries down the left, right-aligned against the map.
        if (i < m_map.size)
            p.drawText(QRectF(g.cells.left() - kLabelSpace, g.cells.top() + centre - fm.height() / 2.0, kLabelSpace - 4,
                              fm.height()),
                       Qt::AlignRight | Qt::AlignVCenter, fm.elidedText(visible(m_tokens.value(i)), Qt::ElideRight, kLabelSpace - 8));
        if (i >= m_map.cols)
            continue;
        const QString label = fm.elidedText(visible(keyToken(i)), Qt::ElideRight, kLabelSpace - 8);
        if (!m_map.square()) {
            f.setBold(false);
            p.setFont(f);
            p.setPen(text);
        }
        // Keys across the top, rotated to read bottom-up.
        p.save();
        p.translate(g.cells.left() + centre, g.cells.top() - 4);
        p.rotate(-90);
        p.drawText(QRectF(0, -fm.height() / 2.0, kLabelSpace - 4, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, label);
        p.restore();
    }
    p.setFont(font());
}

void AttentionHeatmap::paintLegend(QPainter& p, const Geometry& g)
{
    const auto& table = colourTable(m_scale);
    QLinearGradient gradient(g.legend.bottomLeft(), g.legend.topLeft());
    for (int i = 0; i < 256; i += 15)
        gradient.setColorAt(i / 255.0, QColor::fromRgb(table[i]));
    gradient.setColorAt(1.0, QColor::fromRgb(table[255]));
    p.fillRect(g.legend, gradient);
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(g.legend);
    p.setPen(palette().color(QPalette::Text));
    const float hi = scaleMax();
    const auto fm = fontMetrics();
    const QString top = m_scale == ColourScale::Diverging ? QString::asprintf("+%.3f", hi) : QString::number(hi, 'f', 3);
    const QString bottom = m_scale == ColourScale::Diverging ? QString::asprintf("−%.3f", hi) : QStringLiteral("0");
    p.drawText(QPointF(g.legend.right() + 4, g.legend.top() + fm.ascent()), top);
    p.drawText(QPointF(g.legend.right() + 4, g.legend.bottom()), bottom);
    if (m_scale == ColourScale::Diverging)
        p.drawText(QPointF(g.legend.right() + 4, g.legend.center().y() + fm.ascent() / 2.0), QStringLiteral("0"));
}

void AttentionHeatmap::paintStrip(QPainter& p, const Geometry& g)
{
    if (m_selected.isEmpty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(g.strip.adjusted(0, -2, 0, 6), Qt::AlignLeft | Qt::AlignVCenter,
                   tr("Click tokens (Ctrl adds) to sum their attention over the keys here."));
        return;
    }
    const auto sum = selectedSum();
    float hi = 0;
    for (float v : sum)
        hi = std::max(hi, std::abs(v));
    for (int k = 0; k < m_map.cols; ++k)
        p.fillRect(QRectF(g.strip.left() + k * g.cell, g.strip.top(), g.cell, g.strip.height()),
                   QColor::fromRgb(colourFor(m_scale, sum[static_cast<std::size_t>(k)], hi)));
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(g.strip);
    p.setPen(palette().color(QPalette::Text));
    p.drawText(QRectF(kMargin, g.strip.top() - 4, kLabelSpace, g.strip.height() + 8), Qt::AlignRight | Qt::AlignVCenter,
               tr("Σ selected"));
}

void AttentionHeatmap::mouseMoveEvent(QMouseEvent* event)
{
    if (!hasMap())
        return;
    const auto g = geometry();
    const auto pos = event->position();
    QString text;
    const int q = tokenAt(pos.y(), g.cells.top(), g.cell, m_map.size), k = tokenAt(pos.x(), g.cells.left(), g.cell, m_map.cols);
    if (g.cells.contains(pos))
        text = cellText(q, k);
    else if (pos.x() < g.cells.left() && q >= 0)
        text = tr("query %1: %2").arg(q).arg(m_tokens.value(q));
    else if (pos.y() < g.cells.top() && pos.y() > g.cells.top() - kLabelSpace && k >= 0)
        text = tr("key %1: %2").arg(k).arg(keyToken(k));
    else if (g.strip.contains(pos) && k >= 0 && !m_selected.isEmpty())
        text = tr("Σ selected → %1 (%2): %3").arg(keyToken(k)).arg(k).arg(selectedSum()[static_cast<std::size_t>(k)], 0, 'f', 4);
    if (text != m_hoverText) {
        m_hoverText = text;
        Q_EMIT hovered(text);
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(event->globalPosition().toPoint(), text, this);
    }
}

void AttentionHeatmap::mousePressEvent(QMouseEvent* event)
{
    if (!hasMap() || event->button() != Qt::LeftButton)
        return;
    const auto g = geometry();
    const auto pos = event->position();
    int token = -1;
    if (pos.y() >= g.cells.top() && pos.y() < g.cells.bottom() && pos.x() < g.cells.right())
        token = tokenAt(pos.y(), g.cells.top(), g.cell, m_map.size);  // a query label or a cell: its query
    else if (pos.y() < g.cells.top() && pos.x() >= g.cells.left() && m_map.square())
        token = tokenAt(pos.x(), g.cells.left(), g.cell, m_map.cols);  // a key label (the same token as a query)
    auto selected = m_selected;
    if (event->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier)) {
        if (token >= 0 && !selected.removeOne(token))
            selected.append(token);
    } else {
        selected = token >= 0 && !(selected.size() == 1 && selected.front() == token) ? QList<int>{token} : QList<int>{};
    }
    setSelectedTokens(selected);
}

void AttentionHeatmap::leaveEvent(QEvent*)
{
    if (!m_hoverText.isEmpty()) {
        m_hoverText.clear();
        Q_EMIT hovered({});
    }
}

}  // namespace lathe::gui
