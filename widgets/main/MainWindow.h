#pragma once
// The workbench window. It owns the experiment store, arranges the panels as dock widgets
// and wires them together; the panels hold the logic.
#include <QMainWindow>
#include <QString>
#include <QStringList>

#include <memory>

class QDockWidget;
class QLabel;
class QMenu;

namespace lathe {
class RunStore;
}

namespace lathe::gui {

class AttentionPanel;
class ComparePanel;
class CompressPanel;
class PredictionsPanel;
class ProjectorPanel;
class DataPanel;
class EvaluationPanel;
class LivePanel;
class RunsPanel;
class StudiesPanel;
class TrainingPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Opens the experiment database at `databasePath`; if it cannot be opened the window
    // still works for browsing data and says why training is unavailable. Layout, thread
    // count and recent datasets come from QSettings.
    explicit MainWindow(const QString& databasePath, QWidget* parent = nullptr);
    ~MainWindow() override;

    void openDataset(const QString& path);
    DataPanel* dataPanel() const { return m_data; }
    TrainingPanel* trainingPanel() const { return m_training; }
    LivePanel* livePanel() const { return m_live; }
    RunsPanel* runsPanel() const { return m_runs; }
    ComparePanel* comparePanel() const { return m_compare; }
    EvaluationPanel* evaluationPanel() const { return m_evaluation; }
    AttentionPanel* attentionPanel() const { return m_attention; }
    ProjectorPanel* projectorPanel() const { return m_projector; }
    PredictionsPanel* predictionsPanel() const { return m_predictions; }
    CompressPanel* compressPanel() const { return m_compress; }
    StudiesPanel* studiesPanel() const { return m_studies; }
    QDockWidget* dock(const QString& objectName) const;
    RunStore* store() const { return m_store.get(); }
    QString storeError() const { return m_storeError; }
    QStringList recentDatasets() const;
    // Shows a panel's dock (raising its tab).
    void showPanel(QWidget* panel);

    // The current run: the one every inspection panel (Evaluation, Predictions, Attention,
    // Projector, Compress) shows, and the Runs table selects. A finished run becomes current;
    // so does a run chosen in Runs, in a panel's run box or from Compare. 0 before any.
    qint64 currentRun() const { return m_currentRun; }
    void setCurrentRun(qint64 runId);

Q_SIGNALS:
    void currentRunChanged(qint64 runId);

protected:
    void closeEvent(QCloseEvent* event) override;
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    QDockWidget* addPanel(QWidget* panel, const QString& title, const QString& objectName, Qt::DockWidgetArea area);
    void buildMenus();
    void buildLanguageMenu(QMenu* menu);
    void rebuildRecentMenu();
    void rememberDataset(const QString& path);
    void openStore(const QString& path);
    void restoreSettings();
    void saveSettings() const;
    void updateStatusBar();
    void wirePanels();

    std::unique_ptr<RunStore> m_store;
    QString m_storeError;
    DataPanel* m_data;
    TrainingPanel* m_training;
    LivePanel* m_live;
    RunsPanel* m_runs;
    ComparePanel* m_compare;
    EvaluationPanel* m_evaluation;
    AttentionPanel* m_attention;
    ProjectorPanel* m_projector;
    PredictionsPanel* m_predictions;
    CompressPanel* m_compress;
    StudiesPanel* m_studies;
    QMenu* m_recentMenu = nullptr;
    QMenu* m_viewMenu = nullptr;
    QByteArray m_defaultState;
    QLabel* m_storeLabel;
    QLabel* m_threadsLabel;
    QLabel* m_currentLabel;
    qint64 m_currentRun = 0;
};

}  // namespace lathe::gui
