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

// Refuses binary and UTF-16 files early, with a message that says so.
void checkLooksLikeText(const std::string& path, std::string_view head);

void loadDelimited(const std::string& path, char delimiter, const LoadOptions& o, LoadListener* l, TextDataset& ds);
void loadJsonLines(const std::string& path, const LoadOptions& o, LoadListener* l, TextDataset& ds);
void loadFolder(const std::string& path, const LoadOptions& o, LoadListener* l, TextDataset& ds);
void loadText(const std::string& path, const LoadOptions& o, LoadListener* l, TextDataset& ds);

}  // namespace lathe::detail
