#include "studies/ParallelCoordinates.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

namespace lathe::gui {

namespace {
constexpr double kNone = -1;       // a conditional parameter the trial did not have
constexpr double kNoneGap = 0.10;  // how far under the axis 'none' sits, as a share of its height

// A perceptual ramp from dark purple (worst) through teal to yellow (best), like viridis.
QColor ramp(double t)
{
    const QColor stops[] = {QColor(68, 1, 84), QColor(59, 82, 139), QColor(33, 145, 140), QColor(94, 201, 98),
                            QColor(253, 231, 37)};
    t = std::clamp(t, 0.0, 1.0) * 4;
    const int i = std::min(3, int(t));
    const double f = t - i;
    const auto mix = [f](int a, int b) { return int(a + (b - a) * f); };
    return QColor(mix(stops[i].red(), stops[i + 1].red()), mix(stops[i].green(), stops[i + 1].green()),
                  mix(stops[i].blue(), stops[i + 1].blue()));
}

QString label(double v)
{
    return QString::number(v, 'g', 3);
}
}  // namespace

ParallelCoordinates::ParallelCoordinates(QWidget* parent) : QWidget(parent)
{
    setMinimumHeight(220);
    setMouseTracking(false);
    setToolTip(tr("Drag along an axis to keep only the trials in that range; click an axis to clear its range"));
}

void ParallelCoordinates::setTrials(const std::vector<TrialRecord>& trials, const std::vector<QVariantMap>& values,
                                    const std::string& spaceJson, bool maximize, const QString& metric)
{
    const auto space = QJsonDocument::fromJson(QByteArray::fromStdString(spaceJson)).object();
    std::vector<const TrialRecord*> complete;
    std::vector<const QVariantMap*> params;
    for (std::size_t i = 0; i < trials.size(); ++i)
        if (trials[i].state == "complete" && trials[i].value && std::isfinite(*trials[i].value) && i < values.size()) {
            complete.push_back(&trials[i]);
            params.push_back(&values[i]);
        }
    m_axes.clear();
    for (const auto& name : space.keys()) {
        const auto spec = space.value(name).toObject();
        Axis a;
        a.name = name;
        a.categorical = spec.value(QStringLiteral("type")).toString() == QStringLiteral("categorical");
        a.log = spec.value(QStringLiteral("log")).toBool();
        for (const auto& c : spec.value(QStringLiteral("choices")).toArray())
            a.choices.append(c.isString() ? c.toString() : QString::number(c.toDouble()));
        const double low = spec.value(QStringLiteral("low")).toDouble(), high = spec.value(QStringLiteral("high")).toDouble();
        a.low = a.log ? std::log(std::max(low, 1e-300)) : low;
        a.high = a.log ? std::log(std::max(high, 1e-300)) : high;
        for (const auto* p : params)
            a.hasNone = a.hasNone || !p->contains(name);
        m_axes.push_back(a);
    }
    Axis objective;
    objective.name = metric;
    double worst = INFINITY, best = -INFINITY;
    for (const auto* t : complete) {
        const double v = maximize ? *t->value : -*t->value;
        worst = std::min(worst, v);
        best = std::max(best, v);
    }
    objective.low = complete.empty() ? 0 : (maximize ? worst : -worst);
    objective.high = complete.empty() ? 1 : (maximize ? best : -best);
    m_axes.push_back(objective);

    m_lines.clear();
    for (std::size_t i = 0; i < complete.size(); ++i) {
        Line line;
        for (std::size_t k = 0; k + 1 < m_axes.size(); ++k) {
            const auto& a = m_axes[k];
            const auto v = params[i]->value(a.name);
            if (!v.isValid()) {
                line.at.push_back(kNone);
            } else if (a.categorical) {
                const bool text = v.typeId() == QMetaType::QString;
                const int c = a.choices.indexOf(text ? v.toString() : QString::number(v.toDouble()));
                line.at.push_back(a.choices.isEmpty() ? 0.5 : (c + 0.5) / a.choices.size());
            } else {
                const double x = a.log ? std::log(std::max(v.toDouble(), 1e-300)) : v.toDouble();
                line.at.push_back(a.high > a.low ? std::clamp((x - a.low) / (a.high - a.low), 0.0, 1.0) : 0.5);
            }
        }
        // The objective axis: better is higher, whichever the direction.
        const double v = maximize ? *complete[i]->value : -*complete[i]->value;
        line.quality = best > worst ? (v - worst) / (best - worst) : 1.0;
        line.at.push_back(line.quality);
        m_lines.push_back(line);
    }
    // Worst drawn first, so the best lines are on top.
    std::stable_sort(m_lines.begin(), m_lines.end(), [](const Line& a, const Line& b) { return a.quality < b.quality; });
    std::erase_if(m_brushes, [this](const auto& b) { return b.first >= int(m_axes.size()); });
    invalidate();
}

void ParallelCoordinates::invalidate()
{
    m_layerValid = false;
    update();
}

void ParallelCoordinates::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    m_layerValid = false;
}

