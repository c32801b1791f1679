#pragma once
// Loads a dataset off the GUI thread; progress and the result arrive on the GUI thread
// (through a BackgroundTask: a GUI-thread timer collects them).
#include "common/BackgroundTask.h"
#include "data/TextDataset.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

namespace lathe::gui {

class DatasetLoadTask : public QObject {
    Q_OBJECT
public:
    explicit DatasetLoadTask(QObject* parent = nullptr);
    ~DatasetLoadTask() override;  // cancels a running load and waits for it

    // Starts loading `path`; a load already running is cancelled first. `detectPairs`: a file with
    // the text column and a "target" column but no label column is read as pairs (its header read
    // on the loading thread, core/data/Columns.h).
    void start(const QString& path, const LoadOptions& options, bool detectPairs = false);
    // How the last delivered dataset was read (pairs detected or not).
    const LoadOptions& loadedOptions() const { return m_loadedOptions; }

    // Stops a running load; nothing is delivered for it.
    void cancel();

    // Language-model corpora (plain text) need no labels; everything else does.
    static LoadOptions defaultOptions(const QString& path);

Q_SIGNALS:
    void progressed(int percent);
    void loaded(const QString& path, std::shared_ptr<const lathe::TextDataset> dataset);
    void failed(const QString& path, const QString& message);

private:
    struct Outcome {
        QString path;
        std::shared_ptr<const lathe::TextDataset> dataset;  // null when it failed
        LoadOptions options;                                // as read
        QString error;
        bool cancelled = false;
    };
    void onFinished();
    void onPolled();

    // Written by the loading thread, read by the GUI thread's timer.
    std::shared_ptr<std::atomic<bool>> m_cancel;
    std::shared_ptr<std::atomic<int>> m_percent;
    int m_shownPercent = -1;
    BackgroundTask<Outcome> m_job;
    LoadOptions m_loadedOptions;
};

}  // namespace lathe::gui
