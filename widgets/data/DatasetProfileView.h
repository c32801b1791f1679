#pragma once
// The Data panel's Profile tab: class distribution and token-length charts, split sizes
// and a vocabulary preview for the chosen tokenizer, computed off the GUI thread.
#include "common/BackgroundTask.h"
#include "data/DatasetProfile.h"

#include <QWidget>

#include <memory>

class QChartView;
class QComboBox;
class QLabel;
class QTableWidget;

namespace lathe::gui {

class DatasetProfileView : public QWidget {
    Q_OBJECT
public:
    explicit DatasetProfileView(QWidget* parent = nullptr);

    void setDataset(std::shared_ptr<const TextDataset> dataset);
    void setTokenizer(const QString& kind);
    bool isComputing() const { return m_busy; }
    const DatasetProfile& profile() const { return m_profile; }
    QString summaryText() const;
    int classBarCount() const;
    int lengthBinCount() const;
    QTableWidget* vocabularyTable() const { return m_vocabulary; }

Q_SIGNALS:
    void profiled();

private:
    void recompute();
    void showProfile(const DatasetProfile& p);

    std::shared_ptr<const TextDataset> m_dataset;
    DatasetProfile m_profile;
    bool m_busy = false;
    bool m_pending = false;
    QComboBox* m_tokenizer;
    QLabel* m_summary;
    QChartView* m_classes;
    QChartView* m_lengths;
    QTableWidget* m_vocabulary;
    BackgroundTask<DatasetProfile> m_watcher;
};

}  // namespace lathe::gui
