#include "util/AtomicFile.h"
#include "vae/VaeCheckpoint.h"

#include <filesystem>
#include <sstream>

namespace lathe {

void saveVaeCheckpoint(const std::string& path, const VaeConfig& config, const Tokenizer& tokenizer, TextVaeImpl& model,
                       std::int64_t step)
{
    torch::serialize::OutputArchive archive;
    model.save(archive);
    archive.write("lathe.vae", c10::IValue(config.toJson()));
    archive.write("lathe.tokenizer", c10::IValue(tokenizer.toJson()));
    archive.write("lathe.step", c10::IValue(step));
    // In memory first: LibTorch's file writer aborts the process when a write fails.
    std::ostringstream bytes;
    archive.save_to(bytes);
    writeFileAtomically(path, std::move(bytes).str());
}

VaeCheckpoint loadVaeCheckpoint(const std::string& path)
{
    if (!std::filesystem::exists(path))
        throw UserError(Message(LATHE_TR("Vae", "%1: the VAE checkpoint is missing (was the run's folder moved?)"), path));
    VaeCheckpoint c;
    try {
        torch::serialize::InputArchive archive;
        archive.load_from(path);
        c10::IValue value;
        if (!archive.try_read("lathe.vae", value))
            throw UserError(Message(LATHE_TR("Vae", "%1: not a VAE checkpoint (it has no lathe.vae entry)"), path));
        c.config = VaeConfig::fromJson(value.toStringRef());
        archive.read("lathe.tokenizer", value);
        c.tokenizer = tokenizerFromJson(value.toStringRef());
        c.model = TextVae(c.tokenizer->vocabularySize(), c.config.embedding, c.config.hidden, c.config.latent);
        c.model->load(archive);
    } catch (const HasMessage&) {
        throw;
    } catch (const std::exception& e) {
        throw UserError(Message(LATHE_TR("Vae", "%1: the VAE checkpoint is damaged or cut short (%2); train the run "
                                                "again"),
                                path, std::string(e.what()).substr(0, 200)));
    }
    c.model->eval();
    return c;
}

std::string vaeRunCheckpoint(const RunStore& store, std::int64_t runId)
{
    const auto run = store.run(runId);
    if (!run)
        throw UserError(Message(LATHE_TR("Vae", "there is no run %1 in %2"), runId, store.path()));
    if (run->kind != "vae")
        throw UserError(Message(LATHE_TR("Vae", "run %1 is a %2 run, not a text VAE"), runId, run->kind));
    for (const auto& a : store.artifacts(runId))
        if (a.kind == "vae")
            return a.path;
    throw UserError(Message(LATHE_TR("Vae", "run %1 has no checkpoint yet (one is written at each evaluation)"), runId));
}

std::vector<std::int64_t> vaeSentence(const Tokenizer& tokenizer, const std::string& text, int maxLength)
{
    std::vector<std::int64_t> ids{Tokenizer::kBos};
    for (const int id : tokenizer.encode(text)) {
        if (static_cast<int>(ids.size()) >= maxLength - 1)
            break;
        ids.push_back(id);
    }
    ids.push_back(Tokenizer::kEos);
    return ids;
}

namespace {
std::string decodeWords(const Tokenizer& tokenizer, const std::vector<std::int64_t>& ids)
{
    return tokenizer.decode(std::vector<int>(ids.begin(), ids.end()));
}

torch::Tensor posteriorMean(VaeCheckpoint& c, const std::string& text)
{
    const auto ids = vaeSentence(*c.tokenizer, text, c.config.maxLength);
    return c.model->encode(torch::tensor(ids).view({1, -1})).mean.squeeze(0);
}
}  // namespace

std::vector<std::string> vaeSample(const RunStore& store, std::int64_t runId, int count, std::uint64_t seed)
{
    return vaeSample(vaeRunCheckpoint(store, runId), count, seed);
}

std::string vaeReconstruct(const RunStore& store, std::int64_t runId, const std::string& text)
{
    return vaeReconstruct(vaeRunCheckpoint(store, runId), text);
}

std::vector<std::string> vaeInterpolate(const RunStore& store, std::int64_t runId, const std::string& from,
                                        const std::string& to, int steps)
{
    return vaeInterpolate(vaeRunCheckpoint(store, runId), from, to, steps);
}

std::vector<std::string> vaeSample(const std::string& checkpoint, int count, std::uint64_t seed)
{
    auto c = loadVaeCheckpoint(checkpoint);
    torch::NoGradGuard noGrad;
    auto generator = at::detail::createCPUGenerator(seed);
    const auto z = at::randn({count, c.config.latent}, generator);
    std::vector<std::string> out;
    for (int i = 0; i < count; ++i)
        out.push_back(decodeWords(*c.tokenizer, c.model->greedy(z[i], c.config.maxLength)));
    return out;
}

std::string vaeReconstruct(const std::string& checkpoint, const std::string& text)
{
    auto c = loadVaeCheckpoint(checkpoint);
    torch::NoGradGuard noGrad;
    return decodeWords(*c.tokenizer, c.model->greedy(posteriorMean(c, text), c.config.maxLength));
}

std::vector<std::string> vaeInterpolate(const std::string& checkpoint, const std::string& from, const std::string& to,
                                        int steps)
{
    auto c = loadVaeCheckpoint(checkpoint);
    torch::NoGradGuard noGrad;
    const auto a = posteriorMean(c, from), b = posteriorMean(c, to);
    std::vector<std::string> out;
    steps = std::max(2, steps);
    for (int i = 0; i < steps; ++i) {
        const double t = static_cast<double>(i) / (steps - 1);
        out.push_back(decodeWords(*c.tokenizer, c.model->greedy(a * (1 - t) + b * t, c.config.maxLength)));
    }
    return out;
}

}  // namespace lathe
