#include "train/Checkpoint.h"
#include "data/DataError.h"
#include "util/AtomicFile.h"
#include "util/FaultPoint.h"
#include "util/Message.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>

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
// The run a file in a store's run folder belongs to: N of the nearest ".../run-N/" above it
// (the checkpoint, or a snapshot in run-N/snapshots/); 0 elsewhere.
std::int64_t runOfPath(const std::string& path)
{
    auto dir = std::filesystem::path(path).parent_path();
    for (int up = 0; up < 2 && !dir.empty(); ++up, dir = dir.parent_path()) {
        const auto name = dir.filename().string();
        if (name.rfind("run-", 0) == 0 && name.size() > 4 &&
            name.find_first_not_of("0123456789", 4) == std::string::npos)
            return std::stoll(name.substr(4));
    }
    return 0;
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
    if (const auto run = runOfPath(path); run > 0)
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

CheckpointContents loadCheckpoint(const std::string& path)
{
    if (!std::filesystem::exists(path))
        throw DataError(path, 0, LATHE_TR("Checkpoint", "the checkpoint file is missing"),
                        LATHE_TR("Checkpoint", "Was the run's folder moved or deleted?"));
    CheckpointContents c;
    c.archive = std::make_shared<torch::serialize::InputArchive>();
    // Each stage says in its own words what is wrong; LibTorch's text stays out of the message.
    const auto stage = [&](MessageText problem, MessageText hint, const auto& body) {
        try {
            body();
        } catch (const DataError&) {
            throw;
        } catch (const std::exception&) {
            throw DataError(path, 0, problem, hint);
        }
    };
    stage(LATHE_TR("Checkpoint", "the file is not a complete checkpoint (it is truncated, or not a checkpoint at all)"),
          LATHE_TR("Checkpoint", "Resume from an earlier checkpoint, or train the run again"), [&] { c.archive->load_from(path); });
    c10::IValue format;
    stage(LATHE_TR("Checkpoint", "the file is a LibTorch archive but not a Lathe checkpoint (it has no lathe.format "
                   "entry)"),
          LATHE_TR("Checkpoint", "Open a checkpoint Lathe saved"), [&] { c.archive->read("lathe.format", format); });
    stage(LATHE_TR("Checkpoint", "the checkpoint's settings are unreadable (corrupt)"),
          LATHE_TR("Checkpoint", "Train the run again"), [&] {
        if (format.toInt() > kCheckpointFormat)
            throw DataError(path, 0,
                            Message(LATHE_TR("Checkpoint", "the checkpoint was written by a newer Lathe (format %1; this build "
                                                   "reads %2)"),
                                    format.toInt(), kCheckpointFormat),
                            LATHE_TR("Checkpoint", "Upgrade Lathe to read it"));
        c.config.mergeJson(readString(*c.archive, "lathe.config"), path);
        c.classes = nlohmann::json::parse(readString(*c.archive, "lathe.classes")).get<std::vector<std::string>>();
        c10::IValue step;
        c.archive->read("lathe.step", step);
        c.step = step.toInt();
    });
    stage(LATHE_TR("Checkpoint", "the checkpoint's tokenizer is unreadable (corrupt)"),
          LATHE_TR("Checkpoint", "Train the run again"),
          [&] { c.tokenizer = tokenizerFromJson(readString(*c.archive, "lathe.tokenizer")); });
    // A token id past the embedding table would read outside it.
    if (c.tokenizer->vocabularySize() > c.config.model.vocabularySize)
        throw DataError(path, 0,
                        Message(LATHE_TR("Checkpoint", "the checkpoint's tokenizer has %1 tokens but its model's embedding only "
                                               "%2: the two do not belong together"),
                                c.tokenizer->vocabularySize(), c.config.model.vocabularySize),
                        LATHE_TR("Checkpoint", "Train the run again"));
    const auto owner = runOfPath(path);
    c10::IValue savedBy;
    if (owner > 0 && c.archive->try_read("lathe.run", savedBy) && savedBy.toInt() != owner)
        throw DataError(path, 0,
                        Message(LATHE_TR("Checkpoint", "this checkpoint was saved by run %1, not run %2: it was copied here "
                                               "from another run's folder"),
                                savedBy.toInt(), owner),
                        Message(LATHE_TR("Checkpoint", "Put run %1's own checkpoint back, or open run %2"), owner,
                                savedBy.toInt()));
    stage(LATHE_TR("Checkpoint", "the checkpoint's weights do not match the model its settings describe (corrupt, "
                   "or edited)"),
          LATHE_TR("Checkpoint", "Train the run again"), [&] {
              c.model = buildModel(c.config.model);
              c.model->load(*c.archive);
          });
    return c;
}

void restoreOptimizer(const CheckpointContents& c, torch::optim::Optimizer& optimizer)
{
    torch::serialize::InputArchive opt;
    if (c.archive->try_read("optimizer", opt))
        optimizer.load(opt);
}

}  // namespace lathe
