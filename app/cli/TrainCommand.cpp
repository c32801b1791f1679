#include "cli/Commands.h"
#include "cli/Progress.h"
#include "data/Columns.h"
#include "data/DataError.h"
#include "store/RunStore.h"
#include "train/Training.h"
#include "util/AtomicFile.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <csignal>
#include <iostream>
#include <memory>
#include <thread>

namespace lathe::cli {

namespace {

struct TrainArgs {
    RunConfig config;
    VaeConfig vae;  // --model vae
    std::string configFile, db, tags;
    std::int64_t resume = 0;
    bool json = false;
    bool quiet = false;
};

std::string summaryJson(const TrainOutcome& o, const std::string& kind, const std::string& runSummary)
{
    nlohmann::json val;
    val["loss"] = o.validation.count("loss") ? o.validation.at("loss") : 0.0;
    if (kind == "seq2seq") {
        for (const char* key : {"perplexity", "token_accuracy", "exact_match", "token_error_rate", "sequence_error_rate",
                                "cer", "bleu", "chrf"})
            val[key] = o.validation.count(key) ? o.validation.at(key) : 0.0;
    } else if (kind == "language-model") {
        val["perplexity"] = o.validation.count("perplexity") ? o.validation.at("perplexity") : 0.0;
    } else {
        val["accuracy"] = o.validation.count("accuracy") ? o.validation.at("accuracy") : 0.0;
        val["macro_f1"] = o.validation.count("macro_f1") ? o.validation.at("macro_f1") : 0.0;
    }
    nlohmann::json j{{"run_id", o.runId}, {"status", toString(o.status)}, {"steps", o.steps},
                     {"params", o.parameters}, {"tokens_per_s", o.tokensPerSecond}, {"seconds", o.seconds},
                     {"val", val}, {"message", o.message.english()}};
    // A followed run: rows arrived, new examples trained, newest-data loss, forgetting, new labels.
    const auto summary = nlohmann::json::parse(runSummary.empty() ? "{}" : runSummary, nullptr, false);
    if (summary.is_object() && summary.contains("stream"))
        j["stream"] = summary["stream"];
    return j.dump();
}

}  // namespace

void applyGivenFlags(CLI::App& sub, const RunConfig& flags, bool hasConfigFile, RunConfig& config)
{
    auto given = [&sub](const char* name) {
        const auto* option = sub.get_option_no_throw(name);
        return option && option->count() > 0;
    };
    const auto& f = flags;
    if (given("--data")) config.data.path = f.data.path;
    if (given("--format")) config.data.format = f.data.format;
    if (given("--text-column")) config.data.textColumn = f.data.textColumn;
    if (given("--label-column")) config.data.labelColumn = f.data.labelColumn;
    if (given("--source-column")) config.data.textColumn = f.data.textColumn;
    if (given("--target-column")) config.data.targetColumn = f.data.targetColumn;
    if (given("--label-smoothing")) config.train.labelSmoothing = f.train.labelSmoothing;
    if (given("--beam")) config.train.beamSize = f.train.beamSize;
    if (given("--replace-invalid-utf8")) config.data.replaceInvalidUtf8 = true;
    if (given("--train-limit")) config.data.trainLimit = f.data.trainLimit;
    if (given("--follow")) config.data.follow = true;
    if (given("--replay")) config.data.replay = f.data.replay;
    if (given("--follow-idle")) config.data.followIdle = f.data.followIdle;
    if (given("--validation-fraction")) config.data.validationFraction = f.data.validationFraction;
    if (given("--test-fraction")) config.data.testFraction = f.data.testFraction;
    if (given("--model")) config.model.family = f.model.family;
    else if (!hasConfigFile && !given("--teacher") && (config.data.format == "text" ||
                                      (config.data.format == "auto" && detectFormat(config.data.path) == DataFormat::Text)))
        config.model.family = "gpt";  // a plain-text corpus can only train a language model
    else if (!hasConfigFile && !given("--teacher") &&
             (given("--target-column") || looksLikePairs(config.data.path, loadOptions(config.data, "transformer"))))
        config.model.family = "seq2seq";  // a target column and no label: pairs
    if (given("--tokenizer") || given("--source-tokenizer")) config.tokenizer.kind = f.tokenizer.kind;
    if (given("--target-tokenizer"))
        config.targetTokenizer.kind = f.targetTokenizer.kind == "shared" ? "" : f.targetTokenizer.kind;
    if (given("--target-vocab-size")) config.targetTokenizer.vocabularyCap = f.targetTokenizer.vocabularyCap;
    if (given("--vocab-size")) config.tokenizer.vocabularyCap = f.tokenizer.vocabularyCap;
    if (given("--width")) config.model.width = f.model.width;
    if (given("--heads")) config.model.heads = f.model.heads;
    if (given("--layers")) config.model.layers = f.model.layers;
    if (given("--ffn")) config.model.feedForward = f.model.feedForward;
    if (given("--hidden")) config.model.hidden = f.model.hidden;
    if (given("--max-length")) config.model.maxLength = f.model.maxLength;
    if (given("--dropout")) config.model.dropout = f.model.dropout;
    if (given("--pooling")) config.model.pooling = f.model.pooling;
    if (given("--buckets")) config.model.buckets = f.model.buckets;
    if (given("--word-ngrams")) config.model.wordNgrams = f.model.wordNgrams;
    if (given("--char-ngrams")) config.model.charNgramMin = f.model.charNgramMin, config.model.charNgramMax = f.model.charNgramMax;
    if (given("--embeddings")) config.model.pretrainedEmbeddings = f.model.pretrainedEmbeddings;
    if (given("--low-rank")) config.model.lowRank = f.model.lowRank;
    if (given("--share-blocks")) config.model.shareBlocks = true;
    if (given("--embedding-size")) config.model.embeddingSize = f.model.embeddingSize;
    if (given("--tie-embeddings")) config.model.tieEmbeddings = true;
    if (given("--base")) config.train.baseRun = f.train.baseRun;
    if (given("--from-scratch")) config.train.fromScratch = true;
    if (given("--lora-rank")) config.model.loraRank = f.model.loraRank;
    if (given("--lora-alpha")) config.model.loraAlpha = f.model.loraAlpha;
    if (given("--optimizer")) config.train.optimizer = f.train.optimizer;
    if (given("--lr")) config.train.learningRate = f.train.learningRate;
    if (given("--weight-decay")) config.train.weightDecay = f.train.weightDecay;
    if (given("--schedule")) config.train.schedule = f.train.schedule;
    if (given("--warmup")) config.train.warmupSteps = f.train.warmupSteps;
    if (given("--layer-lr-decay")) config.train.layerLrDecay = f.train.layerLrDecay;
    if (given("--unfreeze-every")) config.train.unfreezeEvery = f.train.unfreezeEvery;
    if (given("--clip")) config.train.clipNorm = f.train.clipNorm;
    if (given("--batch-size")) config.train.batchSize = f.train.batchSize;
    if (given("--epochs")) config.train.epochs = f.train.epochs, config.train.maxSteps = 0;
    if (given("--steps")) config.train.maxSteps = f.train.maxSteps;
    if (given("--eval-every")) config.train.evalEvery = f.train.evalEvery;
    if (given("--patience")) config.train.patience = f.train.patience;
    if (given("--seed") || given("--train-seed")) config.train.seed = f.train.seed;
    if (given("--threads")) config.train.threads = f.train.threads;
    if (given("--precision")) config.train.precision = f.train.precision;
    if (given("--name")) config.name = f.name;
    if (given("--teacher")) config.train.teacherRun = f.train.teacherRun;
    if (given("--alpha")) config.train.distillAlpha = f.train.distillAlpha;
    if (given("--temperature")) config.train.distillTemperature = f.train.distillTemperature;
}

namespace {

int runTrain(CLI::App& sub, TrainArgs& a)
{
    RunConfig config;
    try {
        if (!a.configFile.empty())
            config.mergeJson(readFile(a.configFile), a.configFile);
    } catch (const std::exception& e) {
        std::cerr << "lathe-cli train: " << e.what() << "\n";
        return kExitBadInput;
    }
    applyGivenFlags(sub, a.config, !a.configFile.empty(), config);
    const auto given = [&sub](const char* name) {
        const auto* option = sub.get_option_no_throw(name);
        return option && option->count() > 0;
    };
    const char* command = config.train.teacherRun > 0 ? "distill" : "train";

    std::unique_ptr<RunStore> store;
    try {
        store = std::make_unique<RunStore>(a.db.empty() ? RunStore::defaultPath() : a.db);
    } catch (const std::exception& e) {
        std::cerr << "lathe-cli: " << e.what() << "\n";
        return kExitBadInput;
    }
    // A sentence VAE trains in its own loop (vae/VaeRun.h).
    if (config.model.family == "vae")
        return runVaeTrain(sub, config, a.vae, a.tags, *store, a.json, a.quiet);
    // A student learns from the teacher's dataset unless told otherwise.
    if (config.train.teacherRun > 0)
        if (const auto teacher = store->run(config.train.teacherRun)) {
            RunConfig t;
            t.mergeJson(teacher->configJson, "teacher run");
            if (config.data.path.empty()) {
                // The teacher's data, read as it was read; a student follows it only when told to.
                const bool follow = config.data.follow;
                config.data = t.data;
                config.data.follow = follow;
            }
            // Without --model the student is of the teacher's family (a smaller one, by its flags).
            if (!given("--model") && a.configFile.empty())
                config.model.family = t.model.family;
        }
    if (config.data.path.empty() && a.resume == 0) {
        std::cerr << "lathe-cli " << command << ": no dataset; give --data PATH or a --config file with data.path\n";
        return kExitBadInput;
    }
    TrainingControl control;
    ProgressPrinter progress(a.quiet);
    TrainRequest req{config, store.get(), a.resume, 0, a.tags, &progress, &control};
    // Ctrl-C and SIGTERM stop the run cleanly (checkpoint kept, status 'stopped').
    const auto watcher = signalWatcher([&control] { control.requestStop(); });
    TrainOutcome outcome;
    if (const int rc = reportErrors(command, [&] {
            outcome = train(req);
            return kExitOk;
        });
        rc != kExitOk)
        return rc;
    progress.finishLine();
    const auto record = store->run(outcome.runId);
    if (a.json) {
        std::cout << summaryJson(outcome, record ? record->kind : std::string("classifier"),
                                 record ? record->summaryJson : std::string())
                  << std::endl;
    } else {
        std::cout << fmt::format("run {} {} after {} steps ({:.1f} s, {:.0f} tokens/s)\n", outcome.runId,
                                 toString(outcome.status), outcome.steps, outcome.seconds, outcome.tokensPerSecond);
        for (const auto& [k, v] : outcome.validation)
            std::cout << fmt::format("  val/{:<12} {:.4f}\n", k, v);
    }
    switch (outcome.status) {
    case RunStatus::Completed: return kExitOk;
    case RunStatus::Diverged: return kExitDiverged;
    default: return kExitOther;
    }
}

}  // namespace

void addDbOption(CLI::App& sub, std::string& db)
{
    sub.add_option("--db", db, "Experiment database (default: $LATHE_DB, else ~/.local/share/lathe/experiments.db)");
}

namespace {
// The options `train` and `distill` share.
void addTrainOptions(CLI::App* sub, const std::shared_ptr<TrainArgs>& args)
{
    addTrainingFlags(sub, args->config, true);
    addVaeTrainingFlags(sub, args->vae);
    sub->add_option("--config", args->configFile, "Run configuration JSON (flags override it)");
    sub->add_option("--name", args->config.name, "Run name");
    sub->add_option("--tags", args->tags, "Comma-separated tags");
    sub->add_option("--resume", args->resume, "Continue run ID from its last checkpoint");
    sub->add_flag("--json", args->json, "Print one JSON summary object as the last line");
    sub->add_flag("--quiet,-q", args->quiet, "No progress output");
    addDbOption(*sub, args->db);
}
}  // namespace

namespace {
// --char-ngrams: "MIN-MAX", "N" (one length) or "0" (none); anything else is refused, "3-5x" too.
void parseCharNgrams(const std::string& range, ModelConfig& model)
{
    if (range == "0") {
        model.charNgramMax = 0;
        return;
    }
    const auto whole = [](const std::string& text) {
        std::size_t used = 0;
        const int value = std::stoi(text, &used);
        if (used != text.size())
            throw std::invalid_argument(text);
        return value;
    };
    const auto dash = range.find('-');
    try {
        model.charNgramMin = whole(range.substr(0, dash));
        model.charNgramMax = dash == std::string::npos ? model.charNgramMin : whole(range.substr(dash + 1));
    } catch (const std::exception&) {
        throw CLI::ValidationError("--char-ngrams", "give MIN-MAX lengths, e.g. 3-5, or 0 for none");
    }
}
}  // namespace

void addTrainingFlags(CLI::App* sub, RunConfig& c, bool seed)
{
    sub->add_option("--data", c.data.path, "Dataset: CSV/TSV/JSONL file, folder-per-class tree, or text corpus");
    sub->add_option("--format", c.data.format, "Dataset format (default: from the file name)")
        ->check(CLI::IsMember({"auto", "csv", "tsv", "jsonl", "folder", "text"}));
    sub->add_option("--text-column", c.data.textColumn, "Column or JSON field holding the text")->capture_default_str();
    sub->add_option("--label-column", c.data.labelColumn, "Column or JSON field holding the label")->capture_default_str();
    sub->add_option("--source-column", c.data.textColumn,
                    "Encoder–decoders: column or JSON field holding the source (the same setting as --text-column)");
    sub->add_option("--target-column", c.data.targetColumn, "Encoder–decoders: column or JSON field holding the target")
        ->capture_default_str();
    sub->add_flag("--replace-invalid-utf8", c.data.replaceInvalidUtf8, "Replace invalid UTF-8 instead of refusing the file");
    sub->add_option("--train-limit", c.data.trainLimit,
                    "Train on N examples drawn (seeded) from the training split (0: all); the tokenizer still "
                    "reads the whole split")
        ->check(CLI::NonNegativeNumber);
    sub->add_flag("--follow", c.data.follow,
                  "Keep training on what arrives: rows appended to the --data file, or new files in the --data "
                  "folder (after the epochs on what is there at the start; the rate stays after warm-up)");
    sub->add_option("--replay", c.data.replay, "--follow: share of each batch replayed from earlier examples")
        ->check(CLI::Range(0.0, 0.95))
        ->capture_default_str();
    sub->add_option("--follow-idle", c.data.followIdle,
                    "--follow: end the run after this many seconds without new data (0: when stopped)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    sub->add_option("--validation-fraction", c.data.validationFraction,
                    "Share of the examples held out for validation (early stopping, studies, the Live charts)")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    sub->add_option("--test-fraction", c.data.testFraction,
                    "Share held out as a test split (0: none, when a separate test file is scored with eval)")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    sub->add_option("--model", c.model.family,
                    "Model family: transformer, bilstm, fasttext (classifiers); gpt, mlm (BERT-style masked LM), lstm "
                    "(language models); seq2seq (Transformer encoder–decoder), lstm-seq2seq (LSTM with attention) on "
                    "source–target pairs; vae (sentence VAE with an LSTM encoder and decoder)")
        ->check(CLI::IsMember({"transformer", "gpt", "mlm", "bilstm", "lstm", "fasttext", "seq2seq", "lstm-seq2seq", "vae"}))
        ->capture_default_str();
    sub->add_option("--tokenizer", c.tokenizer.kind, "Tokenizer")->check(CLI::IsMember({"char", "word", "bpe", "unigram"}))->capture_default_str();
    sub->add_option("--vocab-size", c.tokenizer.vocabularyCap, "Vocabulary cap")->capture_default_str();
    sub->add_option("--source-tokenizer", c.tokenizer.kind, "Encoder–decoders: the source side's tokenizer (= --tokenizer)")
        ->check(CLI::IsMember({"char", "word", "bpe", "unigram"}));
    c.targetTokenizer.vocabularyCap = 8000;
    sub->add_option("--target-tokenizer", c.targetTokenizer.kind,
                    "Encoder–decoders: the target side's own tokenizer (default shared: one vocabulary learned from "
                    "both sides)")
        ->check(CLI::IsMember({"shared", "char", "word", "bpe", "unigram"}));
    sub->add_option("--target-vocab-size", c.targetTokenizer.vocabularyCap,
                    "Encoder–decoders: vocabulary cap of the target tokenizer")
        ->check(CLI::Range(8, 10'000'000));
    sub->add_option("--width", c.model.width, "Model width / embedding size")->capture_default_str();
    sub->add_option("--heads", c.model.heads, "Attention heads")->capture_default_str();
    sub->add_option("--layers", c.model.layers, "Layers")->capture_default_str();
    sub->add_option("--ffn", c.model.feedForward, "Feed-forward size")->capture_default_str();
    sub->add_option("--hidden", c.model.hidden, "LSTM hidden size")->capture_default_str();
    sub->add_option("--max-length", c.model.maxLength, "Tokens per sequence")->capture_default_str();
    sub->add_option("--dropout", c.model.dropout, "Dropout")->capture_default_str();
    sub->add_option("--buckets", c.model.buckets, "fastText: rows of the hashed word and character n-gram table")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    sub->add_option("--word-ngrams", c.model.wordNgrams, "fastText: longest word n-gram (1: tokens only)")
        ->check(CLI::Range(1, 5))
        ->capture_default_str();
    sub->add_option_function<std::string>(
        "--char-ngrams", [&c](const std::string& range) { parseCharNgrams(range, c.model); },
        "fastText: character n-gram lengths MIN-MAX (default 3-5; 0: none)");
    sub->add_option("--pooling", c.model.pooling, "Classifier pooling")->check(CLI::IsMember({"mean", "first"}));
    sub->add_option("--embeddings", c.model.pretrainedEmbeddings,
                    "Word vectors (GloVe/word2vec text) to initialize matching token embeddings");
    sub->add_option("--low-rank", c.model.lowRank,
                    "Train the blocks' Linear layers in factorized form W = U·V of this rank (0: dense)")
        ->check(CLI::NonNegativeNumber);
    sub->add_flag("--share-blocks", c.model.shareBlocks, "One Transformer block's parameters shared by every layer (ALBERT)");
    sub->add_option("--embedding-size", c.model.embeddingSize,
                    "Factorized embeddings: vocabulary x E, then E -> width (0: plain vocabulary x width)")
        ->check(CLI::NonNegativeNumber);
    sub->add_flag("--tie-embeddings", c.model.tieEmbeddings,
                  "Language models and encoder–decoders: the output layer reuses the (target) token embeddings");
    sub->add_option("--label-smoothing", c.train.labelSmoothing,
                    "Encoder–decoders: label smoothing of the target cross-entropy (0: none)")
        ->check(CLI::Range(0.0, 0.99));
    sub->add_option("--beam", c.train.beamSize, "Encoder–decoders: beam size of validation decoding (1: greedy)")
        ->check(CLI::Range(1, 64));
    sub->add_option("--base", c.train.baseRun,
                    "Fine-tune this trained run: its model, tokenizer and weights are the start (model flags are "
                    "ignored). A language model (gpt, mlm, lstm) under labelled data becomes a classifier: its trunk "
                    "and tokenizer under a new head");
    sub->add_flag("--from-scratch", c.train.fromScratch,
                  "With --base: the same architecture and tokenizer with random weights — the control run to compare "
                  "the fine-tune against, linked to the same base");
    sub->add_option("--lora-rank", c.model.loraRank,
                    "With --base: train only LoRA adapters of this rank on the frozen base (0: fine-tune everything)")
        ->check(CLI::NonNegativeNumber);
    sub->add_option("--lora-alpha", c.model.loraAlpha, "LoRA scaling numerator (the update is alpha/rank · B·A)")
        ->check(CLI::PositiveNumber);
    sub->add_option("--optimizer", c.train.optimizer, "Optimizer")->check(CLI::IsMember({"adamw", "adam", "sgd"}))->capture_default_str();
    sub->add_option("--lr", c.train.learningRate, "Peak learning rate")->capture_default_str();
    sub->add_option("--weight-decay", c.train.weightDecay,
                    "Weight decay: AdamW's decoupled decay, SGD's L2 penalty; plain Adam takes none (fastText on "
                    "noisy labels wants more, e.g. 1)")
        ->check(CLI::NonNegativeNumber)
        ->capture_default_str();
    sub->add_option("--schedule", c.train.schedule,
                    "Decay after warm-up: cosine, linear, constant, or slanted (ULMFiT's slanted triangular: up over "
                    "the first 10% of steps, down to 1/32 of the peak; no warm-up)")
        ->check(CLI::IsMember({"cosine", "linear", "constant", "slanted"}))
        ->capture_default_str();
    sub->add_option("--layer-lr-decay", c.train.layerLrDecay,
                    "Discriminative learning rates: each layer down from the head trains at the rate above divided "
                    "by this (ULMFiT: 2.6; 1: one rate)")
        ->check(CLI::Range(1.0, 100.0))
        ->capture_default_str();
    sub->add_option("--unfreeze-every", c.train.unfreezeEvery,
                    "Gradual unfreezing: only the head trains at first, one more layer below it every N steps (0: off)")
        ->check(CLI::NonNegativeNumber);
    sub->add_option("--warmup", c.train.warmupSteps, "Linear warm-up steps")->capture_default_str();
    sub->add_option("--clip", c.train.clipNorm, "Gradient clipping norm (0: off)")->capture_default_str();
    sub->add_option("--batch-size", c.train.batchSize, "Batch size")->capture_default_str();
    auto* steps = sub->add_option("--steps", c.train.maxSteps, "Training steps");
    sub->add_option("--epochs", c.train.epochs, "Epochs")->capture_default_str()->excludes(steps);
    sub->add_option("--eval-every", c.train.evalEvery, "Evaluate every N steps")->capture_default_str();
    sub->add_option("--patience", c.train.patience, "Early stopping after N evaluations without improvement (0: off)");
    if (seed)
        sub->add_option("--seed", c.train.seed, "Random seed")->capture_default_str();
    else
        sub->add_option("--train-seed", c.train.seed, "Random seed of every trial's training")->capture_default_str();
    sub->add_option("--threads", c.train.threads, "Compute threads (0: all cores)")->capture_default_str();
    sub->add_option("--precision", c.train.precision,
                    "Matmul precision: auto (bf16 where the CPU has native bf16 units, else fp32), fp32 or bf16; "
                    "weights, optimizer state, LayerNorm and the loss stay fp32")
        ->check(CLI::IsMember({"auto", "fp32", "bf16"}))
        ->capture_default_str();
}

void addTrain(CLI::App& app, std::function<int()>& run)
{
    auto args = std::make_shared<TrainArgs>();
    auto* sub = app.add_subcommand("train", "Train a model and record the run in the experiment database");
    addTrainOptions(sub, args);
    sub->callback([&run, sub, args] { run = [sub, args] { return runTrain(*sub, *args); }; });
}

void addDistill(CLI::App& app, std::function<int()>& run)
{
    auto args = std::make_shared<TrainArgs>();
    auto* sub = app.add_subcommand(
        "distill", "Train a student run from a trained teacher run (knowledge distillation); same flags as train");
    auto& t = args->config.train;
    sub->add_option("--teacher", t.teacherRun, "Teacher run ID (the student uses its tokenizer and, without --data, "
                                               "its dataset)")
        ->required();
    sub->add_option("--alpha", t.distillAlpha, "Weight of the cross-entropy on the labels; 1 − alpha weighs the "
                                               "teacher's softened outputs")
        ->check(CLI::Range(0.0, 1.0))
        ->capture_default_str();
    sub->add_option("--temperature", t.distillTemperature, "Softmax temperature of the soft targets")
        ->check(CLI::PositiveNumber)
        ->capture_default_str();
    addTrainOptions(sub, args);
    sub->callback([&run, sub, args] { run = [sub, args] { return runTrain(*sub, *args); }; });
}

}  // namespace lathe::cli
