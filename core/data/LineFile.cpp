#include "data/LineFile.h"
#include "data/DataError.h"
#include "data/Loaders.h"
#include "util/Message.h"

#include <filesystem>
#include <fstream>
#include <iterator>

namespace lathe {

std::vector<std::string> readLines(const std::string& path)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw DataError(path, 0, LATHE_TR("Data", "no such file or folder"), LATHE_TR("Data", "Check the path"));
    if (std::filesystem::is_directory(path, ec))
        throw DataError(path, 0, LATHE_TR("Data", "is a folder, not a file"),
                        LATHE_TR("Data", "Choose a text file with one sequence per line"));
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw DataError(path, 0, LATHE_TR("Data", "cannot open the file"),
                        LATHE_TR("Data", "Check that it exists and is readable"));
    std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    detail::checkLooksLikeText(path, std::string_view(all).substr(0, 8192));
    if (all.rfind("\xEF\xBB\xBF", 0) == 0)
        all.erase(0, 3);
    TextDataset unused;
    detail::checkUtf8(all, path, 1, 0, LoadOptions{}, unused);
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < all.size()) {
        auto end = all.find('\n', start);
        if (end == std::string::npos)
            end = all.size();
        std::string line = all.substr(start, end - start);
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        lines.push_back(std::move(line));
        start = end + 1;
    }
    return lines;
}

}  // namespace lathe
