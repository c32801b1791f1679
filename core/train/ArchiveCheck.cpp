#include "train/ArchiveCheck.h"
#include "data/DataError.h"
#include "train/PickleScan.h"
#include "util/Message.h"

#include <unzip.h>

#include <array>
#include <memory>
#include <stdexcept>

namespace lathe {

namespace {
// Lathe's pickles are a few kilobytes; one this large is not a checkpoint Lathe wrote.
constexpr std::size_t kLargestPickle = std::size_t(64) << 20;

struct CloseZip {
    void operator()(unzFile f) const { unzClose(f); }
};

bool isPickle(const std::string& name)
{
    return name.size() >= 4 && name.compare(name.size() - 4, 4, ".pkl") == 0;
}

[[noreturn]] void damaged(const std::string& path, Message why)
{
    throw DataError(path, 0, std::move(why), LATHE_TR("Checkpoint", "Resume from an earlier checkpoint, or train the run again"));
}
}  // namespace

void checkCheckpointArchive(const std::string& path)
{
    const std::unique_ptr<void, CloseZip> zip(unzOpen64(path.c_str()));
    if (!zip)
        throw std::runtime_error("not a zip archive");
    std::array<char, 64 * 1024> buffer{};
    for (int at = unzGoToFirstFile(zip.get()); at != UNZ_END_OF_LIST_OF_FILE; at = unzGoToNextFile(zip.get())) {
        if (at != UNZ_OK)
            throw std::runtime_error("unreadable zip directory");
        unz_file_info64 info{};
        if (unzGetCurrentFileInfo64(zip.get(), &info, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK)
            throw std::runtime_error("unreadable zip entry");
        std::string name(info.size_filename, '\0');
        if (unzGetCurrentFileInfo64(zip.get(), &info, name.data(), static_cast<uLong>(name.size()), nullptr, 0, nullptr, 0) != UNZ_OK)
            throw std::runtime_error("unreadable zip entry");
        if (unzOpenCurrentFile(zip.get()) != UNZ_OK)
            throw std::runtime_error("unreadable zip entry");
        const bool pickle = isPickle(name);
        std::string content;
        int n = 0;
        while ((n = unzReadCurrentFile(zip.get(), buffer.data(), static_cast<unsigned>(buffer.size()))) > 0) {
            if (!pickle)
                continue;
            if (content.size() + static_cast<std::size_t>(n) > kLargestPickle)
                throw std::runtime_error("a pickle larger than any Lathe writes");
            content.append(buffer.data(), static_cast<std::size_t>(n));
        }
        const int closed = unzCloseCurrentFile(zip.get());
        if (closed == UNZ_CRCERROR)
            damaged(path, Message(LATHE_TR("Checkpoint", "the checkpoint is damaged: its entry %1 does not match its checksum"), name));
        if (n < 0 || closed != UNZ_OK)
            throw std::runtime_error("unreadable zip entry");
        if (pickle && pickleOverrun(reinterpret_cast<const std::uint8_t*>(content.data()), content.size()))
            damaged(path, Message(LATHE_TR("Checkpoint", "the checkpoint is damaged: its entry %1 declares more data than it holds"), name));
    }
}

}  // namespace lathe
