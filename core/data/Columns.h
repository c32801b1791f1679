#pragma once
// What a delimited or JSON-lines file offers before it is loaded: its column names, and whether
// it holds parallel pairs (a source and a target column, no label) rather than labelled texts.
#include "data/TextDataset.h"

#include <string>
#include <vector>

namespace lathe {

// The column names of a CSV/TSV file's header (in order), or the keys of a JSONL file's first
// object (sorted); empty for folders, plain text, or a file that cannot be read (the load says why).
std::vector<std::string> columnNames(const std::string& path, DataFormat format = DataFormat::Auto);

// The target column name pairs have unless told otherwise.
inline constexpr const char* kDefaultTargetColumn = "target";

// True when `path` has the text column and a "target" column but not the label column: parallel
// pairs, read as such unless a target column is given.
bool looksLikePairs(const std::string& path, const LoadOptions& options);

}  // namespace lathe
