#pragma once
// A chart of metric curves over step, epoch or time. It keeps each curve's full-resolution
// history, smooths it (EMA with bias correction) before thinning it to a min/max view of
// at most two points per pixel column, so a million-point run draws as fast as a short
// one and a curve keeps its shape as the run grows. Zoom (drag a box, wheel), pan
// (Shift- or middle-drag, arrow keys), hover readout, double-click resets the view.
#include "charts/ChartTypes.h"

#include <QChartView>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QVector>

#include <array>
#include <memory>
#include <vector>

class QAbstractAxis;
class QLabel;

namespace lathe::gui {

class MetricChart : public QChartView {
    Q_OBJECT
public:
    explicit MetricChart(const QString& title, QWidget* parent = nullptr);
    ~MetricChart() override;

    // Adds or replaces curve `id`. When `samples` extends what the curve had, only the new
    // tail is processed, so calling this with a growing series each tick stays cheap.
    void setCurve(const QString& id, const CurveStyle& style, const MetricSeries& samples);
    void removeCurve(const QString& id);
    void clearCurves();
    QStringList curveIds() const;
    bool hasData() const;

    void setOptions(const ChartOptions& options);
    const ChartOptions& options() const { return m_options; }
    // On the step axis the frame spans the planned run, so curves grow into it.
    void setPlannedSteps(qint64 steps);
    void resetView();
    bool isZoomed() const { return m_zoomed; }

    QString title() const;
    // The smoothed curve at full resolution, and how many points of it are drawn.
    QVector<QPointF> smoothedPoints(const QString& id) const;
    int drawnPointCount(const QString& id) const;
    QVector<QPointF> drawnPoints(const QString& id) const;
    // The readout for the position under the mouse; empty when it is outside the plot.
    QString hoverText() const;
    void showReadoutAt(const QPointF& viewPosition);
    // Saves what is on screen as PNG or SVG (by suffix); false when it cannot be written.
    bool exportImage(const QString& path);

protected:
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void leaveEvent(QEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    struct Curve;
    Curve* find(const QString& id) const;
    void remap(Curve& c);
    void draw(Curve& c);
    void redrawAll();
    void rebuildAxes();
    void updateRanges();
    void applyTheme();
    void applyStyle(Curve& c);
    void markZoomed();
    std::pair<double, double> visibleX() const;
    QString formatX(double x) const;

    std::vector<std::unique_ptr<Curve>> m_curves;
    ChartOptions m_options;
    QAbstractAxis* m_x = nullptr;
    QAbstractAxis* m_y = nullptr;
    QLabel* m_readout;
    qint64 m_plannedSteps = 0;
    bool m_zoomed = false;
    bool m_rangesPending = false;
    std::array<double, 4> m_lastBounds{};
    bool m_panning = false;
    QPoint m_panFrom;
};

}  // namespace lathe::gui
