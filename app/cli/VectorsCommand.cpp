// lathe-cli vectors: word vectors learned in Lathe (word2vec's skip-gram and CBOW, GloVe), their
// nearest neighbours and their scores on similarity and analogy files.
#include "cli/Commands.h"
#include "inspect/Projection.h"
#include "store/RunStore.h"
#include "vectors/VectorsEval.h"
#include "vectors/VectorsFile.h"
#include "vectors/VectorsRun.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <iostream>
#include <memory>
#include <thread>

namespace lathe::cli {

namespace {

WordVectors openVectors(std::int64_t run, const std::string& file, const std::string& db);

struct VectorsTrainArgs {
    VectorsRunRequest request;
    std::string out, db;
    bool binary = false, json = false, quiet = false;
};

// The run's summary: one JSON object, or two lines.
void printOutcome(const VectorsTrainArgs& a, const VectorsRunOutcome& outcome)
{
    if (a.json) {
        std::cout << nlohmann::json{{"run_id", outcome.runId},
                                    {"status", toString(outcome.status)},
                                    {"vocabulary", outcome.vocabulary},
                                    {"raw_words", outcome.rawWords},
                                    {"effective_words", outcome.effectiveWords},
                                    {"words_per_s", outcome.wordsPerSecond},
                                    {"seconds", outcome.seconds},
                                    {"loss", outcome.loss},
                                    {"vectors", outcome.vectorsPath}}
                         .dump()
                  << std::endl;
        return;
    }
    std::cout << fmt::format("run {} {}: {} words of {} dimensions from {} words of text ({:.1f} s, {:.0f} words/s, "
                             "loss {:.4f})\n  vectors  {}\n",
                             outcome.runId, toString(outcome.status), outcome.vocabulary, a.request.config.dim,
                             outcome.rawWords, outcome.seconds, outcome.wordsPerSecond, outcome.loss,
                             a.out.empty() ? outcome.vectorsPath : a.out);
}

int runVectorsTrain(const VectorsTrainArgs& a)
{
    return withStore(a.db, "vectors train", [&](RunStore& store) {
        auto request = a.request;
        request.store = &store;
        std::atomic<bool> stop{false};
        request.stop = &stop;
        // Ctrl-C and SIGTERM stop after the current report (the vectors so far are kept).
        const auto watcher = signalWatcher([&stop] { stop = true; });
        const bool progress = !a.quiet && !a.json;
        if (progress)
            request.onProgress = [](const VectorsProgress& p) {
                std::cerr << fmt::format("\repoch {}  {:5.1f}%  loss {:.4f}  rate {:.5f}  {:.0f} words/s   ", p.epoch,
                                         100.0 * static_cast<double>(p.wordsDone) / static_cast<double>(p.wordsTotal),
                                         p.loss, p.alpha, p.wordsPerSecond)
                          << std::flush;
            };
        const auto outcome = trainVectorsRun(request);
        if (!a.out.empty())
            (a.binary ? writeWord2VecBinary : writeWord2VecText)(a.out, outcome.vectors);
        if (progress)
            std::cerr << "\n";
        printOutcome(a, outcome);
        return outcome.status == RunStatus::Completed ? kExitOk : kExitOther;
    });
}

struct NeighbourArgs {
    std::int64_t run = 0;
    std::string vectors, word, db;
    int top = 10;
    bool json = false;
};

int runNeighbours(const NeighbourArgs& a)
{
    return reportErrors("vectors neighbours", [&] {
        const auto v = openVectors(a.run, a.vectors, a.db);
        const auto table = v.table();
        int row = -1;
        for (std::size_t i = 0; i < v.words.size() && row < 0; ++i)
            if (v.words[i] == a.word)
                row = static_cast<int>(i);
        if (row < 0)
            throw UserError(Message(LATHE_TR("Vectors", "'%1' is not among the %2 words of these vectors"), a.word,
                                    v.words.size()));
        const auto near = nearestByCosine(table, row, a.top);
        if (a.json) {
            auto list = nlohmann::json::array();
            for (const auto& n : near)
                list.push_back({{"word", v.words[static_cast<std::size_t>(n.row)]}, {"similarity", n.similarity}});
            std::cout << nlohmann::json{{"word", a.word}, {"neighbours", list}}.dump() << std::endl;
        } else {
            for (const auto& n : near)
                std::cout << fmt::format("{:<24} {:.4f}\n", v.words[static_cast<std::size_t>(n.row)], n.similarity);
        }
        return kExitOk;
    });
}

struct EvalArgs {
    std::int64_t run = 0;
    std::string vectors, similarity, analogies, db;
    std::int64_t restrict = 300'000;
    bool json = false;
};

WordVectors openVectors(std::int64_t run, const std::string& file, const std::string& db)
{
    if (run > 0) {
        RunStore store(db.empty() ? RunStore::defaultPath() : db);
        return loadRunVectors(store, run);
    }
    return loadWordVectors(file);
}

int runEval(const EvalArgs& a)
{
    return reportErrors("vectors eval", [&] {
        const auto v = openVectors(a.run, a.vectors, a.db);
        nlohmann::json j{{"vocabulary", v.words.size()}, {"dim", v.dim}};
        if (!a.similarity.empty()) {
            const auto s = evaluateSimilarity(v, a.similarity, a.restrict);
            j["similarity"] = {{"file", a.similarity}, {"pairs", s.pairs},       {"covered", s.covered},
                               {"spearman", s.spearman}, {"pearson", s.pearson}};
            if (!a.json)
                std::cout << fmt::format("similarity  {}: Spearman rho {:.4f} (Pearson {:.4f}) on {} of {} pairs "
                                         "({:.1f}% covered)\n",
                                         a.similarity, s.spearman, s.pearson, s.covered, s.pairs,
                                         100.0 * static_cast<double>(s.covered) / static_cast<double>(s.pairs));
        }
        if (!a.analogies.empty()) {
            const auto r = evaluateAnalogies(v, a.analogies, a.restrict);
            auto sections = nlohmann::json::array();
            const auto row = [](const AnalogySection& s) {
                return nlohmann::json{{"name", s.name},       {"questions", s.questions}, {"covered", s.covered},
                                      {"correct", s.correct}, {"accuracy", s.accuracy()}};
            };
            for (const auto& s : r.sections)
                sections.push_back(row(s));
            j["analogies"] = {{"file", a.analogies}, {"sections", sections}, {"total", row(r.total)}};
            if (!a.json) {
                std::cout << fmt::format("analogies   {} (3CosAdd)\n", a.analogies);
                for (const auto& s : r.sections)
                    std::cout << fmt::format("  {:<28} {:>7.4f}  {} of {} covered\n", s.name, s.accuracy(), s.covered,
                                             s.questions);
                std::cout << fmt::format("  {:<28} {:>7.4f}  {} of {} covered\n", "total", r.total.accuracy(),
                                         r.total.covered, r.total.questions);
            }
        }
        if (a.json)
            std::cout << j.dump() << std::endl;
        return kExitOk;
    });
}

}  // namespace

void addVectors(CLI::App& app, std::function<int()>& run)
{
    auto* vectors = app.add_subcommand("vectors", "Word vectors: train them (word2vec skip-gram or CBOW, GloVe), look "
                                                  "up neighbours, score them");
    vectors->require_subcommand(1);

    auto t = std::make_shared<VectorsTrainArgs>();
    auto& c = t->request.config;
    auto* train = vectors->add_subcommand("train", "Learn word vectors from a corpus or a dataset's text column, kept "
                                                   "as a run");
    train->add_option("--data", t->request.dataPath, "Plain-text corpus (a sentence per line) or CSV/TSV/JSONL dataset")
        ->required();
    train->add_option("--format", t->request.format, "Dataset format (default: from the file name)")
        ->check(CLI::IsMember({"auto", "csv", "tsv", "jsonl", "folder", "text"}));
    train->add_option("--text-column", t->request.textColumn, "Column or JSON field holding the text")->capture_default_str();
    train->add_flag("--replace-invalid-utf8", t->request.replaceInvalidUtf8, "Replace invalid UTF-8 instead of refusing the file");
    train->add_option("--method", c.method, "skipgram, cbow (word2vec) or glove")
        ->check(CLI::IsMember({"skipgram", "cbow", "glove"}))
        ->capture_default_str();
    train->add_option("--dim", c.dim, "Vector size")->capture_default_str();
    train->add_option("--window", c.window, "Largest distance between a word and its context (glove: 15)")->capture_default_str();
    train->add_option("--negative", c.negative, "Noise words per positive one (negative sampling)")->capture_default_str();
    train->add_option("--min-count", c.minCount, "Words seen fewer times are dropped")->capture_default_str();
    train->add_option("--sample", c.sample, "Subsampling threshold of frequent words (0: off)")->capture_default_str();
    train->add_option("--alpha", c.alpha, "Starting learning rate, decayed linearly to --min-alpha (glove: AdaGrad's "
                                          "rate, 0.05)")
        ->capture_default_str();
    train->add_option("--min-alpha", c.minAlpha, "Final learning rate (word2vec)")->capture_default_str();
    train->add_option("--epochs", c.epochs, "Passes over the text (glove: over its co-occurrences, 15)")->capture_default_str();
    train->add_option("--x-max", c.xMax, "glove: co-occurrences counted this often weigh fully")->capture_default_str();
    train->add_option("--threads", c.threads, "Threads (0: every core)")->capture_default_str();
    train->add_option("--seed", c.seed, "Random seed (one thread: the same vectors every time)")->capture_default_str();
    train->add_option("--tokens", c.tokens,
                      "words: split as Lathe's word tokenizer (lowercased, punctuation apart); whitespace: the text's "
                      "own forms")
        ->check(CLI::IsMember({"words", "whitespace"}))
        ->capture_default_str();
    train->add_option("--out", t->out, "Also write the vectors here (word2vec text format, or binary with --binary)");
    train->add_flag("--binary", t->binary, "--out in word2vec's binary format");
    train->add_option("--name", t->request.name, "Run name");
    train->add_option("--tags", t->request.tags, "Comma-separated tags");
    train->add_flag("--json", t->json, "Print one JSON summary object as the last line");
    train->add_flag("-q,--quiet", t->quiet, "No progress output");
    addDbOption(*train, t->db);
    train->callback([&run, t, train] {
        // GloVe's own defaults wherever the user left a setting alone.
        auto& c = t->request.config;
        const auto d = VectorsConfig::defaultsFor(c.method);
        const auto keep = [&](const char* option, auto& value, const auto& fallback) {
            if (train->count(option) == 0)
                value = fallback;
        };
        keep("--window", c.window, d.window);
        keep("--epochs", c.epochs, d.epochs);
        keep("--alpha", c.alpha, d.alpha);
        keep("--min-alpha", c.minAlpha, std::min(d.minAlpha, c.alpha));
        keep("--sample", c.sample, d.sample);
        run = [t] { return runVectorsTrain(*t); };
    });

    auto n = std::make_shared<NeighbourArgs>();
    auto* neighbours = vectors->add_subcommand("neighbours", "The words nearest to a word by cosine similarity");
    auto* fromRun = neighbours->add_option("--run", n->run, "A word-vectors run");
    auto* fromFile = neighbours->add_option("--vectors", n->vectors, "A vectors file (word2vec/GloVe text, or binary "
                                                                     "when its name ends in .bin)");
    fromRun->excludes(fromFile);
    neighbours->add_option("--word", n->word, "The word")->required();
    neighbours->add_option("--top", n->top, "How many")->check(CLI::Range(1, 1000))->capture_default_str();
    neighbours->add_flag("--json", n->json, "Print JSON");
    addDbOption(*neighbours, n->db);
    auto e = std::make_shared<EvalArgs>();
    auto* eval = vectors->add_subcommand("eval", "Score word vectors: word-pair similarity (Spearman's rho) and "
                                                 "analogies (3CosAdd), as gensim's evaluate_word_pairs / _analogies");
    auto* evalRun = eval->add_option("--run", e->run, "A word-vectors run");
    auto* evalFile = eval->add_option("--vectors", e->vectors, "A vectors file (text; binary when its name ends in .bin)");
    evalRun->excludes(evalFile);
    eval->add_option("--similarity", e->similarity, "Word pairs with human scores (WordSim-353 layout: word1, word2, score)");
    eval->add_option("--analogies", e->analogies, "Analogy questions (questions-words.txt layout: ': section', a b c d)");
    eval->add_option("--restrict", e->restrict, "Only the N most frequent words count (gensim's restrict_vocab)")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    eval->add_flag("--json", e->json, "Print JSON");
    addDbOption(*eval, e->db);
    eval->callback([&run, e] {
        run = [e] {
            if ((e->run <= 0 && e->vectors.empty()) || (e->similarity.empty() && e->analogies.empty())) {
                std::cerr << "lathe-cli vectors eval: give --run ID or --vectors FILE, and --similarity and/or "
                             "--analogies\n";
                return kExitBadInput;
            }
            return runEval(*e);
        };
    });

    neighbours->callback([&run, n, neighbours] {
        run = [n] {
            if (n->run <= 0 && n->vectors.empty()) {
                std::cerr << "lathe-cli vectors neighbours: give --run ID or --vectors FILE\n";
                return kExitBadInput;
            }
            return runNeighbours(*n);
        };
        (void)neighbours;
    });
}

}  // namespace lathe::cli
