#pragma once
// The Data panel's "Arrivals" tab: what reached a run that follows its data (DataConfig::follow),
// newest first: when, at which step, how many rows from where, how many held out, new labels.
#include <QWidget>

#include <cstdint>

class QLabel;
class QTreeWidget;

namespace lathe {
struct StreamArrival;
}

namespace lathe::gui {

class TrainingSession;

class ArrivalsView : public QWidget {
    Q_OBJECT
public:
    enum Column { Time, Step, Rows, HeldOut, From, NewLabels, ColumnCount };
    explicit ArrivalsView(QWidget* parent = nullptr);
    // Lists the arrivals of the session's runs; a new run starts a new list.
    void setSession(TrainingSession* session);
    int rowCount() const;
    QString summaryText() const;
    QTreeWidget* table() const { return m_table; }

Q_SIGNALS:
    // The list changed; `rows` rows arrived in all (the tab's title counts them; -1: a new, empty list).
    void arrivalsChanged(qint64 rows);

private:
    void onArrivals(int count);
    void startList(qint64 runId);
    void add(const StreamArrival& arrival);
    void updateSummary();

    TrainingSession* m_session = nullptr;
    qint64 m_runId = 0;
    QLabel* m_summary;
    QTreeWidget* m_table;
    std::int64_t m_rows = 0, m_heldOut = 0, m_unknown = 0;
    QStringList m_newLabels;
    QString m_file;
};

}  // namespace lathe::gui
