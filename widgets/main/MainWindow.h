#pragma once
// The workbench window. It owns the experiment store and wires panels together; the
// panels hold the logic.
#include <QMainWindow>
#include <QString>

#include <memory>

class QLabel;

namespace lathe {
class RunStore;
}

namespace lathe::gui {

class DataPanel;
class TrainingPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // Opens the experiment database at `databasePath`; if it cannot be opened the window
    // still works for browsing data and says why training is unavailable.
    explicit MainWindow(const QString& databasePath, QWidget* parent = nullptr);
    ~MainWindow() override;

    void openDataset(const QString& path);
    DataPanel* dataPanel() const { return m_data; }
    TrainingPanel* trainingPanel() const { return m_training; }
    RunStore* store() const { return m_store.get(); }
    QString storeError() const { return m_storeError; }

private:
    void buildMenus();
    void openStore(const QString& path);
    void updateStatusBar();

    std::unique_ptr<RunStore> m_store;
    QString m_storeError;
    DataPanel* m_data;
    TrainingPanel* m_training;
    QLabel* m_storeLabel;
    QLabel* m_threadsLabel;
};

}  // namespace lathe::gui
