#include "util/Subprocess.h"

#include "util/Message.h"

#include <cerrno>
#include <csignal>
#include <cstring>

#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace lathe {

Subprocess::Subprocess(const std::vector<std::string>& argv, const std::string& stderrPath)
{
    int sv[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
        throw Failure(Message(LATHE_TR("Study", "cannot start %1: %2"), argv.at(0), std::strerror(errno)));
    int err = -1;
    if (!stderrPath.empty())
        err = ::open(stderrPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    std::vector<char*> args;
    for (const auto& a : argv)
        args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) {
        // Only async-signal-safe calls from here to exec.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent)
            ::_exit(127);  // the parent died before the line above
        ::dup2(sv[1], 0);
        ::dup2(sv[1], 1);
        if (err >= 0)
            ::dup2(err, 2);
        sigset_t none;
        sigemptyset(&none);
        ::sigprocmask(SIG_SETMASK, &none, nullptr);
        ::signal(SIGPIPE, SIG_DFL);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    const int forkErrno = errno;
    ::close(sv[1]);
    if (err >= 0)
        ::close(err);
    if (pid < 0) {
        ::close(sv[0]);
        throw Failure(Message(LATHE_TR("Study", "cannot start %1: %2"), argv.at(0), std::strerror(forkErrno)));
    }
    m_pid = pid;
    m_fd = sv[0];
    ::fcntl(m_fd, F_SETFL, ::fcntl(m_fd, F_GETFL) | O_NONBLOCK);
}

Subprocess::~Subprocess()
{
    if (m_pid > 0 && !m_exit) {
        ::kill(m_pid, SIGKILL);
        exitCode(true);
    }
    if (m_fd >= 0)
        ::close(m_fd);
}

void Subprocess::closeInput()
{
    if (m_fd >= 0)
        ::shutdown(m_fd, SHUT_WR);
}

bool Subprocess::readLines(std::vector<std::string>& lines)
{
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(m_fd, buf, sizeof buf);
        if (n > 0) {
            m_buffer.append(buf, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        const bool open = n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
        std::size_t start = 0;
        for (auto nl = m_buffer.find('\n'); nl != std::string::npos; nl = m_buffer.find('\n', start)) {
            lines.push_back(m_buffer.substr(start, nl - start));
            start = nl + 1;
        }
        m_buffer.erase(0, start);
        if (!open && !m_buffer.empty()) {
            lines.push_back(m_buffer);  // a last line without its newline
            m_buffer.clear();
        }
        return open;
    }
}

bool Subprocess::writeLine(const std::string& line)
{
    const std::string data = line + "\n";
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::send(m_fd, data.data() + done, data.size() - done, MSG_NOSIGNAL);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            ::usleep(1000);  // a full socket buffer: the child reads slowly
        } else {
            return false;
        }
    }
    return true;
}

void Subprocess::signal(int sig)
{
    if (m_pid > 0 && !m_exit)
        ::kill(m_pid, sig);
}

std::optional<int> Subprocess::exitCode(bool block)
{
    if (m_exit || m_pid <= 0)
        return m_exit;
    int status = 0;
    pid_t r;
    do
        r = ::waitpid(m_pid, &status, block ? 0 : WNOHANG);
    while (r < 0 && errno == EINTR);
    if (r == m_pid)
        m_exit = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
    return m_exit;
}

}  // namespace lathe
