#pragma once
// Data that keeps growing: a CSV/TSV/JSONL/text file that is appended to, or a folder where new
// files arrive. Torch-free; the training side is train/StreamFeed.
#include "data/TextDataset.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace lathe {

// One example read from a followed source, where it was read, and its label as the file gives it.
struct StreamRow {
    std::string text;
    std::string label;  // empty for a corpus
    std::string file;
    std::int64_t line = 0;  // 0 for a whole file (a folder's example)
};

// Reads what is new since the last poll. A file is read up to its last line break (a row still
// being written waits for its line break); a folder's new files are taken once their size held
// still between two polls (write elsewhere and rename to make them appear whole). Folder layouts:
// class subfolders (<folder>/<label>/<example>.txt, every new .txt one example) or data files
// (<folder>/*.csv|tsv|jsonl|txt, every new file read whole in its own format).
class DataFollower {
public:
    DataFollower(std::string path, LoadOptions options);

    // Rows added since the last call, in order (the first call: everything there now, every file
    // of a folder however recently written). Throws DataError naming the file and line for a
    // malformed row, or a followed file that shrank (truncated or replaced).
    std::vector<StreamRow> poll();

    // A folder's files taken so far, in the order taken; a resumed run hands them back so that its
    // first poll returns the rows in the same order as before.
    const std::vector<std::string>& filesTaken() const { return m_taken; }
    void setOrder(std::vector<std::string> files) { m_order = std::move(files); }

    const std::string& path() const { return m_path; }
    bool isFolder() const { return m_folder; }
    // The format rows are read in (a folder of data files: by extension, reported as Auto).
    DataFormat format() const { return m_format; }

private:
    std::vector<StreamRow> pollFile();
    std::vector<StreamRow> pollFolder();
    // Reads bytes [from, to) of `file` (to ending at a line break) in `format`.
    std::vector<StreamRow> readPiece(const std::string& file, DataFormat format, std::uint64_t from, std::uint64_t to,
                                     std::int64_t firstLine);

    std::string m_path;
    LoadOptions m_options;
    bool m_folder = false;
    bool m_classFolders = false;
    DataFormat m_format = DataFormat::Auto;
    bool m_first = true;
    // A file: bytes read (always just past a line break) and the line number there.
    std::uint64_t m_offset = 0;
    std::int64_t m_line = 1;
    // A folder: files taken, and sizes of new files seen at the last poll (taken when unchanged).
    std::vector<std::string> m_taken;
    std::set<std::string> m_takenSet;
    std::vector<std::string> m_order;
    std::map<std::string, std::uintmax_t> m_pending;
};

// The dataset the given rows make (classes numbered as loadDataset numbers them); refuses, naming
// `path`, what a run cannot start from: no rows, or (labels required) fewer than two classes.
TextDataset datasetOfRows(const std::vector<StreamRow>& rows, const std::string& path, const LoadOptions& options,
                          DataFormat format);

}  // namespace lathe
