#pragma once
// Plain-text and CSV views of the experiment store, for the terminal and for export.
#include "store/RunStore.h"

#include <ostream>
#include <string>
#include <vector>

namespace lathe {

// Final validation metric of a run (accuracy, or perplexity for a language model), as text.
std::string headlineMetric(const RunRecord& run);

std::string runsTable(const std::vector<RunRecord>& runs);
std::string runDetail(const RunStore& store, const RunRecord& run);
// Side by side: the settings that differ and the final metrics.
std::string compareRuns(const std::vector<RunRecord>& runs);
std::string runsJson(const std::vector<RunRecord>& runs);

// One CSV field as RFC 4180 writes it: quoted (with doubled quotes) only when it must be.
std::string csvField(const std::string& text);

// run_id,run_name,key,step,wall_time,value — one row per logged point.
void writeMetricsCsv(const RunStore& store, const std::vector<std::int64_t>& runIds, std::ostream& out);

}  // namespace lathe
