#include "data/Columns.h"

#include <csv.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>

namespace lathe {

namespace {
// The first record of a delimited file, parsed by libcsv (quotes and embedded delimiters as the
// loader reads them).
std::vector<std::string> firstRecord(const std::string& head, char delimiter)
{
    struct Collect {
        std::vector<std::string> fields;
        bool done = false;
    } c;
    csv_parser parser;
    if (csv_init(&parser, CSV_APPEND_NULL) != 0)
        return {};
    csv_set_delim(&parser, static_cast<unsigned char>(delimiter));
    const auto onField = [](void* data, size_t size, void* user) {
        auto* s = static_cast<Collect*>(user);
        if (!s->done)
            s->fields.emplace_back(static_cast<const char*>(data), size);
    };
    const auto onRow = [](int, void* user) { static_cast<Collect*>(user)->done = true; };
    csv_parse(&parser, head.data(), head.size(), onField, onRow, &c);
    csv_fini(&parser, onField, onRow, &c);
    csv_free(&parser);
    if (!c.fields.empty() && c.fields[0].rfind("\xEF\xBB\xBF", 0) == 0)
        c.fields[0].erase(0, 3);
    return c.fields;
}
}  // namespace

std::vector<std::string> columnNames(const std::string& path, DataFormat format)
{
    try {
        if (format == DataFormat::Auto)
            format = detectFormat(path);
        if (format != DataFormat::Csv && format != DataFormat::Tsv && format != DataFormat::Jsonl)
            return {};
        std::ifstream in(path, std::ios::binary);
        if (!in)
            return {};
        if (format == DataFormat::Jsonl) {
            std::string line;
            while (std::getline(in, line))
                if (line.find_first_not_of(" \t\r") != std::string::npos)
                    break;
            const auto object = nlohmann::json::parse(line, nullptr, false);
            std::vector<std::string> keys;
            if (object.is_object())
                for (const auto& item : object.items())
                    keys.push_back(item.key());
            return keys;
        }
        // A header longer than this is not one a person wrote.
        std::string head(1 << 16, '\0');
        in.read(head.data(), static_cast<std::streamsize>(head.size()));
        head.resize(static_cast<std::size_t>(in.gcount()));
        return firstRecord(head, format == DataFormat::Tsv ? '\t' : ',');
    } catch (const std::exception&) {
        return {};
    }
}

bool looksLikePairs(const std::string& path, const LoadOptions& options)
{
    const auto names = columnNames(path, options.format);
    const auto has = [&](const std::string& name) { return std::find(names.begin(), names.end(), name) != names.end(); };
    return has(options.textColumn) && has(kDefaultTargetColumn) && !has(options.labelColumn) &&
           options.textColumn != kDefaultTargetColumn;
}

}  // namespace lathe