void ParallelCoordinates::renderLines()
{
    const qreal dpr = devicePixelRatioF();
    m_lineLayer = QImage((size() * dpr), QImage::Format_ARGB32_Premultiplied);
    m_lineLayer.setDevicePixelRatio(dpr);
    m_lineLayer.fill(Qt::transparent);
    QPainter p(&m_lineLayer);
    // Antialiased wide lines cost ~1 ms each to stroke; past a few hundred trials the lines are
    // one pixel, cosmetic and aliased (Bresenham), and drawn one colour at a time.
    const bool many = m_lines.size() > 400;
    p.setRenderHint(QPainter::Antialiasing, !many);
    const int n = static_cast<int>(m_axes.size());
    std::vector<double> xs(static_cast<std::size_t>(n));
    for (int k = 0; k < n; ++k)
        xs[std::size_t(k)] = axisX(k);
    std::vector<QPointF> points(static_cast<std::size_t>(n));
    const auto polyline = [&](const Line& line) {
        for (int k = 0; k < n; ++k)
            points[std::size_t(k)] = QPointF(xs[std::size_t(k)], toY(line.at[std::size_t(k)]));
        p.drawPolyline(points.data(), n);
    };
    // Filtered-out lines, faint grey, underneath.
    // Opaque when there are many: blending each pixel of thousands of lines is the slow part.
    QColor grey(200, 200, 200);
    grey.setAlphaF(many ? 1.0 : 0.5);
    p.setPen(QPen(grey, many ? 0 : 1.0));
    for (const auto& line : m_lines)
        if (!selected(line))
            polyline(line);
    // Selected lines, worst first so the best end on top, in 32 colour steps.
    constexpr int kSteps = 32;
    int current = -1;
    for (const auto& line : m_lines) {
        if (!selected(line))
            continue;
        const int step = std::min(kSteps - 1, int(line.quality * kSteps));
        if (step != current) {
            QColor c = ramp((step + 0.5) / kSteps);
            c.setAlphaF(many ? 1.0 : 0.85);
            p.setPen(QPen(c, many ? 0 : 1.6));
            current = step;
        }
        polyline(line);
    }
    m_layerValid = true;
}

QStringList ParallelCoordinates::axisNames() const
{
    QStringList out;
    for (const auto& a : m_axes)
        out.append(a.name);
    return out;
}

void ParallelCoordinates::setBrush(int axis, double from, double to)
{
    if (from == to)
        m_brushes.erase(axis);
    else
        m_brushes[axis] = {std::min(from, to), std::max(from, to)};
    invalidate();
}

void ParallelCoordinates::clearBrushes()
{
    m_brushes.clear();
    invalidate();
}

bool ParallelCoordinates::selected(const Line& line) const
{
    for (const auto& [axis, range] : m_brushes) {
        const double v = line.at[std::size_t(axis)];
        if (v == kNone || v < range.first || v > range.second)
            return false;
    }
    return true;
}

int ParallelCoordinates::selectedCount() const
{
    return static_cast<int>(std::count_if(m_lines.begin(), m_lines.end(), [this](const Line& l) { return selected(l); }));
}

QRectF ParallelCoordinates::plotArea() const
{
    const QFontMetricsF fm(font());
    return QRectF(50, fm.height() * 2 + 6, std::max(10.0, width() - 100.0),
                  std::max(10.0, height() - fm.height() * 4.5 - 12));
}

double ParallelCoordinates::axisX(int axis) const
{
    const auto r = plotArea();
    const int n = static_cast<int>(m_axes.size());
    return n <= 1 ? r.center().x() : r.left() + r.width() * axis / (n - 1);
}

double ParallelCoordinates::toY(double position) const
{
    const auto r = plotArea();
    const double p = position == kNone ? -kNoneGap : position;
    return r.bottom() - p * r.height() / (1 + kNoneGap) - (kNoneGap * r.height() / (1 + kNoneGap));
}

int ParallelCoordinates::axisAt(double x) const
{
    for (int i = 0; i < int(m_axes.size()); ++i)
        if (std::abs(axisX(i) - x) < 14)
            return i;
    return -1;
}

