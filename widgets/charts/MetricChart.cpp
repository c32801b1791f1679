#include "charts/MetricChart.h"

#include "charts/ChartAxes.h"
#include "charts/SeriesMath.h"

#include <QAreaSeries>
#include <QChart>
#include <QLabel>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMouseEvent>
#include <QWheelEvent>

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace lathe::gui {

// Wheel zoom per notch.
constexpr double kWheelZoom = 1.25;
// Arrow keys pan by this many pixels.
constexpr int kKeyPan = 40;
// Opacity of the raw curve and of the min/max band behind a smoothed curve.
constexpr int kRawAlpha = 70;
constexpr int kBandAlpha = 45;

struct MetricChart::Curve {
    QString id;
    CurveStyle style;
    MetricSeries samples;     // full resolution, the chart's own copy
    QVector<QPointF> mapped;  // samples on the current axes (log-invalid points dropped)
    qsizetype mappedSamples = 0;
    mutable EmaSmoother ema;  // a cache: reading the smoothed curve may extend it
    QLineSeries* line = nullptr;
    QLineSeries* raw = nullptr;
    QAreaSeries* band = nullptr;
};

MetricChart::MetricChart(const QString& title, QWidget* parent) : QChartView(parent), m_readout(new QLabel(this))
{
    auto* c = new QChart;
    c->setTitle(title);
    c->legend()->setAlignment(Qt::AlignBottom);
    c->setMargins(QMargins(4, 4, 4, 4));
    c->setBackgroundRoundness(0);
    // setChart releases the view's default chart without deleting it.
    QChart* defaultChart = chart();
    setChart(c);
    delete defaultChart;
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::RectangleRubberBand);
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(260, 180);
    m_readout->setObjectName(QStringLiteral("chartReadout"));
    m_readout->setAutoFillBackground(true);
    m_readout->setBackgroundRole(QPalette::ToolTipBase);
    m_readout->setForegroundRole(QPalette::ToolTipText);
    m_readout->setMargin(3);
    m_readout->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_readout->hide();
    applyTheme();
    rebuildAxes();
}

MetricChart::~MetricChart() = default;

MetricChart::Curve* MetricChart::find(const QString& id) const
{
    for (const auto& c : m_curves)
        if (c->id == id)
            return c.get();
    return nullptr;
}

void MetricChart::setCurve(const QString& id, const CurveStyle& style, const MetricSeries& samples)
{
    Curve* c = find(id);
    if (!c) {
        m_curves.push_back(std::make_unique<Curve>());
        c = m_curves.back().get();
        c->id = id;
        c->band = new QAreaSeries(new QLineSeries(this), new QLineSeries(this));
        c->raw = new QLineSeries;
        c->line = new QLineSeries;
        for (QAbstractSeries* s : {static_cast<QAbstractSeries*>(c->band), static_cast<QAbstractSeries*>(c->raw),
                                   static_cast<QAbstractSeries*>(c->line)}) {
            chart()->addSeries(s);
            s->attachAxis(m_x);
            s->attachAxis(m_y);
        }
        for (auto* marker : chart()->legend()->markers(c->band) + chart()->legend()->markers(c->raw))
            marker->setVisible(false);
    }
    const auto old = c->samples.size();
    const bool extends = old > 0 && samples.size() >= old && samples[old - 1].step == c->samples[old - 1].step &&
                         samples[old - 1].value == c->samples[old - 1].value;
    if (extends) {
        c->samples.append(samples.mid(old));
    } else {
        c->samples = MetricSeries(samples.begin(), samples.end());  // own copy, never shared
        c->mapped.clear();
        c->mappedSamples = 0;
    }
    const bool restyle = c->style.label != style.label || c->style.color != style.color;
    if (c->style.epochPerStep != style.epochPerStep || c->style.startTime != style.startTime) {
        c->mapped.clear();
        c->mappedSamples = 0;
    }
    c->style = style;
    if (restyle || old == 0)
        applyStyle(*c);
    remap(*c);
    draw(*c);
    // Several curves usually arrive in one tick: fit the axes once, after the last.
    if (!m_rangesPending) {
        m_rangesPending = true;
        QMetaObject::invokeMethod(this, [this] {
            m_rangesPending = false;
            updateRanges();
        }, Qt::QueuedConnection);
    }
}

