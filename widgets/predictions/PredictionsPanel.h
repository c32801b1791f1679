#pragma once
// The examples behind a run's validation numbers: every validation example with its true
// label, prediction, confidence and loss, computed off the GUI thread with the run's
// checkpoint. Filter to the misclassified or to one confusion-matrix cell, sort by loss,
// and open an example in the Attention panel.
#include "common/BackgroundTask.h"
#include "inspect/ModelInspector.h"

#include <QStringList>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace lathe {
class RunStore;
}

namespace lathe::gui {

class PredictionsFilter;
class PredictionsModel;

class PredictionsPanel : public QWidget {
    Q_OBJECT
public:
    explicit PredictionsPanel(QWidget* parent = nullptr);

    void setStore(RunStore* store) { m_store = store; }
    // Computes the run's validation predictions (again only when the checkpoint changed).
    void setRun(qint64 runId);
    qint64 runId() const { return m_runId; }
    void setMisclassifiedOnly(bool on);
    // Lists only the examples of confusion-matrix cell (truth, predicted); -1, -1 clears.
    void showCell(int truth, int predicted);
    void setSearch(const QString& text);
    bool isBusy() const { return m_watcher.isRunning(); }
    int visibleRows() const;
    QString summary() const;
    QString message() const;
    // An encoder–decoder's selected example: its reference and output aligned (rich text).
    QString alignmentText() const;
    QTableView* table() const { return m_table; }
    PredictionsModel* model() const { return m_model; }

Q_SIGNALS:
    void ready();
    // Double-click or "Open in Attention" on an example.
    void openInAttention(qint64 runId, const QString& text);

private:
    struct Reply {
        qint64 runId = 0;
        QString checkpointKey;
        QStringList texts;
        std::vector<int> truth;
        std::vector<Prediction> predictions;
        QStringList classes;
        QStringList targets;  // encoder–decoders
        QString error;
    };
    void showAlignment();
    void onComputed();
    void updateSummary();
    void openCurrent();

    RunStore* m_store = nullptr;
    qint64 m_runId = 0;
    qint64 m_pendingRun = 0;
    QString m_checkpointKey;
    int m_pendingTruth = -1, m_pendingPredicted = -1;
    QLabel* m_title;
    QCheckBox* m_misclassified;
    QLineEdit* m_search;
    QPushButton* m_clearCell;
    QPushButton* m_open;
    QTableView* m_table;
    QLabel* m_summary;
    QLabel* m_alignment;
    QLabel* m_message;
    PredictionsModel* m_model;
    PredictionsFilter* m_filter;
    BackgroundTask<Reply> m_watcher;
};

}  // namespace lathe::gui
