#include "train/Snapshots.h"

#include <algorithm>

namespace lathe {

std::vector<std::int64_t> snapshotsToDrop(std::vector<std::int64_t> steps, std::size_t keep)
{
    std::sort(steps.begin(), steps.end());
    keep = std::max<std::size_t>(keep, 2);
    std::vector<std::int64_t> dropped;
    while (steps.size() > keep) {
        std::size_t best = 1;
        for (std::size_t i = 2; i + 1 < steps.size(); ++i)
            if (steps[i + 1] - steps[i - 1] < steps[best + 1] - steps[best - 1])
                best = i;
        dropped.push_back(steps[best]);
        steps.erase(steps.begin() + static_cast<std::ptrdiff_t>(best));
    }
    return dropped;
}

}  // namespace lathe
