#pragma once
// The dataset in view: where it came from, what it holds, and its rows.
#include "data/TextDataset.h"

#include <QString>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;

namespace lathe::gui {

class ArrivalsView;
class DatasetLoadTask;
class DatasetProfileView;
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
    void cancelLoading();
    // How the next load reads the file: format ("auto", "csv", …) and column names.
    // An empty target column: pairs when the file has the text column and a "target" column but
    // no label column (core/data/Columns.h); a name: read as pairs with that target column.
    void setReadOptions(const QString& format, const QString& textColumn, const QString& labelColumn,
                        const QString& targetColumn = {});
    // How the open dataset was read (format, columns; targetColumn set for pairs).
    const LoadOptions& loadedOptions() const { return m_loadedOptions; }
    DatasetProfileView* profileView() const { return m_profile; }
    // Rows that reached a run following this data, listed under the "Arrivals" tab.
    ArrivalsView* arrivalsView() const { return m_arrivals; }
    QString errorText() const;    // empty when the last load succeeded
    QString summaryText() const;

Q_SIGNALS:
    void datasetChanged(const QString& path);
    void loadFailed(const QString& path, const QString& message);

private:
    void onLoaded(const QString& path, std::shared_ptr<const TextDataset> dataset);
    void onFailed(const QString& path, const QString& message);
    QString summary() const;
    LoadOptions readOptions(const QString& path) const;

    DatasetLoadTask* m_task;
    DatasetModel* m_model;
    QLabel* m_pathLabel;
    QLabel* m_summaryLabel;
    QLabel* m_errorLabel;
    QProgressBar* m_progress;
    QPushButton* m_openButton;
    QPushButton* m_cancelButton;
    QPushButton* m_reloadButton;
    QComboBox* m_format;
    QLineEdit* m_textColumn;
    QLineEdit* m_labelColumn;
    QLineEdit* m_targetColumn;
    DatasetProfileView* m_profile;
    ArrivalsView* m_arrivals;
    QTableView* m_table;
    QString m_path;
    QString m_loadingPath;
    bool m_loading = false;
    LoadOptions m_loadedOptions;
    std::shared_ptr<const TextDataset> m_dataset;
};

}  // namespace lathe::gui
