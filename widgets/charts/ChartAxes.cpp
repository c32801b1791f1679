#include "charts/ChartAxes.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QLocale>
#include <QLogValueAxis>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace lathe::gui {

// The x axis before any point arrives: whole numbers, so its labels read 0, 2, 4 …
constexpr double kInitialSteps = 10;

namespace {

QString xTitle(const ChartOptions& options)
{
    switch (options.x) {
    case XAxisKind::Step:
        return options.stepsAreWords ? QCoreApplication::translate("lathe::gui::MetricChart", "words")
                                     : QCoreApplication::translate("lathe::gui::MetricChart", "step");
    case XAxisKind::Epoch: return QCoreApplication::translate("lathe::gui::MetricChart", "epoch");
    case XAxisKind::WallTime: return QCoreApplication::translate("lathe::gui::MetricChart", "time of day");
    case XAxisKind::RelativeTime: return QCoreApplication::translate("lathe::gui::MetricChart", "time (s)");
    }
    return {};
}

QAbstractAxis* valueAxis(bool log, const QString& format)
{
    if (log) {
        auto* a = new QLogValueAxis;
        a->setBase(10);
        a->setLabelFormat(QStringLiteral("%g"));
        a->setMinorTickCount(-1);
        a->setTruncateLabels(false);
        return a;
    }
    auto* a = new QValueAxis;
    a->setLabelFormat(format);
    // Qt Charts elides labels wider than the space it first laid out ("..." for a throughput
    // of 250000 tokens/s once the axis had shown 5-digit values): the plot makes room instead.
    a->setTruncateLabels(false);
    return a;
}

}  // namespace

QAbstractAxis* makeXAxis(const ChartOptions& options)
{
    QAbstractAxis* axis;
    if (options.x == XAxisKind::WallTime) {
        auto* a = new QDateTimeAxis;
        a->setFormat(QStringLiteral("HH:mm:ss"));
        a->setTickCount(5);
        axis = a;
    } else {
        axis = valueAxis(options.logX, options.x == XAxisKind::Step ? QStringLiteral("%d") : QStringLiteral("%.6g"));
    }
    axis->setTitleText(xTitle(options));
    return axis;
}

QAbstractAxis* makeYAxis(const ChartOptions& options)
{
    return valueAxis(options.logY, QStringLiteral("%.6g"));
}

std::pair<double, double> axisRange(const QAbstractAxis* axis)
{
    if (const auto* a = qobject_cast<const QValueAxis*>(axis))
        return {a->min(), a->max()};
    if (const auto* a = qobject_cast<const QLogValueAxis*>(axis))
        return {a->min(), a->max()};
    if (const auto* a = qobject_cast<const QDateTimeAxis*>(axis))
        return {double(a->min().toMSecsSinceEpoch()), double(a->max().toMSecsSinceEpoch())};
    return {0, 1};
}

namespace {

// A span this small against the values' size is a flat line, and the share of the value
// a flat line's frame extends either side.
constexpr double kFlatSpan = 1e-6;
constexpr double kFlatPad = 0.1;

// The value axes aim at this many ticks before rounding to nice numbers.
constexpr int kNiceTicks = 5;

// 1, 2 or 5 × 10^k near x: at or above it (ceiling), or nearest.
double niceNumber(double x, bool ceiling)
{
    const double z = std::pow(10.0, std::floor(std::log10(x)));
    const double q = x / z;
    if (ceiling)
        return z * (q <= 1 ? 1 : q <= 2 ? 2 : q <= 5 ? 5 : 10);
    return z * (q < 1.5 ? 1 : q < 3 ? 2 : q < 7 ? 5 : 10);
}

// Widens [lo, hi] to whole multiples of a nice step (Heckbert's loose labels, as Qt's
// applyNiceNumbers does), always from the same tick target: the result depends on the
// range alone, so a range that moves a little inside the same frame gives the same frame.
struct NiceRange {
    double lo, hi;
    int ticks;
};
NiceRange niceRange(double lo, double hi)
{
    if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi))
        return {lo, hi, kNiceTicks};
    const double step = niceNumber(niceNumber(hi - lo, true) / (kNiceTicks - 1), false);
    const double first = std::floor(lo / step), last = std::ceil(hi / step);
    return {first * step, last * step, int(last - first) + 1};
}

void setRange(QAbstractAxis* axis, double lo, double hi, bool nice = false)
{
    if (auto* a = qobject_cast<QDateTimeAxis*>(axis)) {
        a->setRange(QDateTime::fromMSecsSinceEpoch(qint64(lo)), QDateTime::fromMSecsSinceEpoch(qint64(hi)));
    } else if (auto* v = qobject_cast<QValueAxis*>(axis)) {
        // Round tick values (0.2, 0.4 … rather than 0.116, 0.339 …) read at a glance. Not on
        // x, where the frame should end at the run's last step.
        // The nice frame is computed here rather than by setting the raw range and then
        // applyNiceNumbers: that changed the range twice per tick while a run trained, and each
        // change lays out and draws the chart again. An unchanged frame is a no-op in Qt.
        if (nice) {
            const auto r = niceRange(lo, hi);
            v->setTickCount(r.ticks);
            lo = r.lo, hi = r.hi;
        }
        v->setRange(lo, hi);
    } else {
        axis->setRange(lo, hi);
    }
}

