#include "vectors/VectorsFile.h"

#include "data/DataError.h"
#include "util/AtomicFile.h"
#include "util/Utf8.h"

#include <fmt/format.h>

#include <cstdio>
#include <cstring>
#include <fstream>

namespace lathe {

namespace {
std::string header(const WordVectors& v) { return fmt::format("{} {}\n", v.words.size(), v.dim); }
}  // namespace

void writeWord2VecText(const std::string& path, const WordVectors& v)
{
    std::string out = header(v);
    out.reserve(v.words.size() * (static_cast<std::size_t>(v.dim) * 11 + 16));
    const auto d = static_cast<std::size_t>(v.dim);
    for (std::size_t w = 0; w < v.words.size(); ++w) {
        out += v.words[w];
        for (std::size_t i = 0; i < d; ++i)
            fmt::format_to(std::back_inserter(out), " {}", v.values[w * d + i]);  // shortest exact form
        out += '\n';
    }
    writeFileAtomically(path, out);
}

void writeWord2VecBinary(const std::string& path, const WordVectors& v)
{
    static_assert(sizeof(float) == 4, "float32 values");
    std::string out = header(v);
    const auto d = static_cast<std::size_t>(v.dim);
    out.reserve(v.words.size() * (d * 4 + 16));
    for (std::size_t w = 0; w < v.words.size(); ++w) {
        out += v.words[w];
        out += ' ';
        out.append(reinterpret_cast<const char*>(v.values.data() + w * d), d * 4);  // x86-64: little-endian
        out += '\n';
    }
    writeFileAtomically(path, out);
}

WordVectors loadWord2VecBinary(const std::string& path)
{
    const auto bytes = [&] {
        try {
            return readFile(path);
        } catch (const std::exception&) {
            throw DataError(path, 0, LATHE_TR("Vectors", "cannot open the word-vector file"),
                            LATHE_TR("Vectors", "Check that it exists and is readable"));
        }
    }();
    WordVectors v;
    v.path = path;
    v.hadHeader = true;
    const auto end = bytes.find('\n');
    long long count = 0, dim = 0;
    char extra = 0;
    if (end == std::string::npos ||
        std::sscanf(bytes.substr(0, end).c_str(), "%lld %lld %c", &count, &dim, &extra) != 2 || count < 0 || dim <= 0 ||
        dim > 100'000)
        throw DataError(path, 1, LATHE_TR("Vectors", "the first line is not '<count> <dimension>' as word2vec's binary "
                                                     "format starts"),
                        LATHE_TR("Vectors", "Give a word2vec binary file, or a text file with a name not ending in .bin"));
    v.dim = static_cast<int>(dim);
    std::size_t at = end + 1;
    const auto width = static_cast<std::size_t>(dim) * 4;
    // Each vector takes at least a one-byte word, a space and its values: a header that promises
    // more than the file holds is refused before anything is allocated.
    if (count == 0 || static_cast<std::size_t>(count) > (bytes.size() - at) / (width + 2))
        throw DataError(path, 1,
                        Message(LATHE_TR("Vectors", "the header announces %1 vectors of %2 values, which a file of %3 "
                                                    "bytes cannot hold"),
                                count, dim, bytes.size()),
                        LATHE_TR("Vectors", "The file was cut short or is not word2vec's binary format"));
    v.words.reserve(static_cast<std::size_t>(count));
    v.values.resize(static_cast<std::size_t>(count) * static_cast<std::size_t>(dim));
    for (long long w = 0; w < count; ++w) {
        while (at < bytes.size() && (bytes[at] == '\n' || bytes[at] == '\r'))
            ++at;
        const auto space = bytes.find(' ', at);
        if (space == std::string::npos || space + 1 + width > bytes.size())
            throw DataError(path, 0,
                            Message(LATHE_TR("Vectors", "the file ends inside vector %1 of the %2 its header announces"),
                                    w + 1, count),
                            LATHE_TR("Vectors", "The file was cut short: write it again"),
                            static_cast<std::int64_t>(at));
        std::string word = bytes.substr(at, space - at);
        if (utf8::findInvalid(word) != utf8::npos)
            throw DataError(path, 0, Message(LATHE_TR("Vectors", "word %1 is not valid UTF-8"), w + 1),
                            LATHE_TR("Vectors", "Is this a word2vec binary file?"), static_cast<std::int64_t>(at));
        std::memcpy(v.values.data() + static_cast<std::size_t>(w) * static_cast<std::size_t>(dim), bytes.data() + space + 1,
                    width);
        v.words.push_back(std::move(word));
        at = space + 1 + width;
    }
    return v;
}

}  // namespace lathe
