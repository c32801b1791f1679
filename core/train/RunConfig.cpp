#include "train/RunConfig.h"
#include "tokenize/TokenizerJson.h"
#include "metrics/SequenceMetrics.h"
#include "util/Message.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <stdexcept>

namespace lathe {

bool isLanguageModel(const std::string& family) { return family == "gpt" || family == "mlm" || family == "lstm"; }

bool isSequenceToSequence(const std::string& family) { return family == "seq2seq" || family == "lstm-seq2seq"; }

bool lowerIsBetter(const std::string& metric)
{
    return metric.ends_with("loss") || metric.ends_with("error_rate") || metric.ends_with("cer") ||
           metric.ends_with("perplexity");
}

std::string runKind(const std::string& family)
{
    if (isSequenceToSequence(family))
        return "seq2seq";
    return isLanguageModel(family) ? "language-model" : "classifier";
}

bool isTransformerFamily(const std::string& family)
{
    return family == "transformer" || family == "gpt" || family == "mlm";
}

ModelConfig classifierFromLanguageModel(const ModelConfig& lm)
{
    auto c = lm;
    c.tieEmbeddings = false;
    if (lm.family == "lstm") {
        c.family = "bilstm";
        c.bidirectional = false;
    } else {
        c.family = "transformer";
        c.causal = lm.family == "gpt";
    }
    return c;
}

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(DataConfig, path, format, textColumn, labelColumn, targetColumn,
                                                validationFraction, testFraction, replaceInvalidUtf8, trainLimit,
                                                follow, replay, followIdle)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(ModelConfig, family, width, heads, layers, feedForward, hidden,
                                                maxLength, dropout, pooling, causal, bidirectional, pretrainedEmbeddings, lowRank, ranks, shareBlocks,
                                                embeddingSize, tieEmbeddings, loraRank, loraAlpha,
                                                buckets, wordNgrams, charNgramMin, charNgramMax, vocabularySize,
                                                numClasses, targetVocabularySize)
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TrainConfig, optimizer, learningRate, weightDecay, momentum, schedule,
                                                warmupSteps, clipNorm, batchSize, epochs, maxSteps, evalEvery,
                                                earlyStopMetric, patience, seed, threads, precision, teacherRun, baseRun,
                                                fromScratch, distillAlpha, distillTemperature, layerLrDecay, unfreezeEvery,
                                                labelSmoothing, beamSize)

std::string RunConfig::toJson(int indent) const
{
    nlohmann::json j;
    j["name"] = name;
    j["data"] = data;
    j["tokenizer"] = tokenizer;
    j["targetTokenizer"] = targetTokenizer;
    j["model"] = model;
    j["train"] = train;
    return j.dump(indent);
}

namespace {
// A value given for a whole-number setting: a JSON float is accepted when it is a whole number
// (1e5 steps), else refused; converting 6.25e36 to an int is undefined behaviour (fuzz_runconfig
// found it). Whole numbers too large for the setting are caught after conversion.
nlohmann::json wholeNumber(const nlohmann::json& v, const std::string& source, const std::string& setting)
{
    if (!v.is_number_float())
        return v;
    const double d = v.get<double>();
    // Below 2^53, so every such double is exactly an int64.
    if (!std::isfinite(d) || d != std::trunc(d) || std::fabs(d) > 9.0e15)
        throw UserError(Message(LATHE_TR("Settings", "%1: setting '%2' must be a whole number, not %3"), source,
                                setting, v.dump()));
    return static_cast<std::int64_t>(d);
}
}  // namespace