void MetricChart::removeCurve(const QString& id)
{
    const auto it = std::find_if(m_curves.begin(), m_curves.end(), [&](const auto& c) { return c->id == id; });
    if (it == m_curves.end())
        return;
    for (QAbstractSeries* s : {static_cast<QAbstractSeries*>((*it)->band), static_cast<QAbstractSeries*>((*it)->raw),
                               static_cast<QAbstractSeries*>((*it)->line)}) {
        chart()->removeSeries(s);
        delete s;
    }
    m_curves.erase(it);
    updateRanges();
}

void MetricChart::clearCurves()
{
    while (!m_curves.empty())
        removeCurve(m_curves.back()->id);
    m_plannedSteps = 0;
    resetView();
}

QStringList MetricChart::curveIds() const
{
    QStringList ids;
    for (const auto& c : m_curves)
        ids << c->id;
    return ids;
}

bool MetricChart::hasData() const
{
    return std::any_of(m_curves.begin(), m_curves.end(), [](const auto& c) { return !c->samples.isEmpty(); });
}

void MetricChart::setOptions(const ChartOptions& options)
{
    const bool axesChange = options.logX != m_options.logX || options.logY != m_options.logY || options.x != m_options.x ||
                            options.stepsAreWords != m_options.stepsAreWords;
    m_options = options;
    m_options.smoothing = std::clamp(m_options.smoothing, 0.0, kMaxSmoothing);
    if (axesChange) {
        for (auto& c : m_curves) {
            c->mapped.clear();
            c->mappedSamples = 0;
        }
        m_zoomed = false;
        rebuildAxes();
    }
    redrawAll();
}

void MetricChart::setPlannedSteps(qint64 steps)
{
    m_plannedSteps = steps;
    updateRanges();
}

void MetricChart::resetView()
{
    m_zoomed = false;
    m_lastBounds = {};
    redrawAll();
}

QString MetricChart::title() const
{
    return chart()->title();
}

void MetricChart::remap(Curve& c)
{
    // Samples map onto the axes once; later calls only map the new tail.
    c.mapped.reserve(c.samples.size());
    const double start = c.style.startTime > 0 ? c.style.startTime : (c.samples.isEmpty() ? 0 : c.samples.front().wallTime);
    for (auto i = c.mappedSamples; i < c.samples.size(); ++i) {
        const auto& s = c.samples[i];
        double x = s.step;
        switch (m_options.x) {
        case XAxisKind::Step: break;
        case XAxisKind::Epoch: x = c.style.epochPerStep > 0 ? s.step * c.style.epochPerStep : s.step; break;
        case XAxisKind::WallTime: x = s.wallTime * 1000.0; break;  // the date-time axis counts milliseconds
        case XAxisKind::RelativeTime: x = s.wallTime - start; break;
        }
        // A log axis cannot show zero or below; a non-finite value still passes to smoothing.
        if ((m_options.logX && !(x > 0)) || (m_options.logY && std::isfinite(s.value) && !(s.value > 0)))
            continue;
        c.mapped.append(QPointF(x, s.value));
    }
    c.mappedSamples = c.samples.size();
}

std::pair<double, double> MetricChart::visibleX() const
{
    if (m_zoomed)
        return axisRange(m_x);
    double x0 = std::numeric_limits<double>::infinity(), x1 = -x0;
    for (const auto& c : m_curves) {
        if (c->mapped.isEmpty())
            continue;
        x0 = std::min(x0, c->mapped.front().x());
        x1 = std::max(x1, c->mapped.back().x());
    }
    return {x0, x1};
}

