#include "data/Follow.h"
#include "data/DataError.h"
#include "data/Loaders.h"
#include "util/AtomicFile.h"
#include "util/Message.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <unordered_map>

namespace lathe {

namespace fs = std::filesystem;

namespace {

// How much of `bytes` (what a followed file gained) is whole rows: the length up to just past its
// last line break, outside quotes for CSV/TSV (a record whose quoted field holds a line break, half
// written, waits for the rest), and the line breaks in that length.
std::pair<std::size_t, std::int64_t> wholeRows(std::string_view bytes, bool csv)
{
    bool quoted = false;
    std::size_t end = 0;
    std::int64_t lines = 0, linesToEnd = 0;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (csv && bytes[i] == '"') {
            quoted = !quoted;  // a doubled quote inside a field toggles twice
        } else if (bytes[i] == '\n') {
            ++lines;
            if (!quoted)
                end = i + 1, linesToEnd = lines;
        }
    }
    return {end, linesToEnd};
}

bool isDataFile(const fs::path& p)
{
    const auto name = p.filename().string();
    if (name.empty() || name.front() == '.' || name.ends_with(".tmp") || name.ends_with(".part"))
        return false;
    const auto ext = p.extension().string();
    return ext == ".csv" || ext == ".tsv" || ext == ".jsonl" || ext == ".json" || ext == ".txt";
}

}  // namespace

DataFollower::DataFollower(std::string path, LoadOptions options) : m_path(std::move(path)), m_options(std::move(options))
{
    std::error_code ec;
    if (!fs::exists(m_path, ec))
        throw DataError(m_path, 0, LATHE_TR("Data", "no such file or folder"), LATHE_TR("Data", "Check the path"));
    m_options.recordLines = true;
    m_folder = fs::is_directory(m_path, ec);
    if (m_folder) {
        m_classFolders = m_options.format == DataFormat::Folder;
        for (const auto& entry : fs::directory_iterator(m_path, ec))
            if (entry.is_directory() && entry.path().filename().string().front() != '.')
                m_classFolders = true;
        m_format = m_classFolders ? DataFormat::Folder : DataFormat::Auto;
    } else {
        m_format = m_options.format == DataFormat::Auto ? detectFormat(m_path) : m_options.format;
        if (m_format == DataFormat::Folder)
            throw DataError(m_path, 0, LATHE_TR("Data", "is a file, not a folder of class subfolders"),
                            LATHE_TR("Data", "Choose the folder or another format"));
    }
    if (m_format == DataFormat::Text && m_options.requireLabels)
        throw DataError(m_path, 0, LATHE_TR("Data", "a plain-text corpus has no labels, so it cannot train a classifier"),
                        LATHE_TR("Data", "Use a language model (--model gpt or lstm), or a CSV/TSV/JSONL file "
                                         "with a label column"));
}

std::vector<StreamRow> DataFollower::poll()
{
    auto rows = m_folder ? pollFolder() : pollFile();
    m_first = false;
    return rows;
}

std::vector<StreamRow> DataFollower::readPiece(const std::string& file, DataFormat format, std::uint64_t from,
                                               std::uint64_t to, std::int64_t firstLine)
{
    TextDataset ds;
    ds.path = file;
    const detail::ByteRange range{from, to, firstLine};
    switch (format) {
    case DataFormat::Csv: detail::loadDelimited(file, ',', m_options, nullptr, ds, range); break;
    case DataFormat::Tsv: detail::loadDelimited(file, '\t', m_options, nullptr, ds, range); break;
    case DataFormat::Jsonl: detail::loadJsonLines(file, m_options, nullptr, ds, range); break;
    case DataFormat::Text:
        if (m_options.requireLabels)
            throw DataError(file, 0, LATHE_TR("Data", "a plain-text file has no labels, so it cannot train a classifier"),
                            LATHE_TR("Data", "Add CSV/TSV/JSONL files with a label column to the folder"));
        detail::loadText(file, m_options, nullptr, ds, range);
        break;
    default: break;
    }
    std::vector<StreamRow> rows(ds.texts.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        rows[i].text = std::move(ds.texts[i]);
        if (i < ds.labels.size())
            rows[i].label = ds.classes[static_cast<std::size_t>(ds.labels[i])];
        rows[i].file = file;
        rows[i].line = i < ds.lines.size() ? ds.lines[i] : 0;
    }
    return rows;
}

