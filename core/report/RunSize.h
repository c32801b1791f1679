#pragma once
// How big a run's model is: parameters, bytes at fp32/bf16/int8, FLOPs per token, and the
// peak memory of a training step as training measured it.
#include "store/RunRecord.h"

#include <cstdint>
#include <string>

namespace lathe {

struct RunSize {
    std::int64_t parameters = 0;
    std::int64_t flopsPerToken = 0;   // 0: not recorded
    std::int64_t peakTrainBytes = 0;  // 0: not measured (runs saved from a sweep, older runs)

    std::int64_t bytes(int bitsPerParameter) const { return parameters * bitsPerParameter / 8; }
};

// From the run's record and final summary.
RunSize runSize(const RunRecord& run);
// "1.8 MB", "512 kB", "3.2 GB" (powers of 1024).
std::string formatBytes(std::int64_t bytes);
// "46 kFLOPs", "1.2 MFLOPs", "3.4 GFLOPs" (powers of 1000).
std::string formatFlops(std::int64_t flops);
// Four lines for `lathe-cli runs show`.
std::string sizeReport(const RunSize& size);

}  // namespace lathe
