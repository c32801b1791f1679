#pragma once
// Display math for metric curves: smoothing on the full-resolution series, then min/max
// decimation for drawing. Points are (x, y) with x non-decreasing.
#include <QPointF>
#include <QVector>

namespace lathe::gui {

// The smoothing weight is capped here; at 1 the average would never move.
constexpr double kMaxSmoothing = 0.999;

// Exponential moving average with bias correction (as TensorBoard and Adam do): the
// running average s = w·s + (1−w)·y is shown divided by 1 − wⁿ, n the finite points seen,
// so the curve starts at the data rather than at zero. Non-finite values pass through
// unchanged and leave the average alone. Extends incrementally while the series grows.
class EmaSmoother {
public:
    explicit EmaSmoother(double weight = 0) { reset(weight); }
    void reset(double weight);
    double weight() const { return m_weight; }
    // Smoothed copy of `points`. When `points` extends the series seen last time, only
    // the new tail is computed; otherwise it starts over.
    const QVector<QPointF>& update(const QVector<QPointF>& points);

private:
    double m_weight = 0;
    double m_average = 0;
    double m_weightPower = 1;  // wⁿ
    QPointF m_lastInput;
    QVector<QPointF> m_out;
};

QVector<QPointF> smoothEma(const QVector<QPointF>& points, double weight);

// Thins `points` for drawing over [x0, x1] split into `buckets` equal slices: each slice
// keeps its lowest and highest point in x order, so spikes stay visible. The last point
// before x0 and the first after x1 are kept so lines run off the edges. Non-finite points
// are dropped. Series already small enough come back unchanged (minus non-finite points).
QVector<QPointF> decimateMinMax(const QVector<QPointF>& points, double x0, double x1, int buckets);

// The min/max envelope per slice, at each slice's centre, for a shaded band.
void minMaxBand(const QVector<QPointF>& points, double x0, double x1, int buckets, QVector<QPointF>& lower,
                QVector<QPointF>& upper);

}  // namespace lathe::gui