void MetricChart::draw(Curve& c)
{
    const bool smooth = c.style.smooth && m_options.smoothing > 0;
    if (c.ema.weight() != m_options.smoothing)
        c.ema.reset(m_options.smoothing);
    const QVector<QPointF>& shown = smooth ? c.ema.update(c.mapped) : c.mapped;
    const auto [x0, x1] = visibleX();
    // Two points (min and max) per pixel column is all a line can show.
    const int buckets = std::max(50, int(chart()->plotArea().width()));
    c.line->replace(decimateMinMax(shown, x0, x1, buckets));
    // A line through one point draws nothing: the first evaluation shows as a dot.
    c.line->setPointsVisible(c.line->count() == 1);
    // Hidden series are emptied once and then left alone: every replace() costs a relayout.
    const bool raw = smooth && m_options.showRaw;
    c.raw->setVisible(raw);
    if (raw)
        c.raw->replace(decimateMinMax(c.mapped, x0, x1, buckets));
    else if (c.raw->count() > 0)
        c.raw->clear();
    c.band->setVisible(m_options.showBand);
    if (m_options.showBand) {
        QVector<QPointF> lower, upper;
        minMaxBand(c.mapped, x0, x1, std::max(10, buckets / 4), lower, upper);
        c.band->lowerSeries()->replace(lower);
        c.band->upperSeries()->replace(upper);
    } else if (c.band->upperSeries()->count() > 0) {
        c.band->lowerSeries()->clear();
        c.band->upperSeries()->clear();
    }
}

void MetricChart::redrawAll()
{
    for (auto& c : m_curves)
        remap(*c);
    for (auto& c : m_curves)
        draw(*c);
    updateRanges();
}

void MetricChart::updateRanges()
{
    if (m_zoomed)
        return;
    double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
    for (const auto& c : m_curves) {
        for (const auto* s : {c->line, c->raw}) {
            if (!s->isVisible())
                continue;
            for (const auto& p : s->points()) {
                x0 = std::min(x0, p.x()), x1 = std::max(x1, p.x());
                y0 = std::min(y0, p.y()), y1 = std::max(y1, p.y());
            }
        }
    }
    double planned = 0;
    if (m_options.x == XAxisKind::Step)
        planned = double(m_plannedSteps);
    const std::array<double, 4> bounds{x0, std::max(x1, planned), y0, y1};
    if (bounds == m_lastBounds)
        return;  // setting the same range again would still relayout the chart
    m_lastBounds = bounds;
    setAxisRanges(m_x, m_y, m_options, bounds[0], bounds[1], bounds[2], bounds[3]);
}

void MetricChart::rebuildAxes()
{
    std::vector<QAbstractSeries*> series;
    for (const auto& c : m_curves)
        series.insert(series.end(), {c->band, c->raw, c->line});
    for (auto* axis : {m_x, m_y}) {
        if (axis) {
            chart()->removeAxis(axis);
            delete axis;
        }
    }
    m_lastBounds = {};
    m_x = makeXAxis(m_options);
    m_y = makeYAxis(m_options);
    chart()->addAxis(m_x, Qt::AlignBottom);
    chart()->addAxis(m_y, Qt::AlignLeft);
    for (auto* s : series) {
        s->attachAxis(m_x);
        s->attachAxis(m_y);
    }
}

void MetricChart::applyStyle(Curve& c)
{
    QPen pen(c.style.color, 2);
    c.line->setPen(pen);
    c.line->setName(c.style.label);
    QColor faint = c.style.color;
    faint.setAlpha(kRawAlpha);
    c.raw->setPen(QPen(faint, 1));
    faint.setAlpha(kBandAlpha);
    c.band->setPen(Qt::NoPen);
    c.band->setBrush(faint);
}

void MetricChart::applyTheme()
{
    // Follow the system palette: a dark window gets the dark chart theme.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const auto theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (chart()->theme() != theme) {
        chart()->setTheme(theme);
        for (auto& c : m_curves)
            applyStyle(*c);
    }
    chart()->setBackgroundBrush(palette().color(QPalette::Base));
    chart()->setTitleBrush(palette().color(QPalette::Text));
    chart()->legend()->setLabelColor(palette().color(QPalette::Text));
}

void MetricChart::markZoomed()
{
    m_zoomed = true;
    for (auto& c : m_curves)
        draw(*c);
}

int MetricChart::drawnPointCount(const QString& id) const
{
    const auto* c = find(id);
    return c ? int(c->line->count()) : 0;
}

