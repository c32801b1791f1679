#include "data/Loaders.h"
#include "data/DataError.h"
#include "util/Utf8.h"
#include "util/Message.h"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace lathe {

std::string toString(DataFormat f)
{
    switch (f) {
    case DataFormat::Auto: return "auto";
    case DataFormat::Csv: return "csv";
    case DataFormat::Tsv: return "tsv";
    case DataFormat::Jsonl: return "jsonl";
    case DataFormat::Folder: return "folder";
    case DataFormat::Text: return "text";
    }
    return "auto";
}

DataFormat dataFormatFromString(const std::string& s)
{
    for (auto f : {DataFormat::Auto, DataFormat::Csv, DataFormat::Tsv, DataFormat::Jsonl, DataFormat::Folder,
                   DataFormat::Text})
        if (toString(f) == s)
            return f;
    throw std::invalid_argument(fmt::format("unknown data format '{}' (use csv, tsv, jsonl, folder or text)", s));
}

std::vector<std::size_t> TextDataset::classCounts() const
{
    std::vector<std::size_t> counts(classes.size(), 0);
    for (int l : labels)
        ++counts[static_cast<std::size_t>(l)];
    return counts;
}

DataFormat detectFormat(const std::string& path)
{
    namespace fs = std::filesystem;
    if (fs::is_directory(path))
        return DataFormat::Folder;
    auto ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext == ".csv")
        return DataFormat::Csv;
    if (ext == ".tsv" || ext == ".tab")
        return DataFormat::Tsv;
    if (ext == ".jsonl" || ext == ".ndjson" || ext == ".json")
        return DataFormat::Jsonl;
    return DataFormat::Text;
}

namespace detail {

namespace {
bool allIntegers(const std::vector<std::string>& names)
{
    return std::all_of(names.begin(), names.end(), [](const std::string& s) {
        return !s.empty() && s.size() < 18 &&
               std::all_of(s.begin() + (s[0] == '-' ? 1 : 0), s.end(), [](unsigned char c) { return std::isdigit(c); }) &&
               s != "-";
    });
}
}  // namespace

void LabelCollector::add(const std::string& label)
{
    auto [it, added] = m_ids.try_emplace(label, static_cast<int>(m_names.size()));
    if (added)
        m_names.push_back(label);
    m_rows.push_back(it->second);
}

void LabelCollector::finish(TextDataset& ds)
{
    std::vector<std::string> names = m_names;
    std::sort(names.begin(), names.end());
    // Integer labels sort as numbers so "10" comes after "9".
    if (allIntegers(names))
        std::sort(names.begin(), names.end(),
                  [](const std::string& a, const std::string& b) { return std::stoll(a) < std::stoll(b); });
    std::vector<int> classOf(m_names.size());
    for (std::size_t i = 0; i < names.size(); ++i)
        classOf[static_cast<std::size_t>(m_ids.at(names[i]))] = static_cast<int>(i);
    ds.labels.clear();
    ds.labels.reserve(m_rows.size());
    for (const int r : m_rows)
        ds.labels.push_back(classOf[static_cast<std::size_t>(r)]);
    ds.classes = std::move(names);
    m_ids.clear();
    m_names.clear();
    std::vector<int>().swap(m_rows);
}

void checkUtf8(std::string& text, const std::string& file, std::int64_t line, std::int64_t baseOffset,
               const LoadOptions& options, TextDataset& ds)
{
    const auto bad = utf8::findInvalid(text);
    if (bad == utf8::npos)
        return;
    if (options.replaceInvalidUtf8) {
        ds.replacedInvalidUtf8 += utf8::replaceInvalid(text);
        return;
    }
    const auto byte = static_cast<unsigned char>(text[bad]);
    const auto before = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(bad), '\n');
    throw DataError(file, line + before, Message(LATHE_TR("Data", "invalid UTF-8 byte 0x%1"), fmt::format("{:02X}", byte)),
                    LATHE_TR("Data", "Save the file as UTF-8 (for example: iconv -f LATIN1 -t UTF-8), or choose "
                                     "'replace invalid characters' (--replace-invalid-utf8)"),
                    baseOffset >= 0 ? baseOffset + static_cast<std::int64_t>(bad) : -1);
}

