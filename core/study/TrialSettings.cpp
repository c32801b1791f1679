#include "study/TrialSettings.h"

#include "util/Message.h"

#include <algorithm>
#include <map>

namespace lathe::study {

namespace {
// Flag names (as lathe-cli train spells them, without the dashes) and their settings.
const std::map<std::string, std::string>& flags()
{
    static const std::map<std::string, std::string> table = {
        {"lr", "train.learningRate"},       {"weight-decay", "train.weightDecay"},
        {"momentum", "train.momentum"},     {"optimizer", "train.optimizer"},
        {"schedule", "train.schedule"},     {"warmup", "train.warmupSteps"},
        {"clip", "train.clipNorm"},         {"batch-size", "train.batchSize"},
        {"epochs", "train.epochs"},         {"steps", "train.maxSteps"},
        {"precision", "train.precision"},   {"model", "model.family"},
        {"width", "model.width"},           {"heads", "model.heads"},
        {"layers", "model.layers"},         {"ffn", "model.feedForward"},
        {"hidden", "model.hidden"},         {"max-length", "model.maxLength"},
        {"dropout", "model.dropout"},       {"pooling", "model.pooling"},
        {"low-rank", "model.lowRank"},      {"share-blocks", "model.shareBlocks"},
        {"embedding-size", "model.embeddingSize"}, {"tie-embeddings", "model.tieEmbeddings"},
        {"lora-rank", "model.loraRank"},    {"lora-alpha", "model.loraAlpha"},
        {"tokenizer", "tokenizer.kind"},    {"vocab-size", "tokenizer.vocabularyCap"},
    };
    return table;
}

// Settings a trial may not change: they define the study's data and how it runs, not the model.
bool fixedOnly(const std::string& path)
{
    return path.rfind("data.", 0) == 0 || path == "name" || path == "train.seed" || path == "train.threads" ||
           path == "train.teacherRun" || path == "train.baseRun" || path == "train.fromScratch" || path == "model.vocabularySize" ||
           path == "model.numClasses" || path == "model.ranks" || path == "model.pretrainedEmbeddings";
}

const nlohmann::json& defaults()
{
    static const nlohmann::json j = nlohmann::json::parse(RunConfig().toJson());
    return j;
}
}  // namespace

std::optional<std::string> settingPath(const std::string& name)
{
    std::string flag = name;
    std::replace(flag.begin(), flag.end(), '_', '-');
    if (const auto it = flags().find(flag); it != flags().end())
        return it->second;
    const auto dot = name.find('.');
    if (dot == std::string::npos)
        return std::nullopt;
    const auto section = name.substr(0, dot), key = name.substr(dot + 1);
    if (!defaults().contains(section) || !defaults()[section].is_object() || !defaults()[section].contains(key))
        return std::nullopt;
    return name;
}

std::vector<std::string> settingNames()
{
    std::vector<std::string> out;
    for (const auto& [flag, path] : flags())
        out.push_back(flag);
    return out;
}

void checkTrainingSpace(const SearchSpace& space, const std::string& source)
{
    for (const auto& p : space.parameters()) {
        const auto path = settingPath(p.name);
        if (!path) {
            std::string known;
            for (const auto& n : settingNames())
                known += (known.empty() ? "" : ", ") + n;
            throw UserError(Message(LATHE_TR("Study", "%1: parameter '%2' is not a training setting. Use a lathe-cli "
                                                      "train flag (%3) or a setting's path such as train.learningRate."),
                                    source, p.name, known));
        }
        if (fixedOnly(*path))
            throw UserError(Message(LATHE_TR("Study", "%1: parameter '%2' (%3) cannot vary between trials: it is "
                                                      "fixed for the whole study. Give it as a flag of the study instead."),
                                    source, p.name, *path));
    }
}

nlohmann::json conditionSettings(const RunConfig& fixed)
{
    const auto config = nlohmann::json::parse(fixed.toJson());
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [section, values] : config.items())
        if (values.is_object())
            for (const auto& [key, v] : values.items())
                out[section + "." + key] = v;
    for (const auto& [flag, path] : flags())
        if (out.contains(path)) {
            out[flag] = out[path];
            if (flag.find('-') != std::string::npos) {
                std::string underscored = flag;
                std::replace(underscored.begin(), underscored.end(), '-', '_');
                out[underscored] = out[path];
            }
        }
    return out;
}

RunConfig trialConfig(const RunConfig& fixed, const Assignment& values)
{
    nlohmann::json patch = nlohmann::json::object();
    for (const auto& [name, value] : values) {
        const auto path = settingPath(name);
        if (!path)
            throw UserError(Message(LATHE_TR("Study", "parameter '%1' is not a training setting"), name));
        const auto dot = path->find('.');
        patch[path->substr(0, dot)][path->substr(dot + 1)] = value;
    }
    RunConfig config = fixed;
    // Steps win over epochs, as on the command line: a searched epoch count clears the steps.
    if (patch.contains("train") && patch["train"].contains("epochs") && !patch["train"].contains("maxSteps"))
        patch["train"]["maxSteps"] = 0;
    config.mergeJson(patch.dump(), "trial");
    if (const auto problems = config.problems(); !problems.empty())
        throw UserError(problems.front());
    return config;
}

}  // namespace lathe::study
