#include "inspect/WordVectors.h"
#include "vectors/VectorsFile.h"
#include "data/DataError.h"
#include "util/Utf8.h"
#include "util/Message.h"

#include <fmt/format.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <unordered_set>

namespace lathe {

namespace {
std::vector<std::string_view> fields(std::string_view line)
{
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t'))
            ++i;
        const auto start = i;
        while (i < line.size() && line[i] != ' ' && line[i] != '\t')
            ++i;
        if (i > start)
            out.push_back(line.substr(start, i - start));
    }
    return out;
}

bool isInteger(std::string_view s)
{
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}
}  // namespace

EmbeddingTable WordVectors::table() const
{
    EmbeddingTable t;
    t.rows = static_cast<int>(words.size());
    t.dim = dim;
    t.values = values;
    t.labels = words;
    t.classes.assign(words.size(), -1);
    return t;
}

WordVectors loadWordVectors(const std::string& path)
{
    // word2vec's binary format, as its tools and gensim name it.
    if (path.size() > 4 && path.compare(path.size() - 4, 4, ".bin") == 0)
        return loadWord2VecBinary(path);
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw DataError(path, 0, LATHE_TR("Inspect", "cannot open the word-vector file"),
                        LATHE_TR("Inspect", "Check that it exists and is readable"));
    WordVectors v;
    v.path = path;
    std::unordered_set<std::string> seen;
    std::string line;
    std::int64_t number = 0;
    int headerDim = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        if (const auto bad = utf8::findInvalid(line); bad != utf8::npos)
            throw DataError(path, number, Message(LATHE_TR("Inspect", "invalid UTF-8 at byte %1 of the line"), bad + 1),
                            LATHE_TR("Inspect", "Word-vector files must be UTF-8; convert it (e.g. iconv -f latin1 "
                                                "-t utf-8)"));
        const auto parts = fields(line);
        if (parts.empty())
            continue;
        if (number == 1 && parts.size() == 2 && isInteger(parts[0]) && isInteger(parts[1])) {
            v.hadHeader = true;  // word2vec: "<count> <dimension>"
            headerDim = std::atoi(std::string(parts[1]).c_str());
            continue;
        }
        const int dim = static_cast<int>(parts.size()) - 1;
        const int expected = v.dim ? v.dim : headerDim;
        if (dim == 0)
            throw DataError(path, number, Message(LATHE_TR("Inspect", "'%1' has no values"), parts[0]),
                            LATHE_TR("Inspect", "Each line needs a word followed by its numbers, separated by spaces"));
        if (expected && dim != expected)
            throw DataError(path, number,
                            Message(LATHE_TR("Inspect", "'%1' has %2 values, but %3 has %4"), parts[0], dim,
                                    v.dim ? LATHE_TR("Inspect", "the first vector") : LATHE_TR("Inspect", "the header"),
                                    expected),
                            LATHE_TR("Inspect", "Every vector must have the same length; the line may be cut off or "
                                                "the word contain a space"));
        v.dim = dim;
        std::string word(parts[0]);
        if (!seen.insert(word).second) {
            ++v.duplicates;
            continue;
        }
        for (int i = 1; i <= dim; ++i) {
            float x = 0;
            const auto p = parts[static_cast<std::size_t>(i)];
            const auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), x);
            if (ec != std::errc() || end != p.data() + p.size())
                throw DataError(path, number, Message(LATHE_TR("Inspect", "value %1 of '%2' is '%3', not a number"), i, word, p),
                                LATHE_TR("Inspect", "Values are decimal numbers such as 0.418 or -1.2e-3"));
            v.values.push_back(x);
        }
        v.words.push_back(std::move(word));
    }
    if (v.words.empty())
        throw DataError(path, 0, LATHE_TR("Inspect", "the file holds no word vectors"),
                        LATHE_TR("Inspect", "Expected lines like 'the 0.418 0.24968 -0.41242 ...' (GloVe or word2vec "
                                            "text format)"));
    return v;
}

}  // namespace lathe
