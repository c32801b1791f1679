#include "data/DataError.h"
#include "data/Loaders.h"

#include "util/Utf8.h"
#include "util/Message.h"

#include <csv.h>
#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <memory>

namespace lathe::detail {

namespace {

// State shared with libcsv's C callbacks. Errors are recorded, not thrown, because an
// exception must not unwind through C frames; the loop checks after each chunk.
struct CsvState {
    const std::string* path;
    const LoadOptions* options;
    TextDataset* ds;
    LabelCollector labels;
    std::vector<std::string> header;
    std::vector<std::string> row;
    std::int64_t line = 1;      // line where the next field starts
    std::int64_t rowLine = 1;   // line where the current row started
    int textIndex = -1;
    int labelIndex = -1;
    int targetIndex = -1;
    std::unique_ptr<DataError> error;

    // Line of the row being parsed when libcsv stops: a row with no completed field yet
    // starts where the next field starts.
    std::int64_t currentRowLine() const { return row.empty() ? line : rowLine; }

    void fail(std::int64_t atLine, Message problem, Message hint)
    {
        if (!error)
            error = std::make_unique<DataError>(*path, atLine, std::move(problem), std::move(hint));
    }
};

std::string joinNames(const std::vector<std::string>& names)
{
    std::string s;
    for (const auto& n : names)
        s += (s.empty() ? "" : ", ") + n;
    return s;
}

int columnIndex(const std::vector<std::string>& header, const std::string& name)
{
    auto it = std::find(header.begin(), header.end(), name);
    return it == header.end() ? -1 : static_cast<int>(it - header.begin());
}

void onHeader(CsvState& s)
{
    s.header = std::move(s.row);
    if (!s.header.empty() && s.header[0].rfind("\xEF\xBB\xBF", 0) == 0)
        s.header[0].erase(0, 3);
    const bool pairs = !s.options->targetColumn.empty();
    s.textIndex = columnIndex(s.header, s.options->textColumn);
    if (s.textIndex < 0)
        return s.fail(s.rowLine, Message(LATHE_TR("Data", "no column named '%1' (the header has: %2)"), s.options->textColumn,
                                         joinNames(s.header)),
                      pairs ? LATHE_TR("Data", "Choose the source column by name (--source-column)")
                            : LATHE_TR("Data", "Choose the text column by name (--text-column)"));
    if (pairs) {
        s.targetIndex = columnIndex(s.header, s.options->targetColumn);
        if (s.targetIndex < 0)
            return s.fail(s.rowLine, Message(LATHE_TR("Data", "no column named '%1' (the header has: %2)"),
                                             s.options->targetColumn, joinNames(s.header)),
                          LATHE_TR("Data", "Choose the target column by name (--target-column)"));
    } else if (s.options->requireLabels) {
        s.labelIndex = columnIndex(s.header, s.options->labelColumn);
        if (s.labelIndex < 0)
            return s.fail(s.rowLine, Message(LATHE_TR("Data", "no column named '%1' (the header has: %2)"),
                                             s.options->labelColumn, joinNames(s.header)),
                          LATHE_TR("Data", "Choose the label column by name (--label-column)"));
    }
}

void onRow(CsvState& s)
{
    if (s.header.empty())
        return onHeader(s);
    if (s.row.size() != s.header.size())
        return s.fail(s.rowLine, Message(LATHE_TR("Data", "this row has %1 fields but the header has %2"), s.row.size(),
                                         s.header.size()),
                      LATHE_TR("Data", "Quote fields that contain the delimiter or a line break, and check for a "
                                       "missing field"));
    std::string& text = s.row[static_cast<std::size_t>(s.textIndex)];
    try {
        checkUtf8(text, *s.path, s.rowLine, -1, *s.options, *s.ds);
        if (s.labelIndex >= 0)
            checkUtf8(s.row[static_cast<std::size_t>(s.labelIndex)], *s.path, s.rowLine, -1, *s.options, *s.ds);
        if (s.targetIndex >= 0)
            checkUtf8(s.row[static_cast<std::size_t>(s.targetIndex)], *s.path, s.rowLine, -1, *s.options, *s.ds);
    } catch (const DataError& e) {
        s.error = std::make_unique<DataError>(e);
        return;
    }
    if (s.targetIndex >= 0) {
        auto& target = s.row[static_cast<std::size_t>(s.targetIndex)];
        if (text.empty() || target.empty())
            return s.fail(s.rowLine,
                          Message(LATHE_TR("Data", "the %1 side of this pair is empty"),
                                  text.empty() ? s.options->textColumn : s.options->targetColumn),
                          LATHE_TR("Data", "Give every row a source and a target, or remove the row"));
        s.ds->targets.push_back(std::move(target));
    }
    if (s.labelIndex >= 0) {
        auto& label = s.row[static_cast<std::size_t>(s.labelIndex)];
        if (label.empty())
            return s.fail(s.rowLine, LATHE_TR("Data", "the label is empty"),
                          LATHE_TR("Data", "Give every row a label, or remove the row"));
        s.labels.add(std::move(label));
    }
    s.ds->texts.push_back(std::move(text));
    if (s.options->recordLines)
        s.ds->lines.push_back(s.rowLine);
}

void fieldCallback(void* data, std::size_t len, void* user)
{
    auto& s = *static_cast<CsvState*>(user);
    if (s.error)
        return;
    if (s.row.empty())
        s.rowLine = s.line;
    const char* p = static_cast<const char*>(data);
    s.row.emplace_back(p ? p : "", p ? len : 0);
    s.line += std::count(s.row.back().begin(), s.row.back().end(), '\n');
}

void rowCallback(int terminator, void* user)
{
    auto& s = *static_cast<CsvState*>(user);
    // With CSV_REPALL_NL every line break outside a record is reported with no fields;
    // counting '\n' terminators keeps line numbers exact for LF and CRLF files alike.
    if (!s.row.empty() && !s.error)
        onRow(s);
    s.row.clear();
    if (terminator == '\n')
        ++s.line;
}

}  // namespace

void loadDelimited(const std::string& path, char delimiter, const LoadOptions& o, LoadListener* listener,
                   TextDataset& ds, ByteRange range)
{
    std::unique_ptr<FILE, int (*)(FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!file)
        throw DataError(path, 0, LATHE_TR("Data", "cannot open the file"),
                        LATHE_TR("Data", "Check that it exists and is readable"));
    const auto total = range.to > 0 ? range.to : std::filesystem::file_size(path);

    csv_parser parser;
    csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL);
    std::unique_ptr<csv_parser, void (*)(csv_parser*)> guard(&parser, &csv_free);
    csv_set_delim(&parser, static_cast<unsigned char>(delimiter));

