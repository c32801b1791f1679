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

namespace {
// `value` in the largest unit it reaches (each `step` times the one before), one decimal under 10.
template <std::size_t N>
std::string scaled(std::int64_t value, double step, const char* const (&units)[N])
{
    double v = static_cast<double>(value);
    std::size_t u = 0;
    while (v >= step && u + 1 < N) {
        v /= step;
        ++u;
    }
    return u == 0 ? fmt::format("{} {}", value, units[0]) : fmt::format("{:.{}f} {}", v, v < 10 ? 1 : 0, units[u]);
}
}  // namespace

std::string formatBytes(std::int64_t bytes)
{
    static const char* const units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
    return scaled(bytes, 1024, units);
}

std::string formatFlops(std::int64_t flops)
{
    static const char* const units[5] = {"FLOPs", "kFLOPs", "MFLOPs", "GFLOPs", "TFLOPs"};
    return scaled(flops, 1000, units);
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