// Steps are whole numbers: ticks every 1, 2 or 5 × 10^k steps from 0, at most nine of them,
// rather than a fixed five that label 2.5 as "2".
void useWholeStepTicks(QValueAxis* axis)
{
    const double span = axis->max() - axis->min();
    if (!(span > 0))
        return;
    double interval = 1;
    for (double magnitude = 1; interval * 8 < span; magnitude *= 10)
        for (double m : {1.0, 2.0, 5.0})
            if ((interval = m * magnitude) * 8 >= span)
                break;
    axis->setTickType(QValueAxis::TicksDynamic);
    axis->setTickAnchor(0);
    axis->setTickInterval(interval);
}

}  // namespace

void setAxisRanges(QAbstractAxis* x, QAbstractAxis* y, const ChartOptions& options, double x0, double x1, double y0,
                   double y1)
{
    if (!(x0 <= x1)) {
        // Nothing to show yet: an empty frame.
        if (options.x == XAxisKind::WallTime) {
            const double now = double(QDateTime::currentMSecsSinceEpoch());
            setRange(x, now, now + 60'000);
        } else {
            setRange(x, options.logX ? 1 : 0, kInitialSteps);
        }
        setRange(y, options.logY ? 0.1 : 0, 1);
        return;
    }
    if (options.x == XAxisKind::WallTime)
        setRange(x, x0, std::max(x1, x0 + 1000));
    else if (options.logX)
        setRange(x, x0, std::max(x1, x0 * 10));
    else
        setRange(x, std::min(0.0, x0), std::max({x1, kInitialSteps * (options.x == XAxisKind::Step ? 1 : 0.1), x0 + 1e-9}));
    if (auto* steps = qobject_cast<QValueAxis*>(x); steps && options.x == XAxisKind::Step && !options.logX)
        useWholeStepTicks(steps);

    if (options.logY) {
        setRange(y, y0 / 1.25, std::max(y1 * 1.25, y0 * 2));
        return;
    }
    // A little headroom so a curve never sits on the frame; non-negative metrics keep a
    // floor at zero rather than dipping below it.
    double pad = (y1 - y0) * 0.05;
    // A single value (the first evaluation) or a flat curve has no span to pad: the frame
    // is then sized from the value itself, so the ticks read 0.80 … 1.00 rather than
    // 0.903729 … 0.903732.
    const double magnitude = std::max(std::abs(y0), std::abs(y1));
    if (y1 - y0 <= kFlatSpan * std::max(1.0, magnitude))
        pad = magnitude > 0 ? magnitude * kFlatPad : 0.5;
    const double lo = (y0 >= 0 && y0 - pad < 0) ? 0.0 : y0 - pad;
    // Shares (accuracy, F1) stop at 1 rather than rounding up to a meaningless 1.5.
    const double hi = (y0 >= 0 && y1 <= 1) ? std::min(1.0, y1 + pad) : y1 + pad;
    setRange(y, lo, hi, true);
}

QString xLabel(const ChartOptions& options, double x)
{
    const QLocale locale;
    switch (options.x) {
    case XAxisKind::Step:
        return (options.stepsAreWords ? QCoreApplication::translate("lathe::gui::MetricChart", "word %1")
                                      : QCoreApplication::translate("lathe::gui::MetricChart", "step %1"))
            .arg(locale.toString(qint64(std::llround(x))));
    case XAxisKind::Epoch: return QCoreApplication::translate("lathe::gui::MetricChart", "epoch %1").arg(locale.toString(x, 'f', 2));
    case XAxisKind::WallTime: return QDateTime::fromMSecsSinceEpoch(qint64(x)).toString(QStringLiteral("HH:mm:ss"));
    case XAxisKind::RelativeTime: return QCoreApplication::translate("lathe::gui::MetricChart", "%1 s").arg(locale.toString(x, 'f', 1));
    }
    return {};
}

QColor curveColor(int index)
{
    static const QColor colors[] = {QColor(0x4e79a7), QColor(0xf28e2b), QColor(0x59a14f), QColor(0xe15759),
                                    QColor(0x76b7b2), QColor(0xedc948), QColor(0xb07aa1), QColor(0xff9da7),
                                    QColor(0x9c755f), QColor(0xbab0ac)};
    return colors[index % std::size(colors)];
}

}  // namespace lathe::gui