    CsvState state{&path, &o, &ds, {}, {}, {}, 1, 1, -1, -1, -1, nullptr};
    // 1 MiB reads: the file is streamed, only the parsed texts are kept.
    std::vector<char> buf(1 << 20);
    std::uint64_t done = 0;
    std::int64_t newlines = 0;
    utf8::StreamValidator utf8Check;
    bool first = true;
    if (range.from > 0) {
        // A later piece of a followed file: the header row from the file's start, then the piece.
        const auto head = readRange(path, 0, std::min<std::uint64_t>(range.from, 1 << 16));
        const auto end = head.find('\n');
        if (end == std::string::npos)
            throw DataError(path, 1, LATHE_TR("Data", "the header row is longer than 64 KiB or has no line break"),
                            LATHE_TR("Data", "End the header row with a line break"));
        checkLooksLikeText(path, head);
        csv_parse(&parser, head.data(), end + 1, fieldCallback, rowCallback, &state);
        if (state.error)
            throw *state.error;
        std::fseek(file.get(), static_cast<long>(range.from), SEEK_SET);
        state.line = state.rowLine = range.firstLine;
        newlines = range.firstLine - 1;
        done = range.from;
        first = false;
    }
    while (done < total) {
        const auto n = std::fread(buf.data(), 1, std::min<std::uint64_t>(buf.size(), total - done), file.get());
        if (n == 0)
            break;
        if (first) {
            checkLooksLikeText(path, std::string_view(buf.data(), std::min<std::size_t>(n, 8192)));
            first = false;
        }
        const std::string_view chunk(buf.data(), n);
        if (!o.replaceInvalidUtf8) {
            // Checked on the raw bytes so the message carries the exact line and byte offset.
            // The error names the first byte of the bad sequence, which may lie in the previous chunk.
            const auto bad = utf8Check.feed(chunk);
            if (bad != utf8::npos)
                throw DataError(path, 1 + newlines + std::count(chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(bad), '\n'),
                                Message(LATHE_TR("Data", "invalid UTF-8 byte 0x%1"), fmt::format("{:02X}", utf8Check.badByte())),
                                LATHE_TR("Data", "Save the file as UTF-8 (for example: iconv -f LATIN1 -t UTF-8), "
                                                 "or choose 'replace invalid characters' (--replace-invalid-utf8)"),
                                static_cast<std::int64_t>(done + bad) - static_cast<std::int64_t>(utf8Check.badBack()));
            newlines += std::count(chunk.begin(), chunk.end(), '\n');
        }
        if (csv_parse(&parser, buf.data(), n, fieldCallback, rowCallback, &state) != n && !state.error)
            state.fail(state.currentRowLine(), Message(LATHE_TR("Data", "malformed quoting (%1)"), csv_strerror(csv_error(&parser))),
                       LATHE_TR("Data", "A quote inside a quoted field must be doubled (\"\"), and a quoted field "
                                        "must end with a quote"));
        if (state.error)
            throw *state.error;
        done += n;
        if (listener) {
            listener->progress(done, total);
            if (listener->cancelRequested())
                throw Cancelled();
        }
    }
    if (csv_fini(&parser, fieldCallback, rowCallback, &state) != 0 && !state.error)
        state.fail(state.currentRowLine(), LATHE_TR("Data", "a quoted field is never closed (unterminated quote)"),
                   LATHE_TR("Data", "Add the closing quote; a field that contains line breaks must be quoted at "
                                    "both ends"));
    if (state.error)
        throw *state.error;
    if (state.header.empty())
        throw DataError(path, 0, LATHE_TR("Data", "the file is empty"),
                        LATHE_TR("Data", "A CSV/TSV file needs a header row and at least one data row"));
    state.labels.finish(ds);
    if (!o.requireLabels || !o.targetColumn.empty())
        ds.labels.clear();
}

}  // namespace lathe::detail
