#include "cli/Progress.h"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace lathe::cli {

namespace {
std::string duration(double s)
{
    const auto t = static_cast<long>(s);
    return t >= 3600 ? fmt::format("{}h{:02}m", t / 3600, (t / 60) % 60) : fmt::format("{}m{:02}s", t / 60, t % 60);
}
}  // namespace

ProgressPrinter::ProgressPrinter(bool quiet) : m_quiet(quiet), m_tty(::isatty(STDERR_FILENO) == 1) {}

void ProgressPrinter::onStarted(std::int64_t runId, std::int64_t totalSteps, std::int64_t parameters)
{
    m_start = m_lastPrint = std::chrono::steady_clock::now();
    if (!m_quiet)
        std::fprintf(stderr, "run %lld: %s, %lld parameters\n", static_cast<long long>(runId),
                     totalSteps > 0 ? fmt::format("{} steps", totalSteps).c_str() : "following its data",
                     static_cast<long long>(parameters));
}

void ProgressPrinter::onMetrics(const std::vector<MetricPoint>& points)
{
    for (const auto& p : points)
        // An encoder–decoder logs its perplexity before its exact match: the latter is shown.
        if (p.key == "val/accuracy" || p.key == "val/perplexity" || p.key == "val/exact_match")
            m_lastValidation = fmt::format("{} {:.4g}", p.key, p.value);
}

void ProgressPrinter::onProgress(std::int64_t step, std::int64_t total, double tps)
{
    if (m_quiet)
        return;
    const auto now = std::chrono::steady_clock::now();
    if (m_startStep < 0)
        m_startStep = step - 1;
    const double elapsed = std::chrono::duration<double>(now - m_start).count();
    const double since = std::chrono::duration<double>(now - m_lastPrint).count();
    // Redraw ~10 times a second on a terminal; a line every 5 s in a log.
    if (step != total && since < (m_tty ? 0.1 : 5.0))
        return;
    if (total <= 0) {
        // A followed run: no end in steps.
        const auto line = fmt::format("step {}  {:.0f} tokens/s  {}", step, tps, m_lastValidation);
        if (m_tty)
            std::fprintf(stderr, "\r\033[K%s", line.c_str());
        else
            std::fprintf(stderr, "%s\n", line.c_str());
        m_lastPrint = now;
        return;
    }
    m_lastPrint = now;
    const double rate = elapsed > 0 ? static_cast<double>(step - m_startStep) / elapsed : 0.0;
    const double eta = rate > 0 ? static_cast<double>(total - step) / rate : 0.0;
    const auto line = fmt::format("step {}/{} ({:.0f}%)  {:.0f} tokens/s  ETA {}  {}", step, total,
                                  100.0 * static_cast<double>(step) / static_cast<double>(total), tps, duration(eta),
                                  m_lastValidation);
    if (m_tty)
        std::fprintf(stderr, "\r\033[K%s", line.c_str());
    else
        std::fprintf(stderr, "%s\n", line.c_str());
}

void ProgressPrinter::onMessage(const std::string& message)
{
    finishLine();
    std::fprintf(stderr, "%s\n", message.c_str());
}

void ProgressPrinter::onArrival(const StreamArrival& a)
{
    if (m_quiet)
        return;
    finishLine();
    std::string where = a.files > 1 ? fmt::format("{} files", a.files)
                        : a.firstLine > 0 ? fmt::format("{} lines {}-{}", a.file, a.firstLine, a.lastLine)
                                          : a.file;
    std::fprintf(stderr, "%s %lld rows (%s): %lld held out, %lld queued%s%s\n", a.resumed ? "taken before:" : "arrived:",
                 static_cast<long long>(a.rows), where.c_str(), static_cast<long long>(a.heldOut),
                 static_cast<long long>(a.queued),
                 a.unknownLabel > 0 ? fmt::format(", {} with a label the classifier lacks", a.unknownLabel).c_str() : "",
                 a.newLabels.empty() ? "" : fmt::format(" (new: {})", fmt::join(a.newLabels, ", ")).c_str());
}

void ProgressPrinter::finishLine()
{
    if (m_tty && !m_quiet)
        std::fprintf(stderr, "\n");
}

}  // namespace lathe::cli
