#include "store/RunStore.h"
#include "util/Message.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <filesystem>
#include <fmt/format.h>

namespace lathe {

RunStore::RunLock::RunLock(const std::string& path)
{
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    m_fd = ::open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644);
    if (m_fd < 0)
        throw StoreError(Message(LATHE_TR("Store", "%1: cannot create the run's lock file"), path));
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(m_fd);
        throw StoreError(Message(LATHE_TR("Store", "%1: this run is being trained by another process right now"), path));
    }
}

RunStore::RunLock::~RunLock()
{
    if (m_fd >= 0) {
        ::flock(m_fd, LOCK_UN);
        ::close(m_fd);
    }
}

bool RunStore::RunLock::isHeld(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    const bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0;
    ::close(fd);
    return held;
}

}  // namespace lathe
