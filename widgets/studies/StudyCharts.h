#pragma once
// Two views of a study: the optimisation history (each trial's value by its number, and the best
// so far) and the intermediate values (each trial's curve over its evaluations, pruned trials
// grey and dashed, a square where the pruner stopped them).
#include "store/StudyRecord.h"

#include <QtCharts/QChartView>

#include <vector>

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace lathe::gui {

class HistoryChart : public QChartView {
    Q_OBJECT
public:
    explicit HistoryChart(QWidget* parent = nullptr);
    void setTrials(const std::vector<TrialRecord>& trials, bool maximize, const QString& metric);
    // For tests: what is drawn.
    int completePoints() const;
    int prunedPoints() const;
    QList<QPointF> bestLine() const;

private:
    QScatterSeries* m_complete;
    QScatterSeries* m_pruned;
    QLineSeries* m_best;
    QValueAxis* m_x;
    QValueAxis* m_y;
};

class IntermediateChart : public QChartView {
    Q_OBJECT
public:
    explicit IntermediateChart(QWidget* parent = nullptr);
    void setTrials(const std::vector<TrialRecord>& trials, const QString& metric);
    int curveCount() const;

private:
    QValueAxis* m_x;
    QValueAxis* m_y;
};

}  // namespace lathe::gui