void checkLooksLikeText(const std::string& path, std::string_view head)
{
    if (head.size() >= 2 && ((head[0] == '\xFF' && head[1] == '\xFE') || (head[0] == '\xFE' && head[1] == '\xFF')))
        throw DataError(path, 1, LATHE_TR("Data", "the file is UTF-16 encoded, Lathe reads UTF-8"),
                        LATHE_TR("Data", "Convert it first, for example: iconv -f UTF-16 -t UTF-8 in > out"));
    const auto nul = head.find('\0');
    if (nul != std::string_view::npos)
        throw DataError(path, 1 + std::count(head.begin(), head.begin() + static_cast<std::ptrdiff_t>(nul), '\n'),
                        LATHE_TR("Data", "this looks like a binary file (it contains a NUL byte), not text"),
                        LATHE_TR("Data", "Choose a CSV, TSV, JSON Lines or plain-text file"), static_cast<std::int64_t>(nul));
}

void checkClassification(const TextDataset& ds, const LoadOptions& o)
{
    if (ds.texts.empty())
        throw DataError(ds.path, 0, LATHE_TR("Data", "no examples found (the file is empty or has only a header)"),
                        LATHE_TR("Data", "Add rows of text and label, or choose another file"));
    if (!o.requireLabels || ds.paired())
        return;
    if (ds.classes.size() < 2)
        throw DataError(ds.path, 0,
                        Message(LATHE_TR("Data", "every example has the label '%1'; a classifier needs at least two classes"),
                                ds.classes.empty() ? std::string() : ds.classes.front()),
                        LATHE_TR("Data", "Check that the label column is the right one (--label-column)"));
}

}  // namespace detail

TextDataset loadDataset(const std::string& path, const LoadOptions& options, LoadListener* listener)
{
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw DataError(path, 0, LATHE_TR("Data", "no such file or folder"), LATHE_TR("Data", "Check the path"));
    TextDataset ds;
    ds.path = path;
    ds.format = options.format == DataFormat::Auto ? detectFormat(path) : options.format;
    if (ds.format != DataFormat::Folder && fs::is_directory(path))
        throw DataError(path, 0, LATHE_TR("Data", "is a folder"),
                        LATHE_TR("Data", "Use --format folder for a folder-per-class tree"));
    if (ds.format == DataFormat::Folder && !fs::is_directory(path))
        throw DataError(path, 0, LATHE_TR("Data", "is a file, not a folder of class subfolders"),
                        LATHE_TR("Data", "Choose the folder or another format"));
    if (!options.targetColumn.empty() && options.targetColumn == options.textColumn)
        throw DataError(path, 0, Message(LATHE_TR("Data", "the source and the target are both the column '%1'"),
                                         options.textColumn),
                        LATHE_TR("Data", "Choose two different columns (--source-column, --target-column)"));
    if ((ds.format == DataFormat::Text || ds.format == DataFormat::Folder) && !options.targetColumn.empty())
        throw DataError(path, 0, LATHE_TR("Data", "parallel pairs need a source and a target column"),
                        LATHE_TR("Data", "Use a CSV, TSV or JSON Lines file with both columns (--source-column, "
                                         "--target-column)"));
    switch (ds.format) {
    case DataFormat::Csv: detail::loadDelimited(path, ',', options, listener, ds); break;
    case DataFormat::Tsv: detail::loadDelimited(path, '\t', options, listener, ds); break;
    case DataFormat::Jsonl: detail::loadJsonLines(path, options, listener, ds); break;
    case DataFormat::Folder: detail::loadFolder(path, options, listener, ds); break;
    case DataFormat::Text: detail::loadText(path, options, listener, ds); break;
    case DataFormat::Auto: break;
    }
    if (ds.format == DataFormat::Text && options.requireLabels)
        throw DataError(path, 0, LATHE_TR("Data", "a plain-text corpus has no labels, so it cannot train a classifier"),
                        LATHE_TR("Data", "Use a language model (--model gpt or lstm), or a CSV/TSV/JSONL file "
                                         "with a label column"));
    detail::checkClassification(ds, options);
    return ds;
}

}  // namespace lathe
