#include "charts/SeriesMath.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace lathe::gui {

void EmaSmoother::reset(double weight)
{
    m_weight = std::clamp(weight, 0.0, kMaxSmoothing);
    m_average = 0;
    m_weightPower = 1;
    m_lastInput = {};
    m_out.clear();
}

const QVector<QPointF>& EmaSmoother::update(const QVector<QPointF>& points)
{
    const auto done = m_out.size();
    const bool extends = done > 0 && points.size() >= done && points[done - 1] == m_lastInput;
    if (!extends && done > 0)
        reset(m_weight);
    m_out.reserve(points.size());
    for (auto i = m_out.size(); i < points.size(); ++i) {
        const QPointF& p = points[i];
        if (!std::isfinite(p.y())) {
            m_out.append(p);
            continue;
        }
        m_average = m_weight * m_average + (1 - m_weight) * p.y();
        m_weightPower *= m_weight;
        m_out.append(QPointF(p.x(), m_average / (1 - m_weightPower)));
    }
    if (!points.isEmpty())
        m_lastInput = points.back();
    return m_out;
}

QVector<QPointF> smoothEma(const QVector<QPointF>& points, double weight)
{
    EmaSmoother s(weight);
    return s.update(points);
}

namespace {

bool finite(const QPointF& p)
{
    return std::isfinite(p.x()) && std::isfinite(p.y());
}

// Index range [begin, end) of points inside [x0, x1], widened by one on each side.
std::pair<qsizetype, qsizetype> visibleRange(const QVector<QPointF>& points, double x0, double x1)
{
    const auto byX = [](const QPointF& p, double x) { return p.x() < x; };
    auto begin = std::lower_bound(points.begin(), points.end(), x0, byX) - points.begin();
    auto end = std::lower_bound(points.begin() + begin, points.end(), std::nextafter(x1, INFINITY), byX) - points.begin();
    return {std::max<qsizetype>(0, begin - 1), std::min<qsizetype>(points.size(), end + 1)};
}

}  // namespace

QVector<QPointF> decimateMinMax(const QVector<QPointF>& points, double x0, double x1, int buckets)
{
    QVector<QPointF> out;
    const auto [begin, end] = visibleRange(points, x0, x1);
    buckets = std::max(1, buckets);
    if (end - begin <= 2 * qsizetype(buckets) || !(x1 > x0)) {
        for (auto i = begin; i < end; ++i)
            if (finite(points[i]))
                out.append(points[i]);
        return out;
    }
    out.reserve(2 * buckets + 2);
    const double width = (x1 - x0) / buckets;
    qsizetype i = begin;
    while (i < end) {
        const auto& p = points[i];
        if (!finite(p)) {
            ++i;
            continue;
        }
        // Points outside [x0, x1] (the neighbours kept for the edges) form their own slices.
        const auto bucket = p.x() < x0 ? -1 : p.x() > x1 ? buckets : std::min<qsizetype>(buckets - 1, qsizetype((p.x() - x0) / width));
        qsizetype lo = i, hi = i;
        qsizetype j = i + 1;
        for (; j < end; ++j) {
            const auto& q = points[j];
            if (!finite(q))
                continue;
            const auto b = q.x() < x0 ? -1 : q.x() > x1 ? buckets : std::min<qsizetype>(buckets - 1, qsizetype((q.x() - x0) / width));
            if (b != bucket)
                break;
            if (q.y() < points[lo].y())
                lo = j;
            if (q.y() > points[hi].y())
                hi = j;
        }
        out.append(points[std::min(lo, hi)]);
        if (lo != hi)
            out.append(points[std::max(lo, hi)]);
        i = j;
    }
    return out;
}

void minMaxBand(const QVector<QPointF>& points, double x0, double x1, int buckets, QVector<QPointF>& lower,
                QVector<QPointF>& upper)
{
    lower.clear();
    upper.clear();
    if (!(x1 > x0))
        return;
    buckets = std::max(1, buckets);
    const double width = (x1 - x0) / buckets;
    std::vector<double> lo(buckets, std::numeric_limits<double>::infinity());
    std::vector<double> hi(buckets, -std::numeric_limits<double>::infinity());
    const auto [begin, end] = visibleRange(points, x0, x1);
    for (auto i = begin; i < end; ++i) {
        const auto& p = points[i];
        if (!finite(p) || p.x() < x0 || p.x() > x1)
            continue;
        const auto b = std::min(buckets - 1, int((p.x() - x0) / width));
        lo[b] = std::min(lo[b], p.y());
        hi[b] = std::max(hi[b], p.y());
    }
    for (int b = 0; b < buckets; ++b) {
        if (lo[b] > hi[b])
            continue;
        const double x = x0 + (b + 0.5) * width;
        lower.append(QPointF(x, lo[b]));
        upper.append(QPointF(x, hi[b]));
    }
}

}  // namespace lathe::gui
