#include "report/RunReports.h"
#include "report/RunSize.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <ctime>
#include <set>

namespace lathe {

namespace {

nlohmann::json parseOr(const std::string& s)
{
    auto j = nlohmann::json::parse(s, nullptr, false);
    return j.is_discarded() ? nlohmann::json::object() : j;
}

std::string dateTime(double seconds)
{
    const auto t = static_cast<std::time_t>(seconds);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", std::localtime(&t));
    return buf;
}

// Display width of UTF-8 text (code points; wide CJK counted as 2).
std::size_t width(const std::string& s)
{
    std::size_t w = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto b = static_cast<unsigned char>(s[i]);
        if ((b & 0xC0) == 0x80)
            continue;
        w += b >= 0xE3 && b <= 0xED ? 2 : 1;
    }
    return w;
}

std::string table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows)
{
    std::vector<std::size_t> w(header.size());
    for (std::size_t c = 0; c < header.size(); ++c) {
        w[c] = width(header[c]);
        for (const auto& r : rows)
            w[c] = std::max(w[c], width(r[c]));
    }
    auto line = [&](const std::vector<std::string>& cells) {
        std::string s;
        for (std::size_t c = 0; c < cells.size(); ++c)
            s += cells[c] + std::string(w[c] - width(cells[c]) + (c + 1 < cells.size() ? 2 : 0), ' ');
        while (!s.empty() && s.back() == ' ')
            s.pop_back();
        return s + "\n";
    };
    std::string out = line(header);
    std::vector<std::string> rule;
    for (auto x : w)
        rule.push_back(std::string(x, '-'));
    out += line(rule);
    for (const auto& r : rows)
        out += line(r);
    return out;
}

void flatten(const nlohmann::json& j, const std::string& prefix, std::map<std::string, std::string>& out)
{
    for (const auto& [k, v] : j.items()) {
        const auto key = prefix.empty() ? k : prefix + "." + k;
        if (v.is_object())
            flatten(v, key, out);
        else
            out[key] = v.is_string() ? v.get<std::string>() : v.dump();
    }
}

}  // namespace

std::string headlineMetric(const RunRecord& run)
{
    const auto s = parseOr(run.summaryJson);
    if (s.contains("val/exact_match"))
        return fmt::format("exact {:.4f}", s["val/exact_match"].get<double>());
    if (s.contains("val/accuracy"))
        return fmt::format("acc {:.4f}", s["val/accuracy"].get<double>());
    if (s.contains("val/perplexity"))
        return fmt::format("ppl {:.2f}", s["val/perplexity"].get<double>());
    if (run.kind == "word-vectors" && s.contains("loss"))
        return fmt::format("loss {:.4f}", s["loss"].get<double>());
    return "-";
}

std::string runsTable(const std::vector<RunRecord>& runs)
{
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : runs)
        rows.push_back({std::to_string(r.id), r.name, toString(r.status), r.model, std::to_string(r.parameters),
                        std::to_string(r.steps), headlineMetric(r), dateTime(r.created)});
    return table({"id", "name", "status", "model", "params", "steps", "validation", "created"}, rows);
}

std::optional<RunEngine> runEngine(const std::string& summaryJson)
{
    const auto summary = parseOr(summaryJson);
    if (!summary.contains("precision"))
        return std::nullopt;
    RunEngine e;
    e.precision = summary.value("precision", std::string("fp32"));
    e.isa = summary.value("isa", std::string("scalar"));
    e.cpu = summary.value("cpu", std::string());
    e.threads = summary.value("threads", 0);
    e.tokensPerSecond = summary.value("tokens_per_s", 0.0);
    e.evalTokensPerSecond = summary.value("eval_tokens_per_s", 0.0);
    if (summary.contains("step_ms") && summary["step_ms"].is_object())
        for (const char* k : {"data", "forward", "backward", "optimizer", "logging"})
            e.stepMs[k] = summary["step_ms"].value(k, 0.0);
    return e;
}

namespace {
// "fp32 matmuls, avx2 kernels, 2 threads on AMD EPYC 7B13; step 81.0 ms (data 0.4, forward 25.1, ...)".
// Whether the comma-separated `tags` hold `tag` (whole, not as a part of another).
bool hasTag(const std::string& tags, const std::string& tag)
{
    std::size_t start = 0;
    while (start <= tags.size()) {
        const auto end = std::min(tags.find(',', start), tags.size());
        if (tags.compare(start, end - start, tag) == 0)
            return true;
        start = end + 1;
    }
    return false;
}

std::string engineLine(const std::string& summaryJson)
{
    const auto e = runEngine(summaryJson);
    if (!e)
        return {};
    auto line = fmt::format("{} matmuls, {} kernels, {} thread{}", e->precision, e->isa, e->threads,
                            e->threads == 1 ? "" : "s");
    if (!e->cpu.empty())
        line += " on " + e->cpu;
    if (!e->stepMs.empty()) {
        double total = 0;
        for (const auto& [k, v] : e->stepMs)
            total += v;
        line += fmt::format("; step {:.1f} ms (data {:.1f}, forward {:.1f}, backward {:.1f}, optimizer {:.1f}, "
                            "logging {:.1f})",
                            total, e->stepMs.at("data"), e->stepMs.at("forward"), e->stepMs.at("backward"),
                            e->stepMs.at("optimizer"), e->stepMs.at("logging"));
    }
    return line;
}
}  // namespace

std::string engineDescription(const std::string& summaryJson) { return engineLine(summaryJson); }

