#pragma once
// Internal to core/data: one function per on-disk layout, dispatched by loadDataset().
#include "data/TextDataset.h"

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace lathe::detail {

// Collects label strings while loading and turns them into stable class indices at the end.
// Labels as the rows give them, kept as ids of their first appearance (4 bytes a row, not a
// string a row: a 10-million-row file held 10 million label strings twice and sorted them).
// finish() numbers the classes in their sorted order.
class LabelCollector {
public:
    void add(const std::string& label);
    void finish(TextDataset& ds);

private:
    std::unordered_map<std::string, int> m_ids;
    std::vector<std::string> m_names;  // by first appearance
    std::vector<int> m_rows;
};

// Checks one piece of text for UTF-8; throws DataError (or repairs it, per options).
void checkUtf8(std::string& text, const std::string& file, std::int64_t line, std::int64_t baseOffset,
               const LoadOptions& options, TextDataset& ds);

// Refuses what no run can train on: no examples, or (labels required) fewer than two classes.
void checkClassification(const TextDataset& ds, const LoadOptions& o);

// Refuses binary and UTF-16 files early, with a message that says so.
void checkLooksLikeText(const std::string& path, std::string_view head);

// The part of a file to read: bytes [from, to) (to 0: the end), `from` at line `firstLine`. A
// followed file (data/Follow.h) is read a piece at a time, each piece ending at a line break; a
// CSV/TSV piece after the first reads the header from the file's start, then the piece.
struct ByteRange {
    std::uint64_t from = 0, to = 0;
    std::int64_t firstLine = 1;
};

void loadDelimited(const std::string& path, char delimiter, const LoadOptions& o, LoadListener* l, TextDataset& ds,
                   ByteRange range = {});
void loadJsonLines(const std::string& path, const LoadOptions& o, LoadListener* l, TextDataset& ds, ByteRange range = {});
void loadFolder(const std::string& path, const LoadOptions& o, LoadListener* l, TextDataset& ds);
void loadText(const std::string& path, const LoadOptions& o, LoadListener* l, TextDataset& ds, ByteRange range = {});
// Reads bytes [from, to) of a file (to 0: the end); throws DataError naming it when it cannot.
std::string readRange(const std::string& path, std::uint64_t from, std::uint64_t to);

}  // namespace lathe::detail