std::vector<StreamRow> DataFollower::pollFile()
{
    std::error_code ec;
    const auto size = fs::file_size(m_path, ec);
    if (ec)
        throw DataError(m_path, 0, Message(LATHE_TR("Data", "the followed file cannot be read any more (%1)"), ec.message()),
                        LATHE_TR("Data", "Put the file back, then resume the run"));
    if (size < m_offset)
        throw DataError(m_path, 0,
                        Message(LATHE_TR("Data", "the followed file shrank from %1 to %2 bytes: it was truncated or "
                                                 "replaced"),
                                m_offset, size),
                        LATHE_TR("Data", "Append to a followed file; to learn from new contents, start a new run on it"));
    if (size == m_offset)
        return {};
    const auto bytes = detail::readRange(m_path, m_offset, size);
    const auto [end, lines] = wholeRows(bytes, m_format == DataFormat::Csv || m_format == DataFormat::Tsv);
    if (end == 0)
        return {};  // a row still being written: it waits for its line break
    auto rows = readPiece(m_path, m_format, m_offset, m_offset + end, m_line);
    m_line += lines;
    m_offset += end;
    return rows;
}

std::vector<StreamRow> DataFollower::pollFolder()
{
    // Every candidate file with its label (class subfolders) and size.
    struct Candidate {
        std::string path, label;
        std::uintmax_t size = 0;
    };
    std::vector<Candidate> found;
    std::error_code ec;
    const auto consider = [&](const fs::directory_entry& entry, const std::string& label) {
        std::error_code e;
        if (!entry.is_regular_file(e) || !isDataFile(entry.path()) || m_takenSet.count(entry.path().string()))
            return;
        // Class folders hold .txt examples; a folder of data files read for a classifier, labelled
        // files (a stray .txt there is no example).
        if ((m_classFolders || m_options.requireLabels) && (entry.path().extension() == ".txt") != m_classFolders)
            return;
        found.push_back({entry.path().string(), label, entry.file_size(e)});
    };
    for (const auto& entry : fs::directory_iterator(m_path, ec)) {
        if (m_classFolders) {
            const auto name = entry.path().filename().string();
            if (entry.is_directory() && name.front() != '.')
                for (const auto& file : fs::directory_iterator(entry.path(), ec))
                    consider(file, name);
        } else {
            consider(entry, {});
        }
    }
    if (ec)
        throw DataError(m_path, 0, Message(LATHE_TR("Data", "the followed folder cannot be read (%1)"), ec.message()),
                        LATHE_TR("Data", "Check that it exists and is readable, then resume the run"));
    // A new file is taken when its size held still since the last poll (the first poll takes all).
    std::vector<Candidate> ready;
    std::map<std::string, std::uintmax_t> pending;
    for (auto& c : found) {
        const auto it = m_pending.find(c.path);
        // An empty file is still being written (or was just created): it waits.
        if (c.size > 0 && (m_first || (it != m_pending.end() && it->second == c.size)))
            ready.push_back(c);
        else
            pending[c.path] = c.size;
    }
    m_pending = std::move(pending);
    // In the order a resumed run took them before, then by name.
    std::unordered_map<std::string, std::size_t> order;
    for (std::size_t i = 0; i < m_order.size(); ++i)
        order.emplace(m_order[i], i);
    const auto rank = [&order, this](const std::string& p) {
        const auto it = order.find(p);
        return it == order.end() ? m_order.size() : it->second;
    };
    std::sort(ready.begin(), ready.end(), [&](const Candidate& a, const Candidate& b) {
        const auto ra = rank(a.path), rb = rank(b.path);
        return ra != rb ? ra < rb : a.path < b.path;
    });
    std::vector<StreamRow> rows;
    for (const auto& c : ready) {
        if (m_classFolders) {
            std::string text = readFile(c.path);
            detail::checkLooksLikeText(c.path, std::string_view(text).substr(0, 8192));
            TextDataset unused;
            detail::checkUtf8(text, c.path, 1, 0, m_options, unused);
            rows.push_back({std::move(text), c.label, c.path, 0});
        } else {
            const auto format = detectFormat(c.path);
            auto more = readPiece(c.path, format == DataFormat::Auto ? DataFormat::Text : format, 0, 0, 1);
            rows.insert(rows.end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
        }
        m_taken.push_back(c.path);
        m_takenSet.insert(c.path);
    }
    return rows;
}

TextDataset datasetOfRows(const std::vector<StreamRow>& rows, const std::string& path, const LoadOptions& options,
                          DataFormat format)
{
    TextDataset ds;
    ds.path = path;
    ds.format = format;
    ds.texts.reserve(rows.size());
    // Classes numbered as loadDataset numbers them (whole numbers by value, else by name).
    detail::LabelCollector labels;
    for (const auto& r : rows) {
        ds.texts.push_back(r.text);
        if (options.requireLabels)
            labels.add(r.label);
    }
    if (options.requireLabels)
        labels.finish(ds);
    detail::checkClassification(ds, options);
    return ds;
}

}  // namespace lathe
