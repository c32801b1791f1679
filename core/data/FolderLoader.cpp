#include "data/DataError.h"
#include "data/LineFile.h"
#include "data/Loaders.h"
#include "util/AtomicFile.h"
#include "util/Message.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace lathe::detail {

// root/<label>/*.txt, the layout of public corpora such as aclImdb.
void loadFolder(const std::string& root, const LoadOptions& o, LoadListener* listener, TextDataset& ds)
{
    namespace fs = std::filesystem;
    std::vector<fs::path> classDirs;
    for (const auto& entry : fs::directory_iterator(root))
        if (entry.is_directory() && entry.path().filename().string().front() != '.')
            classDirs.push_back(entry.path());
    std::sort(classDirs.begin(), classDirs.end());
    if (classDirs.empty())
        throw DataError(root, 0, LATHE_TR("Data", "has no class subfolders"),
                        LATHE_TR("Data", "Lay the data out as <folder>/<label>/<example>.txt, one subfolder per class"));

    std::vector<std::pair<fs::path, std::string>> files;
    std::uint64_t total = 0;
    for (const auto& dir : classDirs)
        for (const auto& entry : fs::directory_iterator(dir))
            if (entry.is_regular_file() && entry.path().extension() == ".txt") {
                files.emplace_back(entry.path(), dir.filename().string());
                total += entry.file_size();
            }
    std::sort(files.begin(), files.end());
    if (files.empty())
        throw DataError(root, 0, LATHE_TR("Data", "its class subfolders contain no .txt files"),
                        LATHE_TR("Data", "Put one example per .txt file inside <folder>/<label>/"));

    LabelCollector labels;
    std::uint64_t done = 0;
    for (const auto& [file, label] : files) {
        std::string text = readFile(file.string());
        checkLooksLikeText(file.string(), std::string_view(text).substr(0, 8192));
        checkUtf8(text, file.string(), 1, 0, o, ds);
        done += text.size();
        ds.texts.push_back(std::move(text));
        labels.add(label);
        if (listener) {
            listener->progress(done, total);
            if (listener->cancelRequested())
                throw Cancelled();
        }
    }
    labels.finish(ds);
}

// A plain-text corpus for language modelling: one example per non-empty line.
void loadText(const std::string& path, const LoadOptions& o, LoadListener* listener, TextDataset& ds, ByteRange range)
{
    std::string all = range.from == 0 && range.to == 0 ? readFile(path) : readRange(path, range.from, range.to);
    if (range.from == 0)
        checkLooksLikeText(path, std::string_view(all).substr(0, 8192));
    checkUtf8(all, path, range.firstLine, static_cast<std::int64_t>(range.from), o, ds);
    // A corpus keeps only lines with text.
    std::int64_t lineNo = range.firstLine;
    for (auto& line : splitLines(all)) {
        if (line.find_first_not_of(" \t") != std::string::npos) {
            ds.texts.push_back(std::move(line));
            if (o.recordLines)
                ds.lines.push_back(lineNo);
        }
        ++lineNo;
    }
    if (listener)
        listener->progress(all.size(), all.size());
}

std::string readRange(const std::string& path, std::uint64_t from, std::uint64_t to)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw DataError(path, 0, LATHE_TR("Data", "cannot open the file"),
                        LATHE_TR("Data", "Check that it exists and is readable"));
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::uint64_t>(in.tellg());
    const auto end = to == 0 ? size : std::min(to, size);
    std::string bytes(end > from ? end - from : 0, '\0');
    in.seekg(static_cast<std::streamoff>(from));
    in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    bytes.resize(static_cast<std::size_t>(in.gcount()));
    return bytes;
}

}  // namespace lathe::detail
