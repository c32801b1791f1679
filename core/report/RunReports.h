#pragma once
// Plain-text and CSV views of the experiment store, for the terminal and for export.
#include "store/RunStore.h"

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace lathe {

// Final validation metric of a run (accuracy, or perplexity for a language model), as text.
std::string headlineMetric(const RunRecord& run);

std::string runsTable(const std::vector<RunRecord>& runs);
std::string runDetail(const RunStore& store, const RunRecord& run);
// How a run was computed, as its summary records it.
struct RunEngine {
    std::string precision;  // "fp32" | "bf16"
    std::string isa;        // kernels' instruction-set level
    std::string cpu;
    int threads = 0;
    double tokensPerSecond = 0;
    double evalTokensPerSecond = 0;
    // Mean milliseconds per step: data, forward, backward, optimizer, logging.
    std::map<std::string, double> stepMs;
};
// Empty for runs recorded before the engine reported itself.
std::optional<RunEngine> runEngine(const std::string& summaryJson);

// How the run was computed, from its summary: matmul precision, kernel ISA, threads, CPU and
// the mean step's breakdown; empty for runs recorded before the engine reported it.
std::string engineDescription(const std::string& summaryJson);
// Side by side: the settings that differ and the final metrics.
std::string compareRuns(const std::vector<RunRecord>& runs);
std::string runsJson(const std::vector<RunRecord>& runs);

// One CSV field as RFC 4180 writes it: quoted (with doubled quotes) only when it must be.
std::string csvField(const std::string& text);

// run_id,run_name,key,step,wall_time,value — one row per logged point.
void writeMetricsCsv(const RunStore& store, const std::vector<std::int64_t>& runIds, std::ostream& out);

}  // namespace lathe
