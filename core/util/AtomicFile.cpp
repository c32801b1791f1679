#include "util/AtomicFile.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <fmt/format.h>

namespace lathe {

namespace {
void fsyncPath(const std::string& path, bool directory)
{
    const int fd = ::open(path.c_str(), directory ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
    if (fd < 0)
        throw std::runtime_error(fmt::format("{}: cannot open to sync: {}", path, std::strerror(errno)));
    const int rc = ::fsync(fd);
    ::close(fd);
    if (rc != 0)
        throw std::runtime_error(fmt::format("{}: fsync failed: {}", path, std::strerror(errno)));
}
}  // namespace

void writeFileAtomically(const std::string& path, const std::function<void(const std::string&)>& write)
{
    namespace fs = std::filesystem;
    const fs::path target(path);
    if (target.has_parent_path())
        fs::create_directories(target.parent_path());
    const std::string temp = fmt::format("{}.tmp-{}", path, ::getpid());
    try {
        write(temp);
        fsyncPath(temp, false);
        fs::rename(temp, target);
    } catch (...) {
        std::error_code ec;
        fs::remove(temp, ec);
        throw;
    }
    fsyncPath(target.has_parent_path() ? target.parent_path().string() : ".", true);
}

void writeBytes(const std::string& path, std::string_view bytes)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw std::runtime_error(fmt::format("{}: cannot create: {}", path, std::strerror(errno)));
    while (!bytes.empty()) {
        const auto n = ::write(fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            // A short write of 0 bytes has no errno of its own: the disk is full.
            const int err = n < 0 ? errno : ENOSPC;
            ::close(fd);
            throw std::runtime_error(fmt::format("{}: write failed: {}", path, std::strerror(err)));
        }
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    if (::close(fd) != 0)
        throw std::runtime_error(fmt::format("{}: write failed: {}", path, std::strerror(errno)));
}

void writeFileAtomically(const std::string& path, const std::string& contents)
{
    writeFileAtomically(path, [&](const std::string& temp) { writeBytes(temp, contents); });
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error(fmt::format("{}: cannot open: {}", path, std::strerror(errno)));
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace lathe
