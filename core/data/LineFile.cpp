#include "data/LineFile.h"
#include "data/DataError.h"
#include "data/Loaders.h"
#include "util/AtomicFile.h"
#include "util/Message.h"

#include <filesystem>
#include <stdexcept>

namespace lathe {

std::vector<std::string> readLines(const std::string& path)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw DataError(path, 0, LATHE_TR("Data", "no such file or folder"), LATHE_TR("Data", "Check the path"));
    if (std::filesystem::is_directory(path, ec))
        throw DataError(path, 0, LATHE_TR("Data", "is a folder, not a file"),
                        LATHE_TR("Data", "Choose a text file with one sequence per line"));
    std::string all;
    try {
        all = readFile(path);
    } catch (const std::runtime_error&) {
        throw DataError(path, 0, LATHE_TR("Data", "cannot open the file"),
                        LATHE_TR("Data", "Check that it exists and is readable"));
    }
    detail::checkLooksLikeText(path, std::string_view(all).substr(0, 8192));
    if (all.rfind("\xEF\xBB\xBF", 0) == 0)
        all.erase(0, 3);
    TextDataset unused;
    detail::checkUtf8(all, path, 1, 0, LoadOptions{}, unused);
    return splitLines(all);
}

std::vector<std::string> splitLines(std::string_view text)
{
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        std::string line(text.substr(start, end - start));
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        lines.push_back(std::move(line));
        start = end + 1;
    }
    return lines;
}

}  // namespace lathe
