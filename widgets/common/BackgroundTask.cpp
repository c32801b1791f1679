#include "common/BackgroundTask.h"

namespace lathe::gui {

namespace {
// Often enough that a result shows up within a frame, rare enough to cost nothing.
constexpr int kPollIntervalMs = 10;
}  // namespace

TaskNotifier::TaskNotifier(QObject* parent) : QObject(parent)
{
    m_timer.setInterval(kPollIntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &TaskNotifier::poll);
}

void TaskNotifier::watch()
{
    m_running = true;
    m_timer.start();
}

void TaskNotifier::poll()
{
    const bool latestDone = collect();
    if (m_running && latestDone) {
        m_running = false;
        Q_EMIT finished();  // may start() the next run
    } else if (m_running) {
        Q_EMIT polled();
    }
    if (!m_running && !hasRetired())
        m_timer.stop();
}

}  // namespace lathe::gui
