#include "train/Checkpoint.h"
#include "data/DataError.h"
#include "kernels/Precision.h"
#include "util/AtomicFile.h"
#include "util/FaultPoint.h"
#include "util/Message.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>

namespace lathe {

void saveCheckpoint(const std::string& path, const RunConfig& config, const Tokenizer& tokenizer,
                    const std::vector<std::string>& classes, std::int64_t step, SequenceModelImpl& model,
                    torch::optim::Optimizer* optimizer, const std::string& precision, const Tokenizer* targetTokenizer,
                    const std::string& streamState)
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
    if (targetTokenizer)
        archive.write("lathe.target_tokenizer", c10::IValue(targetTokenizer->toJson()));
    archive.write("lathe.classes", c10::IValue(nlohmann::json(classes).dump()));
    archive.write("lathe.step", c10::IValue(step));
    if (!precision.empty())
        archive.write("lathe.precision", c10::IValue(precision));
    if (!streamState.empty())
        archive.write("lathe.stream", c10::IValue(streamState));
    if (const auto run = runOfCheckpointPath(path); run > 0)
        archive.write("lathe.run", c10::IValue(run));
    // Serialized in memory first: LibTorch's file writer, when a write fails (disk full),
    // throws again from its destructor and aborts the process. Our own write fails cleanly
    // with the system's reason.
    std::ostringstream bytes;
    archive.save_to(bytes);
    const std::string data = std::move(bytes).str();
    writeFileAtomically(path, [&](const std::string& temp) {
        writeBytes(temp, data);
        faultPoint("checkpoint-written");
    });
}

std::string checkpointStreamState(const CheckpointHeader& checkpoint)
{
    c10::IValue value;
    if (checkpoint.archive && checkpoint.archive->try_read("lathe.stream", value) && value.isString())
        return value.toStringRef();
    return {};
}

std::string checkpointPrecision(const CheckpointHeader& checkpoint)
{
    const auto& requested = checkpoint.config.train.precision;
    if (checkpoint.precision == "fp32" || (checkpoint.precision == "bf16" && (kernels::nativeBf16() || requested == "bf16")))
        return checkpoint.precision;
    return kernels::resolvePrecision(requested);
}

CheckpointContents loadCheckpoint(const std::string& path)
{
    CheckpointContents c;
    static_cast<CheckpointHeader&>(c) = readCheckpointHeader(path);
    try {
        c.model = buildModel(c.config.model);
        c.model->load(*c.archive);
    } catch (const DataError&) {
        throw;
    } catch (const std::exception&) {
        // LibTorch's text stays out of the message.
        throw DataError(path, 0,
                        LATHE_TR("Checkpoint", "the checkpoint's weights do not match the model its settings describe "
                                 "(corrupt, or edited)"),
                        LATHE_TR("Checkpoint", "Train the run again"));
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
