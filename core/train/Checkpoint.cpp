#include "train/Checkpoint.h"
#include "data/DataError.h"
#include "util/AtomicFile.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>

namespace lathe {

namespace {
// Bump when the layout of a checkpoint changes; older readers refuse newer files.
constexpr std::int64_t kCheckpointFormat = 1;

std::string readString(torch::serialize::InputArchive& a, const std::string& key)
{
    c10::IValue v;
    a.read(key, v);
    return v.toStringRef();
}
}  // namespace

void saveCheckpoint(const std::string& path, const RunConfig& config, const Tokenizer& tokenizer,
                    const std::vector<std::string>& classes, std::int64_t step, SequenceModelImpl& model,
                    torch::optim::Optimizer* optimizer)
{
    torch::serialize::OutputArchive archive;
    model.save(archive);
    if (optimizer) {
        torch::serialize::OutputArchive opt;
        optimizer->save(opt);
        archive.write("optimizer", opt);
    }
    archive.write("lathe.format", c10::IValue(kCheckpointFormat));
    archive.write("lathe.config", c10::IValue(config.toJson()));
    archive.write("lathe.tokenizer", c10::IValue(tokenizer.toJson()));
    archive.write("lathe.classes", c10::IValue(nlohmann::json(classes).dump()));
    archive.write("lathe.step", c10::IValue(step));
    writeFileAtomically(path, [&](const std::string& temp) { archive.save_to(temp); });
}

CheckpointContents loadCheckpoint(const std::string& path)
{
    if (!std::filesystem::exists(path))
        throw DataError(path, 0, "the checkpoint file is missing", "Was the run's folder moved or deleted?");
    CheckpointContents c;
    c.archive = std::make_shared<torch::serialize::InputArchive>();
    try {
        c.archive->load_from(path);
        c10::IValue format;
        c.archive->read("lathe.format", format);
        if (format.toInt() > kCheckpointFormat)
            throw DataError(path, 0,
                            fmt::format("the checkpoint was written by a newer Lathe (format {}; this build reads {})",
                                        format.toInt(), kCheckpointFormat),
                            "Upgrade Lathe to read it");
        c.config.mergeJson(readString(*c.archive, "lathe.config"), path);
        c.tokenizer = tokenizerFromJson(readString(*c.archive, "lathe.tokenizer"));
        c.classes = nlohmann::json::parse(readString(*c.archive, "lathe.classes")).get<std::vector<std::string>>();
        c10::IValue step;
        c.archive->read("lathe.step", step);
        c.step = step.toInt();
        c.model = buildModel(c.config.model);
        c.model->load(*c.archive);
    } catch (const DataError&) {
        throw;
    } catch (const std::exception& e) {
        std::string detail = e.what();
        detail = detail.substr(0, detail.find('\n'));
        throw DataError(path, 0, fmt::format("the checkpoint is truncated or corrupt ({})", detail),
                        "Resume from an earlier checkpoint, or train the run again");
    }
    return c;
}

void restoreOptimizer(const CheckpointContents& c, torch::optim::Optimizer& optimizer)
{
    torch::serialize::InputArchive opt;
    if (c.archive->try_read("optimizer", opt))
        optimizer.load(opt);
}

}  // namespace lathe
