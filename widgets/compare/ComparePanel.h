#pragma once
// Two or more runs side by side: overlaid curves per metric (one colour per run, the same
// smoothing and axis controls as Live), the configuration keys that differ, and a metrics
// table (last, best, min, max or value at a step). Exports charts as PNG/SVG, tables and
// the full metric history as CSV, and any run's configuration as JSON for `lathe-cli
// train --config` or the Model & Training panel.
#include "compare/RunComparison.h"

#include <QList>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QGridLayout;
class QLabel;
class QSpinBox;
class QTableWidget;

namespace lathe {
class RunStore;
}

namespace lathe::gui {

class ChartControls;
class ConfusionMatrixView;
class MetricChart;

class ComparePanel : public QWidget {
    Q_OBJECT
public:
    explicit ComparePanel(QWidget* parent = nullptr);

    void setStore(RunStore* store) { m_store = store; }
    void setRuns(const QList<qint64>& runIds);
    QList<qint64> runs() const;

    MetricChart* chart(const QString& metricKey) const;
    QStringList chartKeys() const;
    QTableWidget* configTable() const { return m_configTable; }
    QTableWidget* metricsTable() const { return m_metricsTable; }
    // One confusion matrix per run that has a validation evaluation.
    QList<ConfusionMatrixView*> confusionViews() const { return m_confusions; }
    void setShowAllKeys(bool all);
    void setStatistic(MetricStatistic statistic, qint64 step = 0);

    // The configuration of run `runId` as JSON (also put on the clipboard by the button).
    QString configJson(qint64 runId) const;
    // Writes <base>-<metric>.png|svg for every chart; returns the files written.
    QStringList exportCharts(const QString& basePath);
    bool exportTables(const QString& configCsv, const QString& metricsCsv);
    bool exportHistory(const QString& csvPath);
    QString message() const;

Q_SIGNALS:
    // Inspect (beside the run box) or a double-click on a run's column: make it the current run.
    void inspectRequested(qint64 runId);

private:
    void rebuildCharts();
    void fillConfigTable();
    void fillMetricsTable();
    void fillConfusions();
    void setMessage(const QString& text, bool error = false);
    void chooseChartExport();
    void chooseTableExport();
    void chooseHistoryExport();
    void copyConfig();

    RunStore* m_store = nullptr;
    QList<ComparedRun> m_runs;
    QLabel* m_title;
    ChartControls* m_controls;
    QGridLayout* m_grid;
    QList<MetricChart*> m_charts;
    QCheckBox* m_showAll;
    QTableWidget* m_configTable;
    QComboBox* m_statistic;
    QSpinBox* m_step;
    QTableWidget* m_metricsTable;
    QGridLayout* m_confusionGrid;
    QList<ConfusionMatrixView*> m_confusions;
    QComboBox* m_configRun;
    QLabel* m_message;
};

}  // namespace lathe::gui
