#include "train/ArchiveCheck.h"
#include "data/DataError.h"
#include "train/PickleScan.h"
#include "util/Message.h"

#include <unzip.h>

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace lathe {

namespace {
// Lathe's pickles are a few kilobytes; one this large is not a checkpoint Lathe wrote.
constexpr std::size_t kLargestPickle = std::size_t(64) << 20;
// LibTorch compresses only the module's code, a few kilobytes an entry; it stores tensors as
// they are. A compressed entry declaring more than this is not one LibTorch wrote.
constexpr std::uint64_t kLargestCompressed = std::uint64_t(64) << 20;

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
    std::error_code sizeError;
    const std::uint64_t fileSize = std::filesystem::file_size(path, sizeError);
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
        // LibTorch allocates each record at the size the archive declares for it (fuzz_checkpoint
        // found 4 GiB declared for a few hundred bytes of code), and minizip compares the checksum
        // only when it has read that many bytes; so the declared size must be one the file can
        // hold and match what the entry really holds.
        const bool stored = info.compression_method == 0;
        if ((stored && (info.uncompressed_size != info.compressed_size || (!sizeError && info.compressed_size > fileSize)))
            || (!stored && info.uncompressed_size > kLargestCompressed))
            damaged(path, Message(LATHE_TR("Checkpoint", "the checkpoint is damaged: its entry %1 declares %2 bytes, more than it can hold"), name,
                                  static_cast<long long>(info.uncompressed_size)));
        if (unzOpenCurrentFile(zip.get()) != UNZ_OK)
            throw std::runtime_error("unreadable zip entry");
        const bool pickle = isPickle(name);
        std::string content;
        std::uint64_t read = 0;
        int n = 0;
        while ((n = unzReadCurrentFile(zip.get(), buffer.data(), static_cast<unsigned>(buffer.size()))) > 0) {
            read += static_cast<std::uint64_t>(n);
            if (read > info.uncompressed_size)
                break;
            if (!pickle)
                continue;
            if (content.size() + static_cast<std::size_t>(n) > kLargestPickle)
                throw std::runtime_error("a pickle larger than any Lathe writes");
            content.append(buffer.data(), static_cast<std::size_t>(n));
        }
        const int closed = unzCloseCurrentFile(zip.get());
        if (closed == UNZ_CRCERROR)
            damaged(path, Message(LATHE_TR("Checkpoint", "the checkpoint is damaged: its entry %1 does not match its checksum"), name));
        if (n >= 0 && read != info.uncompressed_size)
            damaged(path, Message(LATHE_TR("Checkpoint", "the checkpoint is damaged: its entry %1 declares %2 bytes but holds %3"), name,
                                  static_cast<long long>(info.uncompressed_size), static_cast<long long>(read)));
        if (n < 0 || closed != UNZ_OK)
            throw std::runtime_error("unreadable zip entry");
        if (pickle && pickleOverrun(reinterpret_cast<const std::uint8_t*>(content.data()), content.size()))
            damaged(path, Message(LATHE_TR("Checkpoint", "the checkpoint is damaged: its entry %1 declares more data than it holds"), name));
    }
}

}  // namespace lathe
