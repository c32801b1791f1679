#include "charts/MetricChart.h"

#include <QChart>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <limits>

namespace lathe::gui {

// The step axis before any point arrives: whole numbers, so its labels read 0, 2, 4 …
constexpr int kInitialSteps = 10;

MetricChart::MetricChart(const QString& title, QWidget* parent)
    : QChartView(parent), m_x(new QValueAxis), m_y(new QValueAxis)
{
    auto* c = new QChart;
    c->setTitle(title);
    c->legend()->setAlignment(Qt::AlignBottom);
    c->setMargins(QMargins(4, 4, 4, 4));
    c->addAxis(m_x, Qt::AlignBottom);
    c->addAxis(m_y, Qt::AlignLeft);
    m_x->setTitleText(tr("step"));
    m_x->setLabelFormat(QStringLiteral("%d"));
    m_y->setLabelFormat(QStringLiteral("%.3g"));
    m_x->setRange(0, kInitialSteps);
    m_y->setRange(0, 1);
    setChart(c);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(180);
}

void MetricChart::addMetric(const QString& key, const QString& label)
{
    auto* s = new QLineSeries;
    s->setName(label);
    chart()->addSeries(s);
    s->attachAxis(m_x);
    s->attachAxis(m_y);
    m_series.insert(key, s);
}

void MetricChart::setPoints(const QString& key, const QVector<QPointF>& points)
{
    if (auto* s = m_series.value(key)) {
        s->replace(points);
        rescale();
    }
}

void MetricChart::setMetricVisible(const QString& key, bool visible)
{
    if (auto* s = m_series.value(key))
        s->setVisible(visible);
}

bool MetricChart::isMetricVisible(const QString& key) const
{
    const auto* s = m_series.value(key);
    return s && s->isVisible();
}

void MetricChart::clear()
{
    for (auto* s : std::as_const(m_series))
        s->clear();
    m_plannedSteps = 0;
    m_x->setRange(0, kInitialSteps);
    m_y->setRange(0, 1);
}

void MetricChart::setPlannedSteps(qint64 steps)
{
    m_plannedSteps = steps;
    m_x->setRange(0, std::max<double>(kInitialSteps, steps));
}

int MetricChart::pointCount(const QString& key) const
{
    const auto* s = m_series.value(key);
    return s ? s->count() : 0;
}

void MetricChart::rescale()
{
    double x1 = 0, y0 = std::numeric_limits<double>::max(), y1 = std::numeric_limits<double>::lowest();
    for (const auto* s : std::as_const(m_series)) {
        for (const auto& p : s->points()) {
            x1 = std::max(x1, p.x());
            y0 = std::min(y0, p.y());
            y1 = std::max(y1, p.y());
        }
    }
    if (y0 > y1)
        return;
    // A little headroom so a curve never sits on the frame.
    const double pad = std::max(1e-6, (y1 - y0) * 0.05);
    m_x->setRange(0, std::max({double(kInitialSteps), double(m_plannedSteps), x1}));
    // Non-negative metrics keep a floor at zero rather than dipping below it.
    const double lo = (y0 >= 0 && y0 - pad < 0) ? 0.0 : y0 - pad;
    m_y->setRange(lo, y1 + pad);
}

}  // namespace lathe::gui
