// lathe-cli attention and project: what the Attention and Projector panels show, as files.
#include "cli/Commands.h"
#include "inspect/ModelInspector.h"
#include "inspect/Projection.h"
#include "inspect/RunExamples.h"
#include "report/RunReports.h"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <memory>

namespace lathe::cli {

namespace {

// The run's checkpoint at `step` (from its timeline), or its latest when step < 0.
std::string checkpointAt(RunStore& store, std::int64_t id, std::int64_t step)
{
    if (step < 0)
        return checkpointOf(store, id);
    requireRun(store, id);
    std::string steps;
    for (const auto& [s, path] : store.checkpointTimeline(id)) {
        if (s == step)
            return path;
        steps += (steps.empty() ? "" : ", ") + std::to_string(s);
    }
    throw std::invalid_argument(fmt::format("run {} kept no checkpoint at step {} (it has: {})", id, step,
                                            steps.empty() ? "none" : steps));
}

void printAttentionSummary(const AttentionResult& a)
{
    std::cout << fmt::format("step {}, {} layers x {} heads{}\n", a.step, a.layers, a.heads, a.causal ? ", causal" : "");
    std::cout << "tokens: " << fmt::format("{}", fmt::join(a.tokens, " | ")) << "\n";
    if (!a.keyTokens.empty())
        std::cout << "source: " << fmt::format("{}", fmt::join(a.keyTokens, " | ")) << "\n";
    if (!a.target.empty() || a.decoded)
        std::cout << (a.decoded ? "output: " : "target: ") << a.target << "\n";
    for (int l = 0; l < a.layers; ++l)
        for (int h = 0; h < a.heads; ++h) {
            std::cout << fmt::format("layer {} head {}:", l + 1, h + 1);
            for (int q = 0; q < a.length(); ++q) {
                int best = 0;
                for (int k = 1; k < a.keyLength(); ++k)
                    if (a.at(l, h, q, k) > a.at(l, h, q, best))
                        best = k;
                std::cout << fmt::format(" {}->{}", q, best);
            }
            std::cout << "\n";
        }
}

}  // namespace

void addAttention(CLI::App& app, std::function<int()>& run)
{
    struct Args {
        std::string db, text, part = "encoder", target;
        std::int64_t id = 0, step = -1;
        int threads = 0;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("attention", "Attention of a Transformer, GPT, masked LM or encoder–decoder run on a text");
    sub->add_option("--run", a->id, "Run ID")->required();
    sub->add_option("--text", a->text, "Text to read")->required();
    sub->add_option("--step", a->step, "Use the checkpoint kept at this step (default: the latest)");
    sub->add_option("--part", a->part,
                    "Encoder–decoders: encoder (self-attention over the source), decoder (causal self-attention over "
                    "the target) or cross (target tokens attending to the source)")
        ->check(CLI::IsMember({"encoder", "decoder", "cross"}))
        ->capture_default_str();
    sub->add_option("--target", a->target, "Encoder–decoders: the target the decoder reads (default: its own output)");
    sub->add_option("--threads", a->threads, "Compute threads (0: all cores)");
    sub->add_flag("--json", a->json, "Print tokens and attention [layer][head][query][key] as JSON");
    addDbOption(*sub, a->db);
    sub->callback([&run, a] {
        run = [a] {
            return withStore(a->db, "attention", [&](RunStore& store) {
                ModelInspector inspector(checkpointAt(store, a->id, a->step), a->threads);
                const auto part = a->part == "cross"     ? AttentionPart::Cross
                                  : a->part == "decoder" ? AttentionPart::DecoderSelf
                                                         : AttentionPart::Encoder;
                const auto result = inspector.attention(a->text, part, a->target);
                if (a->json)
                    std::cout << attentionToJson(result) << std::endl;
                else
                    printAttentionSummary(result);
                return kExitOk;
            });
        };
    });
}

void addProject(CLI::App& app, std::function<int()>& run)
{
    struct Args {
        std::string db, what = "tokens", method = "pca", out, split = "validation";
        std::int64_t id = 0, step = -1;
        TsneOptions tsne;
        int limit = 20000;
        int threads = 0;
    };
    auto a = std::make_shared<Args>();
    auto* sub = app.add_subcommand("project", "Project token or sentence embeddings of a run to 2-D (CSV)");
    sub->add_option("--run", a->id, "Run ID")->required();
    sub->add_option("--what", a->what, "tokens (the embedding matrix) or sentences (the pooled vectors)")
        ->check(CLI::IsMember({"tokens", "sentences"}))->capture_default_str();
    sub->add_option("--method", a->method, "pca or tsne")->check(CLI::IsMember({"pca", "tsne"}))->capture_default_str();
    sub->add_option("--out", a->out, "CSV file to write: x,y,text,label")->required();
    sub->add_option("--split", a->split, "Sentences from this split of the run's data")
        ->check(CLI::IsMember({"train", "validation", "test"}))->capture_default_str();
    sub->add_option("--limit", a->limit, "At most this many sentences")->capture_default_str();
    sub->add_option("--perplexity", a->tsne.perplexity, "t-SNE perplexity")->capture_default_str();
    sub->add_option("--iterations", a->tsne.iterations, "t-SNE iterations")->capture_default_str();
    sub->add_option("--seed", a->tsne.seed, "t-SNE seed")->capture_default_str();
    sub->add_option("--step", a->step, "Use the checkpoint kept at this step (default: the latest)");
    sub->add_option("--threads", a->threads, "Compute threads (0: all cores)");
    addDbOption(*sub, a->db);
    sub->callback([&run, a] {
        run = [a] {
            return withStore(a->db, "project", [&](RunStore& store) {
                ModelInspector inspector(checkpointAt(store, a->id, a->step), a->threads);
                EmbeddingTable table;
                std::vector<std::string> labels;
                if (a->what == "tokens") {
                    table = inspector.tokenEmbeddings();
                    const auto train = loadRunSplit(inspector.config(), SplitPart::Train);
                    for (auto f : inspector.tokenFrequencies(train.texts))
                        labels.push_back(std::to_string(f));
                } else {
                    const auto part = a->split == "train" ? SplitPart::Train
                                      : a->split == "test" ? SplitPart::Test : SplitPart::Validation;
                    auto examples = loadRunSplit(inspector.config(), part);
                    if (static_cast<int>(examples.texts.size()) > a->limit) {
                        examples.texts.resize(static_cast<std::size_t>(a->limit));
                        if (!examples.labels.empty())
                            examples.labels.resize(static_cast<std::size_t>(a->limit));
                    }
                    table = inspector.sentenceEmbeddings(examples.texts, examples.labels);
                    for (int c : table.classes)
                        labels.push_back(c >= 0 ? examples.classes[static_cast<std::size_t>(c)] : "");
                }
                const auto p = a->method == "pca" ? projectPca(table) : projectTsne(table, a->tsne);
                std::ofstream out(a->out, std::ios::binary);
                if (!out)
                    throw std::runtime_error(fmt::format("cannot write {}", a->out));
                out << (a->what == "tokens" ? "x,y,token,frequency\n" : "x,y,text,label\n");
                for (int i = 0; i < table.rows; ++i)
                    out << fmt::format("{},{},{},{}\n", p.xy[2 * static_cast<std::size_t>(i)],
                                       p.xy[2 * static_cast<std::size_t>(i) + 1],
                                       csvField(table.labels[static_cast<std::size_t>(i)]),
                                       csvField(labels[static_cast<std::size_t>(i)]));
                if (!out.flush())
                    throw std::runtime_error(fmt::format("cannot write {} (disk full?)", a->out));
                std::cerr << fmt::format("wrote {} points to {}", table.rows, a->out);
                if (a->method == "pca")
                    std::cerr << fmt::format(" (PCA: {:.1f}% and {:.1f}% of the variance)", 100 * p.explained[0],
                                             100 * p.explained[1]);
                std::cerr << std::endl;
                return kExitOk;
            });
        };
    });
}

}  // namespace lathe::cli
