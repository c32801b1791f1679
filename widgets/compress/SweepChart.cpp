#include "compress/SweepChart.h"

#include <QChart>
#include <QEvent>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QTimer>
#include <QValueAxis>

#include <algorithm>

namespace lathe::gui {

namespace {
// Marker size of points on curves, in pixels.
constexpr double kMarker = 7.0;

std::pair<double, double> axisRange(const QAbstractAxis* axis)
{
    if (const auto* log = qobject_cast<const QLogValueAxis*>(axis))
        return {log->min(), log->max()};
    const auto* value = static_cast<const QValueAxis*>(axis);
    return {value->min(), value->max()};
}
}  // namespace

SweepChart::SweepChart(const QString& title, QWidget* parent) : QChartView(new QChart, parent)
{
    chart()->setTitle(title);
    chart()->legend()->setAlignment(Qt::AlignBottom);
    chart()->setMargins(QMargins(4, 4, 4, 4));
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(280, 220);
    applyTheme();
    rebuild();
}

void SweepChart::setAxisTitles(const QString& x, const QString& y)
{
    m_xTitle = x;
    m_yTitle = y;
    scheduleRebuild();
}

void SweepChart::setLogX(bool logX)
{
    m_logX = logX;
    scheduleRebuild();
}

void SweepChart::setUnitInterval(bool unit)
{
    m_unit = unit;
    scheduleRebuild();
}

void SweepChart::setCurves(const QList<SweepCurve>& curves)
{
    m_curves = curves;
    scheduleRebuild();
}

void SweepChart::setReference(const QString& label, double y)
{
    m_referenceLabel = label;
    m_reference = y;
    scheduleRebuild();
}

void SweepChart::clear()
{
    m_curves.clear();
    m_reference = std::numeric_limits<double>::quiet_NaN();
    scheduleRebuild();
}

int SweepChart::pointCount() const
{
    int n = 0;
    for (const auto& c : m_curves)
        n += static_cast<int>(c.points.size());
    return n;
}

bool SweepChart::exportImage(const QString& path)
{
    if (m_rebuildPending)
        rebuild();
    return grab().save(path);
}

void SweepChart::scheduleRebuild()
{
    // A panel sets curves, titles and the reference one after another: draw once for all.
    if (m_rebuildPending)
        return;
    m_rebuildPending = true;
    QTimer::singleShot(0, this, [this] {
        if (m_rebuildPending)
            rebuild();
    });
}

void SweepChart::rebuild()
{
    m_rebuildPending = false;
    auto* c = chart();
    c->removeAllSeries();
    // removeAxis hands the axis back to the caller (removeAllSeries deletes the series).
    for (auto* axis : c->axes()) {
        c->removeAxis(axis);
        delete axis;
    }

    double x0 = std::numeric_limits<double>::infinity(), x1 = -x0, y0 = x0, y1 = -x0;
    for (const auto& curve : m_curves)
        for (const auto& p : curve.points) {
            if (m_logX && p.x() <= 0)
                continue;
            x0 = std::min(x0, p.x());
            x1 = std::max(x1, p.x());
            y0 = std::min(y0, p.y());
            y1 = std::max(y1, p.y());
        }
    if (std::isfinite(m_reference)) {
        y0 = std::min(y0, m_reference);
        y1 = std::max(y1, m_reference);
    }
    if (!(x0 <= x1)) {
        x0 = m_logX ? 1 : 0;
        x1 = m_logX ? 10 : 1;
    }
    if (!(y0 <= y1)) {
        y0 = 0;
        y1 = 1;
    }
    if (x1 == x0) {
        x0 = m_logX ? x0 / 2 : x0 - 1;
        x1 = m_logX ? x1 * 2 : x1 + 1;
    }
    const double pad = y1 > y0 ? 0.06 * (y1 - y0) : 0.05;
    y0 -= pad;
    y1 += pad;
    if (m_unit) {
        y0 = std::max(0.0, y0);
        y1 = std::min(1.0, y1);
    }

    QAbstractAxis* xAxis;
    if (m_logX) {
        auto* a = new QLogValueAxis;
        a->setBase(2);
        a->setLabelFormat(QStringLiteral("%g"));
        a->setRange(x0 / 1.2, x1 * 1.2);
        xAxis = a;
    } else {
        auto* a = new QValueAxis;
        const double xpad = 0.04 * (x1 - x0);
        a->setRange(x0 - xpad, x1 + xpad);
        a->applyNiceNumbers();  // round ticks: 15,000 and 16,000, not 15,306.4
        a->setLabelFormat(QStringLiteral("%.6g"));
        xAxis = a;
    }
    auto* yAxis = new QValueAxis;
    yAxis->setRange(y0, y1);
    yAxis->applyNiceNumbers();
    if (m_unit)
        yAxis->setRange(std::max(0.0, yAxis->min()), std::min(1.0, yAxis->max()));
    yAxis->setLabelFormat(QStringLiteral("%.3g"));
    xAxis->setTitleText(m_xTitle);
    yAxis->setTitleText(m_yTitle);
    c->addAxis(xAxis, Qt::AlignBottom);
    c->addAxis(yAxis, Qt::AlignLeft);

    const auto attach = [&](QXYSeries* s) {
        c->addSeries(s);
        s->attachAxis(xAxis);
        s->attachAxis(yAxis);
    };
    for (const auto& curve : m_curves) {
        QList<QPointF> points;
        for (const auto& p : curve.points)
            if (!m_logX || p.x() > 0)
                points.append(p);
        std::sort(points.begin(), points.end(), [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); });
        if (curve.line) {
            auto* s = new QLineSeries;
            s->setName(curve.name);
            s->append(points);
            s->setPen(QPen(curve.color, 2, curve.dashed ? Qt::DashLine : Qt::SolidLine));
            s->setPointsVisible(curve.markers);
            s->setMarkerSize(kMarker);
            attach(s);
        } else {
            auto* s = new QScatterSeries;
            s->setName(curve.name);
            s->append(points);
            s->setColor(curve.color);
            s->setBorderColor(curve.color.darker(130));
            s->setMarkerSize(kMarker + 2);
            attach(s);
        }
    }
    if (std::isfinite(m_reference)) {
        auto* s = new QLineSeries;
        s->setName(m_referenceLabel);
        const auto range = axisRange(xAxis);
        s->append(range.first, m_reference);
        s->append(range.second, m_reference);
        QPen pen(palette().color(QPalette::Text), 1.5, Qt::DashLine);
        s->setPen(pen);
        attach(s);
    }
}

void SweepChart::applyTheme()
{
    // Follow the application palette, as the metric charts do.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    const auto theme = dark ? QChart::ChartThemeDark : QChart::ChartThemeLight;
    if (chart()->theme() != theme)
        chart()->setTheme(theme);
    chart()->setBackgroundBrush(palette().color(QPalette::Base));
    chart()->setTitleBrush(palette().color(QPalette::Text));
    chart()->legend()->setLabelColor(palette().color(QPalette::Text));
}

void SweepChart::changeEvent(QEvent* event)
{
    QChartView::changeEvent(event);
    if (event->type() == QEvent::PaletteChange || event->type() == QEvent::ApplicationPaletteChange) {
        applyTheme();
        rebuild();
    }
}

}  // namespace lathe::gui
