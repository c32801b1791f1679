#include "main/QuitOnSignal.h"

#include <QCoreApplication>
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace lathe::gui {

namespace {
// The write end for the handler, the read end for the notifier; one pair per process.
int g_pipe[2] = {-1, -1};
constexpr int kSignals[] = {SIGTERM, SIGINT, SIGHUP};

sigset_t signalSet()
{
    sigset_t set;
    sigemptyset(&set);
    for (const int s : kSignals)
        sigaddset(&set, s);
    return set;
}

void onSignal(int signal)
{
    const unsigned char byte = static_cast<unsigned char>(signal);
    [[maybe_unused]] const auto n = ::write(g_pipe[0], &byte, 1);
}
}  // namespace

QuitOnSignal::QuitOnSignal(QObject* parent) : QObject(parent)
{
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, g_pipe) != 0) {
        // Without it the default actions stay (the run is marked crashed when next opened), and
        // the signals main() blocked must reach them.
        const sigset_t set = signalSet();
        ::pthread_sigmask(SIG_UNBLOCK, &set, nullptr);
        return;
    }
    m_notifier = new QSocketNotifier(g_pipe[1], QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &QuitOnSignal::readSignal);
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    for (const int s : kSignals)
        ::sigaction(s, &action, nullptr);
    // Threads started from here on (training, the store's writer, OpenMP) inherit the signals
    // blocked, and one thread takes them with sigwait: a signal landing in a compute thread
    // corrupted lathe-cli's heap under load (tst_faults). The handler above stays for threads
    // that started earlier.
    blockSignalsInThisThread();
    m_waiter = std::jthread([set = signalSet()](std::stop_token stop) {
        const timespec tick{0, 100'000'000};
        while (!stop.stop_requested())
            if (const int s = ::sigtimedwait(&set, nullptr, &tick); s > 0)
                onSignal(s);
    });
}

void QuitOnSignal::blockSignalsInThisThread()
{
    const sigset_t set = signalSet();
    ::pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

QuitOnSignal::~QuitOnSignal()
{
    if (!m_notifier)
        return;
    m_waiter = {};  // stops and joins it
    for (const int s : kSignals)
        std::signal(s, SIG_DFL);
    ::close(g_pipe[0]);
    ::close(g_pipe[1]);
    g_pipe[0] = g_pipe[1] = -1;
}

void QuitOnSignal::readSignal()
{
    unsigned char byte = 0;
    if (::read(g_pipe[1], &byte, 1) != 1)
        return;
    Q_EMIT signalled(byte);
    QCoreApplication::quit();
}

}  // namespace lathe::gui
