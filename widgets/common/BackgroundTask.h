#pragma once
// One computation off the GUI thread whose result comes back on it, the way TrainingSession
// and SweepTask hand work over: a std::thread computes, leaves its result under a
// std::mutex, and a GUI-thread timer collects it. Nothing crosses through Qt's event queue,
// so every hand-off is one ThreadSanitizer can see (QtConcurrent's and QFutureWatcher's are
// not: Qt's mutexes are futexes TSan knows nothing of).
//
//   BackgroundTask<Report> m_task;
//   connect(&m_task, &TaskNotifier::finished, this, [this] { show(m_task.result()); });
//   m_task.start([data] { return evaluate(data); });
//
// Starting again while a run is still computing leaves that run to finish on its own: its
// result is dropped and only the latest run's `finished` is emitted. The destructor waits
// for every run it started.
#include <QObject>
#include <QTimer>

#include <exception>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

namespace lathe::gui {

// The part Qt's meta-object compiler sees: the signals and the GUI-thread timer.
class TaskNotifier : public QObject {
    Q_OBJECT
public:
    explicit TaskNotifier(QObject* parent = nullptr);

    // From start() until `finished` has been emitted for the latest run.
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    // On the GUI thread, once the latest run's result can be read.
    void finished();
    // On the GUI thread, every few milliseconds while a run computes (for progress bars).
    void polled();

protected:
    // Called by start(): polls until collect() says the latest run is done.
    void watch();
    // On the GUI thread: joins finished runs; true once the latest one is done.
    virtual bool collect() = 0;
    // Whether runs started before the latest one are still computing.
    virtual bool hasRetired() const = 0;

private:
    void poll();

    QTimer m_timer;
    bool m_running = false;
};

template <typename T>
class BackgroundTask final : public TaskNotifier {
public:
    using TaskNotifier::TaskNotifier;
    ~BackgroundTask() override
    {
        for (auto& run : m_retired)
            run->thread.join();  // only runs not yet joined are retired
        if (m_run && m_run->thread.joinable())
            m_run->thread.join();
    }

    // Runs `work()` (returning T) on a new thread. An exception it throws is rethrown by
    // result().
    template <typename Work>
    void start(Work work)
    {
        if (m_run && m_run->thread.joinable())
            m_retired.push_back(std::move(m_run));  // still computing: joined when it ends
        m_run = std::make_unique<Run>();
        Run* run = m_run.get();
        run->thread = std::thread([run, work = std::move(work)]() mutable {
            std::optional<T> value;
            std::exception_ptr error;
            try {
                value.emplace(work());
            } catch (...) {
                error = std::current_exception();
            }
            std::lock_guard lock(run->mutex);
            run->value = std::move(value);
            run->error = error;
            run->done = true;
        });
        watch();
    }

    // The latest run's result, once `finished` was emitted; rethrows what the work threw.
    const T& result() const
    {
        if (!m_run || !isDone(*m_run))
            throw std::logic_error("BackgroundTask::result() before the work finished");
        if (m_run->error)
            std::rethrow_exception(m_run->error);
        return *m_run->value;
    }

protected:
    bool collect() override
    {
        for (auto it = m_retired.begin(); it != m_retired.end();) {
            if (isDone(**it)) {
                (*it)->thread.join();
                it = m_retired.erase(it);
            } else {
                ++it;
            }
        }
        if (!m_run || !isDone(*m_run))
            return false;
        // The thread has left its result and is about to end: joining orders everything it
        // wrote before everything the GUI thread reads next.
        if (m_run->thread.joinable())
            m_run->thread.join();
        return true;
    }
    bool hasRetired() const override { return !m_retired.empty(); }

private:
    struct Run {
        std::thread thread;
        mutable std::mutex mutex;
        bool done = false;  // under mutex until the thread is joined
        std::optional<T> value;
        std::exception_ptr error;
    };
    static bool isDone(Run& run)
    {
        std::lock_guard lock(run.mutex);
        return run.done;
    }

    std::unique_ptr<Run> m_run;
    std::vector<std::unique_ptr<Run>> m_retired;
};

}  // namespace lathe::gui
