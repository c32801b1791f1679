// lathe-cli data: load and check a dataset without training, and say what is in it.
#include "cli/Commands.h"
#include "data/DataError.h"
#include "data/Split.h"
#include "train/RunConfig.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <iostream>
#include <memory>

namespace lathe::cli {

namespace {
// Progress of long loads on stderr, one line per 10%.
class LoadProgress : public LoadListener {
public:
    explicit LoadProgress(bool quiet) : m_quiet(quiet) {}
    void progress(std::uint64_t done, std::uint64_t total) override
    {
        const int tenth = total ? static_cast<int>(10 * done / total) : 0;
        if (m_quiet || tenth == m_last)
            return;
        m_last = tenth;
        std::cerr << fmt::format("loading: {}% ({:.0f} of {:.0f} MB)\n", tenth * 10, done / 1e6, total / 1e6);
    }

private:
    bool m_quiet;
    int m_last = -1;
};
}  // namespace

void addData(CLI::App& app, std::function<int()>& run)
{
    struct Args {
        DataConfig data;
        bool corpus = false;
        bool json = false;
        bool quiet = false;
        std::uint64_t seed = 1;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("data", "Load and check a dataset: size, classes, split, fingerprint");
    sub->add_option("--data", a->data.path, "Dataset: CSV/TSV/JSONL file, folder-per-class tree, or text corpus")->required();
    sub->add_option("--format", a->data.format, "Dataset format (default: from the file name)")
        ->check(CLI::IsMember({"auto", "csv", "tsv", "jsonl", "folder", "text"}));
    sub->add_option("--text-column", a->data.textColumn, "Column or JSON field holding the text")->capture_default_str();
    sub->add_option("--label-column", a->data.labelColumn, "Column or JSON field holding the label")->capture_default_str();
    sub->add_flag("--replace-invalid-utf8", a->data.replaceInvalidUtf8, "Replace invalid UTF-8 instead of refusing the file");
    sub->add_flag("--corpus", a->corpus, "Unlabelled text for a language model (no label column needed)");
    sub->add_option("--seed", a->seed, "Seed of the train/validation/test split")->capture_default_str();
    sub->add_flag("--json", a->json, "Print one JSON object");
    sub->add_flag("-q,--quiet", a->quiet, "No progress output");
    sub->callback([&run, a] {
        run = [a] {
            return reportErrors("data", [&a] {
                LoadOptions o;
                o.format = dataFormatFromString(a->data.format);
                o.textColumn = a->data.textColumn;
                o.labelColumn = a->data.labelColumn;
                o.replaceInvalidUtf8 = a->data.replaceInvalidUtf8;
                o.requireLabels = !a->corpus && detectFormat(a->data.path) != DataFormat::Text;
                LoadProgress progress(a->quiet || a->json);
                const auto t0 = std::chrono::steady_clock::now();
                const auto ds = loadDataset(a->data.path, o, &progress);
                const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
                const auto split = splitDataset(ds, {a->data.validationFraction, a->data.testFraction, a->seed});
                std::size_t bytes = 0;
                for (const auto& t : ds.texts)
                    bytes += t.size();
                nlohmann::json j{{"path", ds.path}, {"format", toString(ds.format)}, {"examples", ds.size()},
                                 {"text_bytes", bytes}, {"load_seconds", seconds},
                                 {"replaced_invalid_utf8", ds.replacedInvalidUtf8},
                                 {"split", {{"train", split.train.size()}, {"validation", split.validation.size()},
                                            {"test", split.test.size()}}}};
                auto classes = nlohmann::json::object();
                const auto counts = ds.classCounts();
                for (std::size_t i = 0; i < ds.classes.size(); ++i)
                    classes[ds.classes[i]] = counts[i];
                j["classes"] = classes;
                if (a->json) {
                    std::cout << j.dump() << std::endl;
                    return kExitOk;
                }
                std::cout << fmt::format("{}\n  format     {}\n  examples   {}  ({:.1f} MB of text, loaded in {:.2f} s)\n",
                                         ds.path, toString(ds.format), ds.size(), bytes / 1e6, seconds);
                if (ds.replacedInvalidUtf8)
                    std::cout << fmt::format("  replaced   {} invalid UTF-8 sequences\n", ds.replacedInvalidUtf8);
                for (std::size_t i = 0; i < ds.classes.size(); ++i)
                    std::cout << fmt::format("  class      {:<20} {:>8}  ({:.1f}%)\n", ds.classes[i], counts[i],
                                             100.0 * counts[i] / ds.size());
                std::cout << fmt::format("  split      train {}, validation {}, test {} (seed {})\n", split.train.size(),
                                         split.validation.size(), split.test.size(), a->seed);
                return kExitOk;
            });
        };
    });
}

}  // namespace lathe::cli
