#pragma once
// Compression lab: low-rank factorization of a trained run. Shows each Linear layer's
// singular-value energy, sweeps ranks or parameter budgets (one layer at a time, every
// layer at one rank, or ranks allocated globally under a budget) off the GUI thread with
// progress and Cancel, streams accuracy-vs-parameters and per-layer sensitivity into
// charts as points arrive, and saves any point as a new run. Every sweep of the run kept
// in the database is shown when the run is chosen.
#include "common/BackgroundTask.h"
#include "compress/SweepTask.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QSpinBox;
class QTabWidget;
class QTableView;

namespace lathe {
class RunStore;
}

namespace lathe::gui {

class SweepChart;
class SweepPointsModel;

class CompressPanel : public QWidget {
    Q_OBJECT
public:
    // What Start sweeps: uniform and global at the same parameter counts (one sweep each),
    // either alone, or each layer on its own.
    enum class Plan { UniformAndGlobal, Uniform, Global, Layer, UniformGlobalMeasured, Measured };

    explicit CompressPanel(QWidget* parent = nullptr);

    void setStore(RunStore* store);
    void refreshRuns();
    bool setRun(qint64 runId);
    qint64 runId() const;
    void setThreads(int threads) { m_threads = threads; }
    void setPlan(Plan plan);
    // Comma-separated ranks ("4, 8, 16") or, with budgets, percentages of the Linear weights.
    void setValues(const QString& text, bool budgets = false);
    // Retained-energy percentages ("50, 90"): each layer at the smallest rank keeping that share.
    void setEnergyValues(const QString& text);
    void setFinetuneSteps(int steps);
    // Starts a sweep; false (with a message) when the settings are unusable or one is running.
    bool start();
    void cancel();
    bool isBusy() const;
    // Saves the point in table row `row` (as sorted) as a new run, off the GUI thread.
    void saveRow(int row);

    QString message() const;
    QString sizeText() const;
    SweepChart* tradeoffChart() const { return m_tradeoff; }
    SweepChart* layerChart() const { return m_perLayer; }
    SweepChart* spectrumChart() const { return m_spectra; }
    SweepPointsModel* points() const { return m_points; }
    QTableView* table() const { return m_table; }

Q_SIGNALS:
    void sweepFinished();
    void runSaved(qint64 runId);
    void runChosen(qint64 runId);  // the user picked a run in the run box

private:
    void loadHistory();
    void showSize();
    void onSpectra(const std::vector<LayerSpectrum>& spectra, const SweepPoint& reference);
    void onPoints(const std::vector<SweepPoint>& points);
    void onFinished(bool cancelled, const QString& error, double seconds);
    void redrawCharts();
    void showBeforeColumn();
    void fillMetrics();
    void setBusy(bool busy);
    void setMessage(const QString& text, bool error = false);
    std::string metricKey() const;

    RunStore* m_store = nullptr;
    int m_threads = 1;
    QComboBox* m_runs;
    QComboBox* m_plan;
    QComboBox* m_valueKind;
    QLineEdit* m_values;
    QSpinBox* m_finetune;
    QPushButton* m_start;
    QPushButton* m_cancel;
    QComboBox* m_metric;
    QProgressBar* m_progress;
    QTabWidget* m_tabs;
    SweepChart* m_tradeoff;
    SweepChart* m_perLayer;
    SweepChart* m_spectra;
    SweepPointsModel* m_points;
    QSortFilterProxyModel* m_sorted;
    QTableView* m_table;
    QPushButton* m_save;
    QLabel* m_message;
    QLabel* m_size;
    std::vector<LayerSpectrum> m_layerSpectra;
    SweepTask m_task;
    // The point being saved, and (from the worker) the run it became or why it could not.
    struct SaveResult {
        std::int64_t pointId = 0, runId = 0;
        QString error;
    };
    BackgroundTask<SaveResult> m_saveJob;
};

}  // namespace lathe::gui
