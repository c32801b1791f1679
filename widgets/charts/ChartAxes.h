#pragma once
// Axes for MetricChart: linear, log or date-time, chosen by the chart options.
#include "charts/ChartTypes.h"

#include <QString>

#include <utility>

class QAbstractAxis;

namespace lathe::gui {

QAbstractAxis* makeXAxis(const ChartOptions& options);
QAbstractAxis* makeYAxis(const ChartOptions& options);
// The axis's current range in the units of the mapped points.
std::pair<double, double> axisRange(const QAbstractAxis* axis);
// Fits the axes to data bounds with a little headroom; an empty range (x0 > x1) leaves a
// sensible empty frame.
void setAxisRanges(QAbstractAxis* x, QAbstractAxis* y, const ChartOptions& options, double x0, double x1, double y0,
                   double y1);
// The readout's first line: "step 1,200", "epoch 2.5", "12:04:31" or "95.2 s".
QString xLabel(const ChartOptions& options, double x);

}  // namespace lathe::gui