void RunConfig::mergeJson(const std::string& text, const std::string& source)
{
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw UserError(Message(LATHE_TR("Settings", "%1: not valid JSON: %2"), source, e.what()));
    }
    if (!j.is_object())
        throw UserError(Message(LATHE_TR("Settings", "%1: a run configuration must be a JSON object"), source));
    // Merge onto the current values, so a config file may give only what it changes.
    const nlohmann::json defaults = nlohmann::json::parse(toJson());
    nlohmann::json current = defaults;
    // Whole-number settings as given (after wholeNumber), to check they survived conversion.
    struct Given {
        nlohmann::json::json_pointer at;
        std::string setting;
        nlohmann::json value;
    };
    std::vector<Given> wholeNumbers;
    for (const auto& [section, value] : j.items()) {
        if (!current.contains(section))
            throw UserError(Message(
                LATHE_TR("Settings", "%1: unknown section '%2' (known: name, data, tokenizer, targetTokenizer, model, train)"), source,
                section));
        if (value.is_object()) {
            for (const auto& [key, v] : value.items()) {
                if (!current[section].contains(key))
                    throw UserError(
                        Message(LATHE_TR("Settings", "%1: unknown setting '%2.%3'"), source, section, key));
                const auto setting = section + "." + key;
                const nlohmann::json::json_pointer at("/" + section + "/" + key);
                const auto& was = defaults[section][key];
                if (was.is_number_integer() && v.is_number()) {
                    current[at] = wholeNumber(v, source, setting);
                    wholeNumbers.push_back({at, setting, current[at]});
                } else if (key == "ranks" && v.is_object()) {
                    // Layer name -> rank, each a whole number.
                    current[at] = nlohmann::json::object();
                    for (const auto& [layer, rank] : v.items()) {
                        current[at][layer] = rank.is_number() ? wholeNumber(rank, source, setting + "." + layer) : rank;
                        if (rank.is_number())
                            wholeNumbers.push_back({at / layer, setting + "." + layer, current[at][layer]});
                    }
                } else {
                    current[at] = v;
                }
            }
        } else {
            current[section] = value;
        }
    }
    RunConfig merged = *this;
    try {
        merged.name = current.at("name").get<std::string>();
        merged.data = current.at("data").get<DataConfig>();
        merged.tokenizer = current.at("tokenizer").get<TokenizerOptions>();
        merged.targetTokenizer = current.at("targetTokenizer").get<TokenizerOptions>();
        merged.model = current.at("model").get<ModelConfig>();
        merged.train = current.at("train").get<TrainConfig>();
    } catch (const nlohmann::json::exception& e) {
        throw UserError(Message(LATHE_TR("Settings", "%1: a setting has the wrong type: %2"), source, e.what()));
    }
    // A whole number too large (or negative) for its setting comes back different.
    const auto back = nlohmann::json::parse(merged.toJson());
    for (const auto& g : wholeNumbers)
        if (!back.contains(g.at) || back[g.at].dump() != g.value.dump())  // == would call UINT64_MAX and -1 equal
            throw UserError(Message(LATHE_TR("Settings", "%1: setting '%2' is %3, outside the range it can hold"),
                                    source, g.setting, g.value.dump()));
    *this = std::move(merged);
}

