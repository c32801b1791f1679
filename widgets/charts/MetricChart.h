#pragma once
// A line chart of one or more metrics against the training step. Series are replaced in
// one bulk call per update, never point by point.
#include <QChartView>
#include <QHash>
#include <QPointF>
#include <QString>
#include <QVector>

class QLineSeries;
class QValueAxis;

namespace lathe::gui {

class MetricChart : public QChartView {
    Q_OBJECT
public:
    explicit MetricChart(const QString& title, QWidget* parent = nullptr);

    // Adds a curve for `key`, drawn under the legend name `label`.
    void addMetric(const QString& key, const QString& label);
    void setPoints(const QString& key, const QVector<QPointF>& points);
    // Hidden metrics leave the plot and the legend.
    void setMetricVisible(const QString& key, bool visible);
    bool isMetricVisible(const QString& key) const;
    void clear();
    // The step axis spans the whole planned run, so curves grow into a fixed frame.
    void setPlannedSteps(qint64 steps);
    int pointCount(const QString& key) const;

private:
    void rescale();

    QHash<QString, QLineSeries*> m_series;
    QValueAxis* m_x;
    QValueAxis* m_y;
    qint64 m_plannedSteps = 0;
};

}  // namespace lathe::gui
