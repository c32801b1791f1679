// Folder trees (one subfolder per label): the input is a list of entries, each a name length
// byte, the name ('/' makes subfolders, so names and depth are fuzzed too), a content length
// byte and the content. Names the file system refuses are skipped.
#include "FuzzSupport.h"
#include "data/TextDataset.h"

#include <system_error>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto root = lathe::fuzz::scratch() / "tree";
    std::filesystem::create_directories(root);
    std::size_t at = 0;
    for (int entries = 0; entries < 64 && at < size; ++entries) {
        const std::size_t nameLength = data[at++];
        if (at + nameLength > size)
            break;
        std::string name(reinterpret_cast<const char*>(data + at), nameLength);
        at += nameLength;
        const std::size_t contentLength = at < size ? data[at++] * 4 : 0;
        const std::size_t take = std::min(contentLength, size - at);
        if (name.find('\0') != std::string::npos || name.empty())
            continue;
        const auto path = (root / name).lexically_normal();
        // Stay inside the tree ("../x" or an absolute name would leave it).
        const auto rel = path.lexically_relative(root);
        if (rel.empty() || rel.native().rfind("..", 0) == 0) {
            at += take;
            continue;
        }
        std::error_code ec;
        std::filesystem::create_directories(path.parent_path(), ec);
        if (!ec) {
            std::ofstream out(path, std::ios::binary);
            out.write(reinterpret_cast<const char*>(data + at), static_cast<std::streamsize>(take));
        }
        at += take;
    }
    lathe::LoadOptions o;
    o.format = lathe::DataFormat::Folder;
    lathe::fuzz::expectParsedOrRefused([&] { lathe::loadDataset(root.string(), o); });
    return 0;
}
