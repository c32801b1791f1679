#pragma once
// Opened checkpoints, shared by the inspection panels' background jobs: opening one
// costs a file read and a model build, so the last few stay open.
#include "inspect/ModelInspector.h"

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

namespace lathe::gui {

class InspectorCache {
public:
    // Throws DataError for a missing or corrupt checkpoint. Safe from any thread.
    std::shared_ptr<ModelInspector> open(const std::string& checkpointPath);

private:
    // Enough for two runs at two checkpoints each (a comparison) plus the projector's.
    static constexpr std::size_t kKept = 5;
    std::mutex m_mutex;
    std::list<std::pair<std::string, std::shared_ptr<ModelInspector>>> m_open;  // most recent first
};

InspectorCache& inspectorCache();

}  // namespace lathe::gui
