#include "data/DataError.h"
#include "data/Loaders.h"
#include "util/Message.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>

namespace lathe::detail {

namespace {
std::string labelText(const nlohmann::json& v)
{
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_number_integer() || v.is_boolean())
        return v.dump();
    return {};
}
}  // namespace

void loadJsonLines(const std::string& path, const LoadOptions& o, LoadListener* listener, TextDataset& ds,
                   ByteRange range)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw DataError(path, 0, LATHE_TR("Data", "cannot open the file"),
                        LATHE_TR("Data", "Check that it exists and is readable"));
    const auto total = range.to > 0 ? range.to : std::filesystem::file_size(path);
    LabelCollector labels;
    std::string line;
    std::int64_t lineNo = range.firstLine - 1;
    std::uint64_t offset = range.from;
    in.seekg(static_cast<std::streamoff>(range.from));
    while (offset < total && std::getline(in, line)) {
        ++lineNo;
        const auto lineOffset = offset;
        offset += line.size() + 1;
        if (lineOffset == 0) {
            checkLooksLikeText(path, line.substr(0, 8192));
            if (line.rfind("\xEF\xBB\xBF", 0) == 0)
                line.erase(0, 3);
        }
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        checkUtf8(line, path, lineNo, static_cast<std::int64_t>(lineOffset), o, ds);
        nlohmann::json row;
        try {
            row = nlohmann::json::parse(line);
        } catch (const nlohmann::json::parse_error& e) {
            throw DataError(path, lineNo, Message(LATHE_TR("Data", "not valid JSON (%1)"), e.what()),
                            LATHE_TR("Data", "Each line must be one JSON object, such as {\"text\": \"...\", \"label\": \"...\"}"));
        }
        if (!row.is_object())
            throw DataError(path, lineNo, LATHE_TR("Data", "this line is JSON but not an object"),
                            LATHE_TR("Data", "Each line must be one JSON object, such as {\"text\": \"...\", \"label\": \"...\"}"));
        const bool pairs = !o.targetColumn.empty();
        auto text = row.find(o.textColumn);
        if (text == row.end() || !text->is_string())
            throw DataError(path, lineNo, Message(LATHE_TR("Data", "no string field '%1'"), o.textColumn),
                            pairs ? LATHE_TR("Data", "Choose the source field by name (--source-column)")
                                  : LATHE_TR("Data", "Choose the text field by name (--text-column)"));
        if (pairs) {
            auto target = row.find(o.targetColumn);
            if (target == row.end() || !target->is_string())
                throw DataError(path, lineNo, Message(LATHE_TR("Data", "no string field '%1'"), o.targetColumn),
                                LATHE_TR("Data", "Choose the target field by name (--target-column)"));
            if (text->get_ref<const std::string&>().empty() || target->get_ref<const std::string&>().empty())
                throw DataError(path, lineNo,
                                Message(LATHE_TR("Data", "the %1 side of this pair is empty"),
                                        text->get_ref<const std::string&>().empty() ? o.textColumn : o.targetColumn),
                                LATHE_TR("Data", "Give every row a source and a target, or remove the row"));
            ds.targets.push_back(target->get<std::string>());
        } else if (o.requireLabels) {
            auto label = row.find(o.labelColumn);
            const std::string value = label == row.end() ? std::string() : labelText(*label);
            if (value.empty())
                throw DataError(path, lineNo, Message(LATHE_TR("Data", "no string or integer field '%1'"), o.labelColumn),
                                LATHE_TR("Data", "Choose the label field by name (--label-column)"));
            labels.add(value);
        }
        ds.texts.push_back(text->get<std::string>());
        if (o.recordLines)
            ds.lines.push_back(lineNo);
        if (listener && (lineNo & 0xFFF) == 0) {
            listener->progress(offset, total);
            if (listener->cancelRequested())
                throw Cancelled();
        }
    }
    labels.finish(ds);
    if (!o.requireLabels || !o.targetColumn.empty())
        ds.labels.clear();
    if (listener)
        listener->progress(total, total);
}

}  // namespace lathe::detail
