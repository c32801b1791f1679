#pragma once
#include "train/Training.h"

#include <chrono>

namespace lathe::cli {

// Progress on stderr: a redrawn line with ETA and tokens/s on a terminal, plain lines
// (every few seconds) otherwise.
class ProgressPrinter : public TrainingListener {
public:
    explicit ProgressPrinter(bool quiet);
    void onStarted(std::int64_t runId, std::int64_t totalSteps, std::int64_t parameters) override;
    void onProgress(std::int64_t step, std::int64_t totalSteps, double tokensPerSecond) override;
    void onMetrics(const std::vector<MetricPoint>& points) override;
    void onMessage(const std::string& message) override;
    void onArrival(const StreamArrival& arrival) override;
    void finishLine();

private:
    bool m_quiet;
    bool m_tty;
    std::chrono::steady_clock::time_point m_start, m_lastPrint;
    std::int64_t m_startStep = -1;
    std::string m_lastValidation;
};

}  // namespace lathe::cli
