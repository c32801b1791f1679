#pragma once
// The experiment database as a sortable, searchable table: rename, tag and annotate runs,
// open their charts, resume a stopped or crashed run, export metrics, delete.
#include <QList>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace lathe {
class RunStore;
}

namespace lathe::gui {

class RunsModel;
class RunsFilterModel;

class RunsPanel : public QWidget {
    Q_OBJECT
public:
    explicit RunsPanel(QWidget* parent = nullptr);

    void setStore(RunStore* store);
    void refresh();
    QList<qint64> selectedRuns() const;
    void selectRuns(const QList<qint64>& runIds);
    void setSearchText(const QString& text);

    // Actions on the selection (the buttons call these; tests call them directly).
    void saveDetails();
    bool deleteSelected(bool askFirst = true);
    bool exportMetrics(const QString& path);
    QString message() const;

    QTableView* table() const { return m_table; }
    RunsModel* model() const { return m_model; }
    RunsFilterModel* filter() const { return m_filter; }

Q_SIGNALS:
    void selectionChanged(const QList<qint64>& runIds);
    void openRunRequested(qint64 runId);
    void resumeRequested(qint64 runId);
    void compareRequested(const QList<qint64>& runIds);

private:
    void onSelectionChanged();
    void chooseExportPath();
    void setMessage(const QString& text, bool error = false);

    RunStore* m_store = nullptr;
    RunsModel* m_model;
    RunsFilterModel* m_filter;
    QLineEdit* m_search;
    QComboBox* m_status;
    QTableView* m_table;
    QLineEdit* m_name;
    QLineEdit* m_tags;
    QPlainTextEdit* m_notes;
    QPushButton* m_save;
    QPushButton* m_open;
    QPushButton* m_resume;
    QPushButton* m_compare;
    QPushButton* m_export;
    QPushButton* m_delete;
    QLabel* m_message;
};

}  // namespace lathe::gui
