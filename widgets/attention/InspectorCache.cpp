#include "attention/InspectorCache.h"

#include <filesystem>

namespace lathe::gui {

std::shared_ptr<ModelInspector> InspectorCache::open(const std::string& path)
{
    // The latest checkpoint is rewritten in place as training goes on: key it by its time too.
    std::error_code ec;
    const auto key = path + "@" + std::to_string(std::filesystem::last_write_time(path, ec).time_since_epoch().count());
    std::lock_guard lock(m_mutex);
    for (auto it = m_open.begin(); it != m_open.end(); ++it)
        if (it->first == key) {
            m_open.splice(m_open.begin(), m_open, it);
            return it->second;
        }
    auto inspector = std::make_shared<ModelInspector>(path);
    m_open.emplace_front(key, inspector);
    if (m_open.size() > kKept)
        m_open.pop_back();
    return inspector;
}

InspectorCache& inspectorCache()
{
    static InspectorCache cache;
    return cache;
}

}  // namespace lathe::gui