QVector<QPointF> MetricChart::drawnPoints(const QString& id) const
{
    const auto* c = find(id);
    return c ? c->line->points() : QVector<QPointF>();
}

QVector<QPointF> MetricChart::smoothedPoints(const QString& id) const
{
    auto* c = find(id);
    if (!c)
        return {};
    const bool smooth = c->style.smooth && m_options.smoothing > 0;
    return smooth ? c->ema.update(c->mapped) : c->mapped;
}

QString MetricChart::hoverText() const
{
    return m_readout->isVisible() ? m_readout->text() : QString();
}

void MetricChart::showReadoutAt(const QPointF& viewPosition)
{
    const QPointF scene = mapToScene(viewPosition.toPoint());
    const QPointF inChart = chart()->mapFromScene(scene);
    if (m_curves.empty() || !chart()->plotArea().contains(inChart)) {
        m_readout->hide();
        return;
    }
    const double x = chart()->mapToValue(inChart, m_curves.front()->line).x();
    QStringList lines{formatX(x)};
    for (const auto& c : m_curves) {
        const auto& points = smoothedPoints(c->id);
        if (points.isEmpty() || !c->line->isVisible())
            continue;
        auto it = std::lower_bound(points.begin(), points.end(), x, [](const QPointF& p, double v) { return p.x() < v; });
        if (it == points.end() || (it != points.begin() && x - (it - 1)->x() < it->x() - x))
            --it;
        lines << QStringLiteral("%1: %2").arg(c->style.label, QString::number(it->y(), 'g', 4));
    }
    m_readout->setText(lines.join(QLatin1Char('\n')));
    m_readout->adjustSize();
    const QRectF plot = chart()->plotArea();
    m_readout->move(int(plot.right()) - m_readout->width() - 4, int(plot.top()) + 4);
    m_readout->show();
}

QString MetricChart::formatX(double x) const
{
    return xLabel(m_options, x);
}

void MetricChart::resizeEvent(QResizeEvent* event)
{
    QChartView::resizeEvent(event);
    redrawAll();
}

void MetricChart::wheelEvent(QWheelEvent* event)
{
    chart()->zoom(event->angleDelta().y() > 0 ? kWheelZoom : 1 / kWheelZoom);
    markZoomed();
    event->accept();
}

void MetricChart::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && event->modifiers() & Qt::ShiftModifier)) {
        m_panning = true;
        m_panFrom = event->position().toPoint();
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void MetricChart::mouseMoveEvent(QMouseEvent* event)
{
    if (m_panning) {
        const QPoint delta = event->position().toPoint() - m_panFrom;
        m_panFrom = event->position().toPoint();
        chart()->scroll(-delta.x(), delta.y());
        markZoomed();
    }
    showReadoutAt(event->position());
    QChartView::mouseMoveEvent(event);
}

void MetricChart::mouseReleaseEvent(QMouseEvent* event)
{
    if (m_panning) {
        m_panning = false;
        event->accept();
        return;
    }
    // The base class zooms into a dragged box (left) or out (right).
    QChartView::mouseReleaseEvent(event);
    if (event->button() == Qt::LeftButton || event->button() == Qt::RightButton)
        if (chart()->isZoomed())
            markZoomed();
}

void MetricChart::mouseDoubleClickEvent(QMouseEvent* event)
{
    resetView();
    event->accept();
}

void MetricChart::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Left: chart()->scroll(-kKeyPan, 0); break;
    case Qt::Key_Right: chart()->scroll(kKeyPan, 0); break;
    case Qt::Key_Up: chart()->scroll(0, kKeyPan); break;
    case Qt::Key_Down: chart()->scroll(0, -kKeyPan); break;
    case Qt::Key_Plus: chart()->zoom(kWheelZoom); break;
    case Qt::Key_Minus: chart()->zoom(1 / kWheelZoom); break;
    case Qt::Key_0: resetView(); return;
    default: QChartView::keyPressEvent(event); return;
    }
    markZoomed();
}

void MetricChart::leaveEvent(QEvent* event)
{
    m_readout->hide();
    QChartView::leaveEvent(event);
}

void MetricChart::changeEvent(QEvent* event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange)
        applyTheme();
}

}  // namespace lathe::gui
