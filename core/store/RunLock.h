#pragma once
// Internal to core/store: an advisory lock file (flock) that lives as long as a run's process.
#include "store/RunStore.h"

#include <string>

namespace lathe {

class RunStore::RunLock {
public:
    explicit RunLock(const std::string& path);  // throws StoreError if another process holds it
    ~RunLock();
    RunLock(const RunLock&) = delete;
    RunLock& operator=(const RunLock&) = delete;

    static bool isHeld(const std::string& path);

private:
    int m_fd = -1;
};

}  // namespace lathe
