#pragma once
// Two views of a study: the optimisation history (each trial's value by its number, and the best
// so far) and the intermediate values (each trial's curve over its evaluations, pruned trials
// grey and dashed, a square where the pruner stopped them).
#include "store/StudyRecord.h"

#include <QVariantMap>
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
    // For tests: the trials drawn (past 2,000 a scatter keeps one point per cell of a fine grid).
    int completePoints() const;
    int prunedPoints() const;
    QList<QPointF> bestLine() const;

private:
    QScatterSeries* m_complete;
    QScatterSeries* m_pruned;
    QLineSeries* m_best;
    QValueAxis* m_x;
    QValueAxis* m_y;
    int m_completeCount = 0, m_prunedCount = 0;
};

// Each parameter's values against the objective, one parameter at a time (log axis for a log
// scale, a categorical's choices as categories).
class SliceChart : public QChartView {
    Q_OBJECT
public:
    explicit SliceChart(QWidget* parent = nullptr);
    // `spaceJson`: the study's search space, for each parameter's scale and choices.
    // `params`: each trial's parameters, parsed (aligned with `trials`).
    void setTrials(const std::vector<TrialRecord>& trials, const std::vector<QVariantMap>& params,
                   const std::string& spaceJson, const QString& parameter, const QString& metric);
    int pointCount() const;  // the trials drawn (decimated past 2,000, as the history)

private:
    void resetAxes();
    int m_points = 0;
};

// Parameter importance (PED-ANOVA) as horizontal bars, most important on top.
class ImportanceChart : public QChartView {
    Q_OBJECT
public:
    explicit ImportanceChart(QWidget* parent = nullptr);
    void setImportance(const std::vector<std::pair<QString, double>>& importance);
    QStringList parameters() const { return m_names; }

private:
    QStringList m_names;
};

class IntermediateChart : public QChartView {
    Q_OBJECT
public:
    explicit IntermediateChart(QWidget* parent = nullptr);
    // Past 300 trials with curves, the best complete ones and the latest others (the title says).
    void setTrials(const std::vector<TrialRecord>& trials, bool maximize, const QString& metric);
    int curveCount() const;

private:
    QValueAxis* m_x;
    QValueAxis* m_y;
};

}  // namespace lathe::gui