void ParallelCoordinates::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    p.fillRect(rect(), palette().base());
    const QFontMetricsF fm(font());
    if (m_lines.empty()) {
        p.setPen(palette().color(QPalette::PlaceholderText));
        p.drawText(rect(), Qt::AlignCenter, tr("No complete trials yet"));
        return;
    }
    const int n = static_cast<int>(m_axes.size());
    if (!m_layerValid || m_lineLayer.size() != size() * devicePixelRatioF())
        renderLines();
    p.drawImage(QPointF(0, 0), m_lineLayer);
    // Axes, their names, ticks and brushes.
    const auto text = palette().color(QPalette::Text);
    for (int k = 0; k < n; ++k) {
        const auto& a = m_axes[std::size_t(k)];
        const double x = axisX(k);
        p.setPen(QPen(text, 1.2));
        p.drawLine(QPointF(x, toY(0)), QPointF(x, toY(1)));
        QFont bold = font();
        bold.setBold(true);
        p.setFont(bold);
        const double w = std::max(60.0, plotArea().width() / std::max(1, n - 1) - 4);
        p.drawText(QRectF(x - w / 2, 2, w, fm.height() * 1.2), Qt::AlignCenter,
                   QFontMetricsF(bold).elidedText(a.name, Qt::ElideMiddle, w));
        p.setFont(font());
        const auto tick = [&](double pos, const QString& s) {
            p.drawLine(QPointF(x - 3, toY(pos)), QPointF(x + 3, toY(pos)));
            p.drawText(QRectF(x + 5, toY(pos) - fm.height() / 2, 80, fm.height()), Qt::AlignLeft | Qt::AlignVCenter, s);
        };
        if (a.categorical) {
            for (int c = 0; c < a.choices.size(); ++c)
                tick((c + 0.5) / a.choices.size(), a.choices[c]);
        } else if (k == n - 1) {
            tick(0, label(a.low));
            tick(1, label(a.high));
        } else {
            for (double pos : {0.0, 0.5, 1.0}) {
                const double v = a.low + pos * (a.high - a.low);
                tick(pos, label(a.log ? std::exp(v) : v));
            }
        }
        if (a.hasNone) {
            p.setPen(QPen(palette().color(QPalette::PlaceholderText), 1, Qt::DotLine));
            tick(kNone, tr("none"));
            p.setPen(QPen(text, 1.2));
        }
        std::optional<std::pair<double, double>> brush;
        if (auto it = m_brushes.find(k); it != m_brushes.end())
            brush = it->second;
        if (m_dragAxis && *m_dragAxis == k)
            brush = std::make_pair(std::min(m_dragFrom, m_dragTo), std::max(m_dragFrom, m_dragTo));
        if (brush) {
            QColor fill(31, 119, 180, 60);
            p.fillRect(QRectF(x - 7, toY(brush->second), 14, toY(brush->first) - toY(brush->second)), fill);
            p.setPen(QPen(QColor(31, 119, 180), 1.5));
            p.drawRect(QRectF(x - 7, toY(brush->second), 14, toY(brush->first) - toY(brush->second)));
        }
    }
    // The colour scale's meaning, under the plot.
    p.setPen(text);
    const QString legend = tr("%1 of %2 trials shown · colour: worst (purple) to best (yellow)")
                               .arg(selectedCount())
                               .arg(m_lines.size());
    p.drawText(QRectF(0, height() - fm.height() * 1.4, width(), fm.height() * 1.2), Qt::AlignCenter, legend);
}

void ParallelCoordinates::mousePressEvent(QMouseEvent* event)
{
    const int axis = axisAt(event->position().x());
    if (axis < 0)
        return;
    const auto r = plotArea();
    const double pos = (r.bottom() - event->position().y()) / (r.height() / (1 + kNoneGap)) - kNoneGap;
    m_dragAxis = axis;
    m_dragFrom = m_dragTo = std::clamp(pos, 0.0, 1.0);
}

void ParallelCoordinates::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_dragAxis)
        return;
    const auto r = plotArea();
    m_dragTo = std::clamp((r.bottom() - event->position().y()) / (r.height() / (1 + kNoneGap)) - kNoneGap, 0.0, 1.0);
    update();
}

void ParallelCoordinates::mouseReleaseEvent(QMouseEvent*)
{
    if (!m_dragAxis)
        return;
    // A click (no drag) clears the axis's brush.
    setBrush(*m_dragAxis, m_dragFrom, std::abs(m_dragTo - m_dragFrom) < 0.01 ? m_dragFrom : m_dragTo);
    m_dragAxis.reset();
}

}  // namespace lathe::gui