std::vector<Message> RunConfig::problems() const
{
    std::vector<Message> p;
    auto add = [&p](Message m) { p.push_back(std::move(m)); };
    const auto& m = model;
    const bool pairs = isSequenceToSequence(m.family);
    if (!isTransformerFamily(m.family) && m.family != "bilstm" && m.family != "lstm" && m.family != "fasttext" && !pairs)
        add(Message(LATHE_TR("Settings", "model '%1' is unknown (use transformer, gpt, mlm, bilstm, lstm, fasttext, "
                                         "seq2seq or lstm-seq2seq)"),
                    m.family));
    if (pairs) {
        if (data.targetColumn.empty() || data.targetColumn == data.textColumn)
            add(LATHE_TR("Settings", "an encoder–decoder reads a source and a target column: give the target column "
                                     "(--target-column), different from the source column (--source-column)"));
        if ((m.embeddingSize > 0 && m.embeddingSize != m.width) || !m.pretrainedEmbeddings.empty())
            add(LATHE_TR("Settings", "encoder–decoders do not take factorized embeddings or word vectors yet; low-rank "
                                     "layers, shared blocks, LoRA adapters and tied embeddings they do"));
    }
    if (!(train.labelSmoothing >= 0 && train.labelSmoothing < 1))
        add(LATHE_TR("Settings", "label smoothing must be in [0, 1)"));
    if (train.beamSize < 1 || train.beamSize > 64)
        add(LATHE_TR("Settings", "the beam size must be between 1 (greedy) and 64"));
    if (m.family == "fasttext") {
        if (m.buckets <= 0)
            add(LATHE_TR("Settings", "the n-gram bucket count must be positive"));
        if (m.wordNgrams < 1 || m.wordNgrams > 5)
            add(LATHE_TR("Settings", "word n-grams must be between 1 (tokens only) and 5"));
        if (m.charNgramMax > 0 && (m.charNgramMin < 1 || m.charNgramMin > m.charNgramMax || m.charNgramMax > 8))
            add(LATHE_TR("Settings", "character n-grams must run from a length of at least 1 to at most 8 (or be off)"));
    }
    if ((isTransformerFamily(m.family) || m.family == "seq2seq") && (m.heads <= 0 || m.width % m.heads != 0))
        add(Message(LATHE_TR("Settings", "width %1 must be a positive multiple of the head count %2"), m.width, m.heads));
    if (m.width <= 0 || m.layers <= 0 || m.feedForward <= 0 || m.hidden <= 0)
        add(LATHE_TR("Settings", "width, layers, feed-forward and hidden sizes must be positive"));
    if (m.maxLength < 2)
        add(LATHE_TR("Settings", "the sequence length must be at least 2"));
    if (m.dropout < 0 || m.dropout >= 1)
        add(LATHE_TR("Settings", "dropout must be in [0, 1)"));
    if (m.pooling != "mean" && m.pooling != "first")
        add(LATHE_TR("Settings", "pooling must be mean or first"));
    if (m.causal && m.pooling == "first")
        add(LATHE_TR("Settings", "a classifier with causal attention pools by mean: its first token sees only itself"));
    if (!m.pretrainedEmbeddings.empty() && !std::filesystem::is_regular_file(m.pretrainedEmbeddings))
        add(Message(LATHE_TR("Settings", "the word-vector file %1 does not exist"), m.pretrainedEmbeddings));
    if (m.lowRank < 0)
        add(LATHE_TR("Settings", "the low rank must be 0 (dense) or positive"));
    for (const auto& [layer, rank] : m.ranks)
        if (rank < 0)
            add(Message(LATHE_TR("Settings", "the rank of layer %1 must be 0 (dense) or positive"), layer));
    const bool transformer = isTransformerFamily(m.family);
    if (m.shareBlocks && !transformer && m.family != "seq2seq")
        add(LATHE_TR("Settings", "sharing blocks across layers needs a Transformer or GPT model"));
    if (m.embeddingSize < 0)
        add(LATHE_TR("Settings", "the embedding size must be 0 (the width) or positive"));
    if (m.embeddingSize > 0 && m.embeddingSize != m.width && !transformer)
        add(LATHE_TR("Settings", "factorized embeddings need a Transformer or GPT model (an LSTM's embedding size is its width)"));
    if (m.tieEmbeddings && !isLanguageModel(m.family) && !pairs)
        add(LATHE_TR("Settings", "tied input/output embeddings need a language model (GPT, masked LM or LSTM) or "
                                 "an encoder–decoder"));
    if (m.tieEmbeddings && transformer && m.embeddingSize > 0 && m.embeddingSize != m.width)
        add(LATHE_TR("Settings", "tied embeddings need the embedding size to equal the width (or 0)"));
    if (m.tieEmbeddings && (m.family == "lstm" || m.family == "lstm-seq2seq") && m.hidden != m.width)
        add(Message(LATHE_TR("Settings", "tied embeddings need the LSTM hidden size (%1) to equal the width (%2)"), m.hidden, m.width));
    const auto& t = train;
    if (t.optimizer != "adamw" && t.optimizer != "adam" && t.optimizer != "sgd")
        add(Message(LATHE_TR("Settings", "optimizer '%1' is unknown (use adamw, adam or sgd)"), t.optimizer));
    if (t.schedule != "cosine" && t.schedule != "linear" && t.schedule != "constant" && t.schedule != "slanted")
        add(Message(LATHE_TR("Settings", "schedule '%1' is unknown (use cosine, linear, constant or slanted)"),
                    t.schedule));
    if (!(t.layerLrDecay >= 1 && t.layerLrDecay <= 100))
        add(LATHE_TR("Settings", "the layer learning-rate decay must be between 1 (one rate for all layers) and 100"));
    if (t.unfreezeEvery < 0)
        add(LATHE_TR("Settings", "gradual unfreezing takes a positive step interval (0: off)"));
    if (t.unfreezeEvery > 0 && m.loraRank > 0)
        add(LATHE_TR("Settings", "gradual unfreezing and LoRA adapters exclude each other: adapters keep the base frozen"));
    if (data.trainLimit < 0)
        add(LATHE_TR("Settings", "the training-example limit must be 0 (all) or positive"));
    if (data.follow && pairs)
        add(LATHE_TR("Settings", "following a growing corpus trains classifiers and language models, not "
                                 "encoder–decoders"));
    if (!(data.replay >= 0 && data.replay <= 0.95))
        add(LATHE_TR("Settings", "the replay share must be between 0 (only new examples) and 0.95"));
    if (!(data.followIdle >= 0))
        add(LATHE_TR("Settings", "the idle time that ends a followed run must be 0 (never) or positive seconds"));
    if (!(t.learningRate > 0))
        add(LATHE_TR("Settings", "the learning rate must be positive"));
    if (!(t.weightDecay >= 0))
        add(LATHE_TR("Settings", "the weight decay must be zero or positive"));
    if (t.batchSize <= 0)
        add(LATHE_TR("Settings", "the batch size must be positive"));
    if (t.maxSteps <= 0 && t.epochs <= 0)
        add(LATHE_TR("Settings", "give a positive number of epochs or steps"));
    if (t.evalEvery <= 0)
        add(LATHE_TR("Settings", "the evaluation interval must be positive"));
    if (m.loraRank < 0)
        add(LATHE_TR("Settings", "the LoRA rank must be 0 (no adapters) or positive"));
    if (m.loraRank > 0 && !(m.loraAlpha > 0))
        add(LATHE_TR("Settings", "the LoRA alpha must be positive"));
    if (m.loraRank > 0 && !transformer && m.family != "seq2seq")
        add(LATHE_TR("Settings", "LoRA adapters need a Transformer or GPT model"));
    if (m.loraRank > 0 && t.baseRun <= 0)
        add(LATHE_TR("Settings", "LoRA adapters fine-tune a trained run: choose the base run"));
    if (t.fromScratch && t.baseRun <= 0)
        add(LATHE_TR("Settings", "a from-scratch control takes its architecture and tokenizer from a base run: choose "
                                 "the base run"));
    if (t.fromScratch && m.loraRank > 0)
        add(LATHE_TR("Settings", "LoRA adapters train on a base's weights, and a from-scratch control has none: set "
                                 "the LoRA rank to 0"));
    if (t.baseRun > 0 && t.teacherRun > 0)
        add(LATHE_TR("Settings", "fine-tune a base run or distill from a teacher, not both at once"));
    if (t.teacherRun < 0)
        add(LATHE_TR("Settings", "the teacher run must be a run ID (0: no distillation)"));
    if (t.teacherRun > 0 && !(t.distillAlpha >= 0 && t.distillAlpha <= 1))
        add(LATHE_TR("Settings", "the distillation weight alpha must be in [0, 1]"));
    if (t.teacherRun > 0 && !(t.distillTemperature > 0))
        add(LATHE_TR("Settings", "the distillation temperature must be positive"));
    if (pairs ? t.earlyStopMetric != "val/loss" && !isSequenceMetric(t.earlyStopMetric)
              : t.earlyStopMetric != "val/loss" && t.earlyStopMetric != "val/accuracy" && t.earlyStopMetric != "val/macro_f1")
        add(pairs ? LATHE_TR("Settings", "early stopping of an encoder–decoder watches val/loss, val/token_accuracy, "
                                         "val/exact_match, val/token_error_rate, val/sequence_error_rate, val/cer, "
                                         "val/bleu or val/chrf")
                  : LATHE_TR("Settings", "early stopping watches val/loss, val/accuracy or val/macro_f1"));
    if (t.precision != "auto" && t.precision != "fp32" && t.precision != "bf16")
        add(Message(LATHE_TR("Settings", "precision '%1' is unknown (use auto, fp32 or bf16)"), t.precision));
    if (tokenizer.kind != "char" && tokenizer.kind != "word" && tokenizer.kind != "bpe" && tokenizer.kind != "unigram")
        add(Message(LATHE_TR("Settings", "tokenizer '%1' is unknown (use char, word, bpe or unigram)"), tokenizer.kind));
    if (tokenizer.vocabularyCap < 8)
        add(LATHE_TR("Settings", "the vocabulary cap must be at least 8"));
    if (!targetTokenizer.kind.empty()) {
        if (!pairs)
            add(LATHE_TR("Settings", "a target tokenizer of its own needs an encoder–decoder (seq2seq, lstm-seq2seq)"));
        if (targetTokenizer.kind != "char" && targetTokenizer.kind != "word" && targetTokenizer.kind != "bpe" &&
            targetTokenizer.kind != "unigram")
            add(Message(LATHE_TR("Settings", "target tokenizer '%1' is unknown (use char, word, bpe or unigram, or "
                                             "none to share the source's)"),
                        targetTokenizer.kind));
        if (targetTokenizer.vocabularyCap < 8)
            add(LATHE_TR("Settings", "the target vocabulary cap must be at least 8"));
    }
    if (data.validationFraction <= 0 || data.validationFraction + data.testFraction >= 1)
        add(LATHE_TR("Settings", "the validation fraction must be positive and leave room for training"));
    return p;
}

bool RunConfig::separateTargetTokenizer() const
{
    return isSequenceToSequence(model.family) && !targetTokenizer.kind.empty();
}

std::string RunConfig::validate() const { return joinLines(problems()).english(); }

LoadOptions loadOptions(const DataConfig& data, const std::string& family)
{
    LoadOptions load;
    load.format = dataFormatFromString(data.format);
    load.textColumn = data.textColumn;
    load.labelColumn = data.labelColumn;
    const bool pairs = isSequenceToSequence(family);
    load.requireLabels = !isLanguageModel(family) && !pairs;
    if (pairs)
        load.targetColumn = data.targetColumn;
    load.replaceInvalidUtf8 = data.replaceInvalidUtf8;
    return load;
}

}  // namespace lathe
