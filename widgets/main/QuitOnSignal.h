#pragma once
// SIGTERM, SIGINT and SIGHUP (a logout, a `kill`, Ctrl-C in the terminal) quit the workbench
// the way closing its window does, without the question: the event loop ends, the main window
// goes, and a run in training stops with a checkpoint and ends 'stopped' rather than being cut
// off as 'crashed'. A signal handler may only write to a pipe; the GUI thread reads it.
#include <QObject>

#include <thread>

class QSocketNotifier;

namespace lathe::gui {

class QuitOnSignal : public QObject {
    Q_OBJECT
public:
    explicit QuitOnSignal(QObject* parent = nullptr);
    ~QuitOnSignal() override;
    // Blocks the signals it takes in the calling thread, so threads started from it afterwards
    // inherit them blocked. main() (and tst_mainwindow's) call it first, before QApplication
    // starts any thread; the constructor calls it again for callers that did not.
    static void blockSignalsInThisThread();

Q_SIGNALS:
    // Emitted on the GUI thread, before the application is asked to quit.
    void signalled(int signal);

private:
    void readSignal();
    QSocketNotifier* m_notifier = nullptr;
    std::jthread m_waiter;
};

}  // namespace lathe::gui
