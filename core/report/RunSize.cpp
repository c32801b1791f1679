#include "report/RunSize.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace lathe {

RunSize runSize(const RunRecord& run)
{
    RunSize s;
    s.parameters = run.parameters;
    const auto summary = nlohmann::json::parse(run.summaryJson.empty() ? "{}" : run.summaryJson, nullptr, false);
    if (summary.is_object()) {
        s.flopsPerToken = summary.value("flops_per_token", std::int64_t{0});
        s.peakTrainBytes = summary.value("peak_train_bytes", std::int64_t{0});
    }
    return s;
}

std::string formatBytes(std::int64_t bytes)
{
    const char* units[] = {"B", "kB", "MB", "GB", "TB"};
    double v = static_cast<double>(bytes);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    return u == 0 ? fmt::format("{} B", bytes) : fmt::format("{:.{}f} {}", v, v < 10 ? 1 : 0, units[u]);
}

std::string formatFlops(std::int64_t flops)
{
    const char* units[] = {"FLOPs", "kFLOPs", "MFLOPs", "GFLOPs", "TFLOPs"};
    double v = static_cast<double>(flops);
    int u = 0;
    while (v >= 1000 && u < 4) {
        v /= 1000;
        ++u;
    }
    return u == 0 ? fmt::format("{} FLOPs", flops) : fmt::format("{:.{}f} {}", v, v < 10 ? 1 : 0, units[u]);
}

std::string sizeReport(const RunSize& s)
{
    std::string out = fmt::format("size       {} fp32, {} bf16, {} int8\n", formatBytes(s.bytes(32)),
                                  formatBytes(s.bytes(16)), formatBytes(s.bytes(8)));
    if (s.flopsPerToken > 0)
        out += fmt::format("compute    {} per token (forward)\n", formatFlops(s.flopsPerToken));
    out += s.peakTrainBytes > 0 ? fmt::format("memory     {} at the peak of a training step\n", formatBytes(s.peakTrainBytes))
                                : std::string("memory     training-step peak not measured\n");
    return out;
}

}  // namespace lathe
