#pragma once
// The dataset in view: where it came from, what it holds, and its rows.
#include "data/TextDataset.h"

#include <QString>
#include <QWidget>

#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableView;

namespace lathe::gui {

class DatasetLoadTask;
class DatasetModel;

class DataPanel : public QWidget {
    Q_OBJECT
public:
    explicit DataPanel(QWidget* parent = nullptr);

    // Loads in the background; on failure the previous dataset stays in view.
    void openDataset(const QString& path);
    QString datasetPath() const { return m_path; }
    std::shared_ptr<const TextDataset> dataset() const { return m_dataset; }
    bool isLoading() const;
    // Asks for a file with a dialog, then opens it.
    void chooseDataset();
    QString errorText() const;    // empty when the last load succeeded
    QString summaryText() const;

Q_SIGNALS:
    void datasetChanged(const QString& path);
    void loadFailed(const QString& path, const QString& message);

private:
    void onLoaded(const QString& path, std::shared_ptr<const TextDataset> dataset);
    void onFailed(const QString& path, const QString& message);
    QString summary() const;

    DatasetLoadTask* m_task;
    DatasetModel* m_model;
    QLabel* m_pathLabel;
    QLabel* m_summaryLabel;
    QLabel* m_errorLabel;
    QProgressBar* m_progress;
    QPushButton* m_openButton;
    QTableView* m_table;
    QString m_path;
    bool m_loading = false;
    std::shared_ptr<const TextDataset> m_dataset;
};

}  // namespace lathe::gui
