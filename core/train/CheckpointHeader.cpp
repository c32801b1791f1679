#include "train/CheckpointHeader.h"
#include "data/DataError.h"
#include "train/ArchiveCheck.h"
#include "util/Message.h"

#include <torch/serialize/input-archive.h>

#include <nlohmann/json.hpp>

#include <filesystem>

namespace lathe {

namespace {
std::string readString(torch::serialize::InputArchive& a, const std::string& key)
{
    c10::IValue v;
    a.read(key, v);
    return v.toStringRef();
}
}  // namespace

std::int64_t runOfCheckpointPath(const std::string& path)
{
    auto dir = std::filesystem::path(path).parent_path();
    for (int up = 0; up < 2 && !dir.empty(); ++up, dir = dir.parent_path()) {
        const auto name = dir.filename().string();
        if (name.rfind("run-", 0) == 0 && name.size() > 4 && name.size() < 16 &&
            name.find_first_not_of("0123456789", 4) == std::string::npos)
            return std::stoll(name.substr(4));
    }
    return 0;
}

CheckpointHeader readCheckpointHeader(const std::string& path)
{
    if (!std::filesystem::exists(path))
        throw DataError(path, 0, LATHE_TR("Checkpoint", "the checkpoint file is missing"),
                        LATHE_TR("Checkpoint", "Was the run's folder moved or deleted?"));
    CheckpointHeader c;
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
          LATHE_TR("Checkpoint", "Resume from an earlier checkpoint, or train the run again"), [&] {
        checkCheckpointArchive(path);
        c.archive->load_from(path);
    });
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
        if (c10::IValue precision; c.archive->try_read("lathe.precision", precision)) {
            c.precision = precision.toStringRef();
            if (c.precision != "fp32" && c.precision != "bf16")
                throw std::runtime_error("unknown precision");
        }
    });
    stage(LATHE_TR("Checkpoint", "the checkpoint's tokenizer is unreadable (corrupt)"),
          LATHE_TR("Checkpoint", "Train the run again"),
          [&] { c.tokenizer = tokenizerFromJson(readString(*c.archive, "lathe.tokenizer")); });
    stage(LATHE_TR("Checkpoint", "the checkpoint's tokenizer is unreadable (corrupt)"),
          LATHE_TR("Checkpoint", "Train the run again"), [&] {
              if (c10::IValue target; c.archive->try_read("lathe.target_tokenizer", target))
                  c.targetTokenizer = tokenizerFromJson(target.toStringRef());
          });
    // A target tokenizer and the target vocabulary it sized come together, or not at all.
    if ((c.targetTokenizer && c.targetTokenizer->vocabularySize() > c.config.model.targetVocabularySize) ||
        (!c.targetTokenizer && c.config.model.targetVocabularySize > 0))
        throw DataError(path, 0,
                        Message(LATHE_TR("Checkpoint", "the checkpoint's target tokenizer has %1 tokens but its model's "
                                               "target embedding %2: the two do not belong together"),
                                c.targetTokenizer ? c.targetTokenizer->vocabularySize() : 0,
                                c.config.model.targetVocabularySize),
                        LATHE_TR("Checkpoint", "Train the run again"));
    // A token id past the embedding table would read outside it.
    if (c.tokenizer->vocabularySize() > c.config.model.vocabularySize)
        throw DataError(path, 0,
                        Message(LATHE_TR("Checkpoint", "the checkpoint's tokenizer has %1 tokens but its model's embedding only "
                                               "%2: the two do not belong together"),
                                c.tokenizer->vocabularySize(), c.config.model.vocabularySize),
                        LATHE_TR("Checkpoint", "Train the run again"));
    const auto owner = runOfCheckpointPath(path);
    c10::IValue savedBy;
    bool hasOwner = false;
    stage(LATHE_TR("Checkpoint", "the checkpoint's settings are unreadable (corrupt)"),
          LATHE_TR("Checkpoint", "Train the run again"), [&] {
              hasOwner = owner > 0 && c.archive->try_read("lathe.run", savedBy);
              if (hasOwner)
                  (void)savedBy.toInt();
          });
    if (hasOwner && savedBy.toInt() != owner)
        throw DataError(path, 0,
                        Message(LATHE_TR("Checkpoint", "this checkpoint was saved by run %1, not run %2: it was copied here "
                                               "from another run's folder"),
                                savedBy.toInt(), owner),
                        Message(LATHE_TR("Checkpoint", "Put run %1's own checkpoint back, or open run %2"), owner,
                                savedBy.toInt()));
    return c;
}

}  // namespace lathe
