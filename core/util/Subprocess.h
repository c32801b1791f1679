#pragma once
// A child process that talks in lines: its stdin and stdout are one end of a socket pair, its
// stderr goes to a file. The child gets SIGTERM when the thread that started it dies
// (PR_SET_PDEATHSIG), so a killed coordinator leaves no workers behind; it starts with no
// signals blocked. Linux only (as the rest of the engine's process handling).
#include <optional>
#include <string>
#include <vector>

#include <sys/types.h>

namespace lathe {

class Subprocess {
public:
    // argv[0] is the program's path. Throws Failure when it cannot be started.
    explicit Subprocess(const std::vector<std::string>& argv, const std::string& stderrPath = {});
    ~Subprocess();  // a child still running is killed (SIGKILL) and reaped
    Subprocess(const Subprocess&) = delete;
    Subprocess& operator=(const Subprocess&) = delete;

    pid_t pid() const { return m_pid; }
    int fd() const { return m_fd; }  // to poll() for input
    // Appends the complete lines read so far without blocking; false once the child closed
    // its end (all lines read).
    bool readLines(std::vector<std::string>& lines);
    // Writes `line` and a newline; false once the child cannot read any more. Never SIGPIPE.
    bool writeLine(const std::string& line);
    // Ends the child's input: it reads end of file once it has read what was written.
    void closeInput();
    void signal(int sig);
    // The exit code (128 + the signal for a killed child) once it exited; nullopt while it
    // runs. `block` waits for it.
    std::optional<int> exitCode(bool block = false);

private:
    pid_t m_pid = -1;
    int m_fd = -1;
    std::string m_buffer;
    std::optional<int> m_exit;
};

}  // namespace lathe
