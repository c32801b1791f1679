#pragma once
// One rank sweep (or a uniform-then-global pair) of a run, computed off the GUI thread.
// The worker appends points to a shared buffer; the GUI drains it on a ~20 Hz timer, so
// results stream into the charts as they arrive. Cancel is cooperative, between points.
#include "compress/RankSweep.h"

#include <QObject>
#include <QString>
#include <QTimer>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace lathe {
class RunStore;
}

namespace lathe::gui {

class SweepTask : public QObject {
    Q_OBJECT
public:
    explicit SweepTask(QObject* parent = nullptr);
    ~SweepTask() override;  // cancels and joins a running sweep

    // Runs one sweep per entry of `sweeps`, one after the other, on `runId`. Returns false
    // (and does nothing) while another is running.
    bool start(RunStore* store, qint64 runId, std::vector<SweepSettings> sweeps);
    void cancel();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void spectraReady(const std::vector<lathe::LayerSpectrum>& spectra, const lathe::SweepPoint& reference);
    void pointsReady(const std::vector<lathe::SweepPoint>& points);
    void progress(int done, int total);
    // The sweep ended: completed, cancelled, or failed with `error` (empty otherwise).
    void finished(bool cancelled, const QString& error, double seconds);

private:
    struct Shared;
    void drain();

    std::shared_ptr<Shared> m_shared;
    std::jthread m_worker;
    QTimer m_drain;
    bool m_running = false;
};

}  // namespace lathe::gui
