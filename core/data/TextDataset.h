#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace lathe {

enum class DataFormat { Auto, Csv, Tsv, Jsonl, Folder, Text };

std::string toString(DataFormat f);
DataFormat dataFormatFromString(const std::string& s);  // throws std::invalid_argument

// Labelled texts for classification, or unlabelled lines of a corpus for language modelling.
struct TextDataset {
    std::vector<std::string> texts;
    std::vector<int> labels;           // index into classes; empty for a corpus
    std::vector<std::string> classes;  // class names, in a stable sorted order
    // Parallel pairs (sequence to sequence): the target of each text, which is then its source.
    std::vector<std::string> targets;
    std::string path;
    DataFormat format = DataFormat::Auto;
    std::size_t replacedInvalidUtf8 = 0;  // only when LoadOptions::replaceInvalidUtf8
    // The line each example starts on (1-based); only when LoadOptions::recordLines.
    std::vector<std::int64_t> lines;

    std::size_t size() const { return texts.size(); }
    bool labelled() const { return !labels.empty(); }
    bool paired() const { return !targets.empty(); }
    std::vector<std::size_t> classCounts() const;
};

struct LoadOptions {
    DataFormat format = DataFormat::Auto;
    std::string textColumn = "text";
    std::string labelColumn = "label";
    // A classifier needs labels; a language-model corpus does not.
    bool requireLabels = true;
    // Set: parallel pairs, textColumn the source side and this the target side (no labels read).
    std::string targetColumn;
    // Replace invalid UTF-8 with U+FFFD (and count it) instead of refusing the file.
    bool replaceInvalidUtf8 = false;
    // Record the line of each example (TextDataset::lines): a followed file's reader names it.
    bool recordLines = false;
    bool operator==(const LoadOptions&) const = default;
};

// Receives progress of long loads; may ask to cancel (the load then throws Cancelled).
class LoadListener {
public:
    virtual ~LoadListener() = default;
    virtual void progress(std::uint64_t bytesDone, std::uint64_t bytesTotal) {}
    virtual bool cancelRequested() const { return false; }
};

DataFormat detectFormat(const std::string& path);

// Loads and checks a dataset; throws DataError naming the file, line and remedy.
TextDataset loadDataset(const std::string& path, const LoadOptions& options = {},
                        LoadListener* listener = nullptr);

}  // namespace lathe