std::string runDetail(const RunStore& store, const RunRecord& r)
{
    std::string out = fmt::format("run {}  {}\n", r.id, r.name);
    out += fmt::format("status     {}{}\n", toString(r.status), r.message.empty() ? "" : "  (" + r.message.english() + ")");
    out += fmt::format("model      {} ({}), {} parameters\n", r.model, r.kind, r.parameters);
    out += sizeReport(runSize(r));
    if (const auto engine = engineLine(r.summaryJson); !engine.empty())
        out += "engine     " + engine + "\n";
    out += fmt::format("dataset    {}\nfingerprint {}\n", r.dataset, r.datasetFingerprint);
    out += fmt::format("created    {}   steps {}\n", dateTime(r.created), r.steps);
    if (!r.tags.empty())
        out += "tags       " + r.tags + "\n";
    // Lineage: each run it came from, back to one trained from scratch.
    if (r.parentId) {
        out += "lineage    ";
        auto parent = r.parentId;
        for (int depth = 0; parent > 0 && depth < 8; ++depth) {
            const auto p = store.run(parent);
            out += fmt::format("{}run {}{}", depth ? " <- " : "<- ", parent,
                               p ? fmt::format(" ({}, {})", p->name, p->model) : std::string(" (deleted)"));
            parent = p ? p->parentId : 0;
        }
        if (hasTag(r.tags, "from-scratch"))
            out += "  (its architecture and tokenizer, random weights: the from-scratch control)";
        out += "\n";
    }
    out += "\nfinal validation metrics\n";
    const auto summary = parseOr(r.summaryJson);  // items() must not outlive the parsed object
    for (const auto& [k, v] : summary.items())
        out += fmt::format("  {:<20} {}\n", k, v.is_number_float() ? fmt::format("{:.4f}", v.get<double>()) : v.dump());
    if (const auto eval = store.latestEvaluation(r.id, "validation")) {
        const auto j = parseOr(eval->reportJson);
        std::vector<std::vector<std::string>> rows;
        const auto classes = j.value("classes", std::vector<std::string>());
        for (std::size_t i = 0; i < classes.size() && i < j["per_class"].size(); ++i) {
            const auto& m = j["per_class"][i];
            rows.push_back({classes[i], fmt::format("{:.4f}", m["precision"].get<double>()),
                            fmt::format("{:.4f}", m["recall"].get<double>()), fmt::format("{:.4f}", m["f1"].get<double>()),
                            m["support"].dump()});
        }
        out += fmt::format("\nper-class (step {})\n", eval->step) +
               table({"class", "precision", "recall", "f1", "support"}, rows);
    }
    out += "\nartifacts\n";
    for (const auto& a : store.artifacts(r.id))
        out += fmt::format("  {:<10} {}  ({} bytes, xxh3 {})\n", a.kind, a.path, a.bytes, a.hash);
    out += "\nconfiguration\n" + parseOr(r.configJson).dump(2) + "\n";
    return out;
}

std::string compareRuns(const std::vector<RunRecord>& runs)
{
    std::vector<std::map<std::string, std::string>> flat(runs.size());
    std::set<std::string> keys;
    for (std::size_t i = 0; i < runs.size(); ++i) {
        flatten(parseOr(runs[i].configJson), "", flat[i]);
        flatten(parseOr(runs[i].summaryJson), "", flat[i]);
        flat[i]["status"] = toString(runs[i].status);
        flat[i]["params"] = std::to_string(runs[i].parameters);
        flat[i]["steps"] = std::to_string(runs[i].steps);
        for (const auto& [k, v] : flat[i])
            keys.insert(k);
    }
    std::vector<std::string> header{"key"};
    for (const auto& r : runs)
        header.push_back(fmt::format("run {}", r.id));
    std::vector<std::vector<std::string>> rows;
    for (const auto& k : keys) {
        std::vector<std::string> row{k};
        bool differs = false;
        for (std::size_t i = 0; i < runs.size(); ++i) {
            auto it = flat[i].find(k);
            row.push_back(it == flat[i].end() ? "-" : it->second);
            differs = differs || row.back() != row[1];
        }
        // Metrics always show; settings only where the runs differ.
        if (differs || k.rfind("val/", 0) == 0 || k == "tokens_per_s" || k == "params" || k == "status")
            rows.push_back(row);
    }
    return table(header, rows);
}

std::string runsJson(const std::vector<RunRecord>& runs)
{
    auto arr = nlohmann::json::array();
    for (const auto& r : runs)
        arr.push_back({{"id", r.id}, {"name", r.name}, {"status", toString(r.status)}, {"model", r.model},
                       {"kind", r.kind}, {"params", r.parameters}, {"steps", r.steps}, {"created", r.created},
                       {"dataset", r.dataset}, {"tags", r.tags}, {"parent_id", r.parentId},
                       {"summary", parseOr(r.summaryJson)}, {"message", r.message.english()}});
    return arr.dump();
}

std::string csvField(const std::string& text)
{
    if (text.find_first_of(",\"\r\n") == std::string::npos)
        return text;
    std::string q = "\"";
    for (char c : text)
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

void writeMetricsCsv(const RunStore& store, const std::vector<std::int64_t>& runIds, std::ostream& out)
{
    out << "run_id,run_name,key,step,wall_time,value\n";
    for (auto id : runIds) {
        const auto run = store.run(id);
        const std::string name = csvField(run ? run->name : "");
        for (const auto& p : store.metrics(id))
            out << fmt::format("{},{},{},{},{:.3f},{}\n", id, name, p.key, p.step, p.wallTime, p.value);
    }
}

}  // namespace lathe
