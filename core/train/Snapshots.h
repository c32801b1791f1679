#pragma once
// Which of the checkpoints kept along a run to let go of. Torch-free.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace lathe {

// Training keeps at most this many model snapshots per run: enough for a timeline.
inline constexpr std::size_t kSnapshotsKept = 10;

// Steps to drop so at most `keep` remain: the first and the latest always stay; each drop
// takes the interior snapshot whose neighbours are closest, so the rest stay spread out.
std::vector<std::int64_t> snapshotsToDrop(std::vector<std::int64_t> steps, std::size_t keep = kSnapshotsKept);

}  // namespace lathe
