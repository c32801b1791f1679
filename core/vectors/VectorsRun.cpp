#include "vectors/VectorsRun.h"

#include "data/Split.h"
#include "data/TextDataset.h"
#include "util/Hash.h"
#include "vectors/Glove.h"
#include "vectors/VectorsFile.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <unistd.h>

namespace lathe {

VectorsRunOutcome trainVectorsRun(const VectorsRunRequest& request)
{
    if (!request.store)
        throw std::invalid_argument("a vectors run needs an experiment store");
    const auto& config = request.config;
    if (const auto p = config.problems(); !p.empty())
        throw UserError(joinLines(p));
    LoadOptions options;
    options.format = dataFormatFromString(request.format);
    options.textColumn = request.textColumn;
    options.requireLabels = false;
    options.replaceInvalidUtf8 = request.replaceInvalidUtf8;
    const auto data = loadDataset(request.dataPath, options);
    const auto corpus = buildVectorsCorpus(data.texts, config.minCount, config.tokens);
    if (corpus.words.empty())
        throw UserError(Message(LATHE_TR("Vectors", "%1: no word occurs at least %2 times (%3 words in all): lower the "
                                                    "minimum count or give more text"),
                                request.dataPath, config.minCount, corpus.rawWords));

    auto& store = *request.store;
    nlohmann::json settings{{"vectors", nlohmann::json::parse(config.toJson())},
                            {"data", {{"path", data.path}, {"format", request.format}, {"textColumn", request.textColumn}}}};
    RunRecord r;
    r.name = request.name.empty() ? config.method + "-" + std::to_string(config.dim) : request.name;
    r.kind = "word-vectors";
    r.model = config.method;
    r.configJson = settings.dump();
    r.dataset = std::filesystem::absolute(data.path).string();
    r.datasetFingerprint = datasetFingerprint(data, settings["data"].dump());
    // Word and context vectors (GloVe: each with its bias).
    r.parameters = static_cast<std::int64_t>(corpus.words.size()) * (config.dim + (config.method == "glove")) * 2;
    r.tags = request.tags;
    r.pid = ::getpid();
    std::unique_ptr<RunStore::RunLock> lock;
    VectorsRunOutcome out;
    out.runId = store.createRun(r, &lock);
    out.vocabulary = static_cast<std::int64_t>(corpus.words.size());
    out.rawWords = corpus.rawWords;
    out.keptWords = corpus.keptWords;

    std::int64_t steps = 0;
    if (request.listener)
        request.listener->onStarted(out.runId, std::max<std::int64_t>(1, corpus.keptWords * config.epochs), r.parameters);
    try {
        const auto report = [&](const VectorsProgress& p) {
            // Nothing new while paused: no points, only the pause shown.
            if (p.wordsDone > steps || p.wordsDone == 0) {
                steps = p.wordsDone;
                const double now = nowSeconds();
                const std::vector<MetricPoint> points{
                    {"train/loss", p.wordsDone, now, p.loss},
                    {"train/words_per_s", p.wordsDone, now, p.wordsPerSecond},
                    {"train/lr", p.wordsDone, now, p.alpha},
                    {"train/epoch", p.wordsDone, now,
                     static_cast<double>(p.wordsDone) / std::max<double>(1, static_cast<double>(corpus.keptWords))}};
                store.appendMetrics(out.runId, points);
                if (request.listener)
                    request.listener->onMetrics(points);
            }
            store.heartbeat(out.runId, p.wordsDone);
            if (request.listener)
                request.listener->onProgress(p.wordsDone, p.wordsTotal, p.wordsPerSecond);
            if (request.onProgress)
                request.onProgress(p);
            return !(request.stop && request.stop->load()) && !(request.control && request.control->stopRequested());
        };
        std::function<bool()> waitWhilePaused;
        if (auto* control = request.control)
            waitWhilePaused = [control] { return control->waitWhilePaused(); };
        auto trained = trainVectors(corpus, config, report, 0.5, waitWhilePaused);
        out.status = trained.stopped ? RunStatus::Stopped : RunStatus::Completed;
        out.wordsDone = steps;
        out.effectiveWords = trained.effectiveWords;
        out.seconds = trained.seconds;
        out.wordsPerSecond = trained.seconds > 0 ? static_cast<double>(trained.effectiveWords) / trained.seconds : 0;
        out.loss = trained.loss;
        out.vectors = std::move(trained.vectors);
        out.vectors.path = out.vectorsPath = store.runDirectory(out.runId) + "/vectors.txt";
        std::filesystem::create_directories(store.runDirectory(out.runId));
        writeWord2VecText(out.vectorsPath, out.vectors);
        store.addArtifact({0, out.runId, "vectors", out.vectorsPath, hashFile(out.vectorsPath),
                           static_cast<std::int64_t>(std::filesystem::file_size(out.vectorsPath)), steps});
    } catch (const HasMessage& e) {
        store.finishRun(out.runId, RunStatus::Failed, e.message(), "{}", steps);
        throw;
    } catch (const std::exception& e) {
        store.finishRun(out.runId, RunStatus::Failed, Message::verbatim(e.what()), "{}", steps);
        throw;
    }
    const nlohmann::json summary{{"loss", out.loss},
                                 {"words_per_s", out.wordsPerSecond},
                                 {"vocabulary", out.vocabulary},
                                 {"effective_words", out.effectiveWords},
                                 {"seconds", out.seconds}};
    store.finishRun(out.runId, out.status,
                    out.status == RunStatus::Stopped ? Message(LATHE_TR("Vectors", "stopped by the user")) : Message(),
                    summary.dump(), steps);
    return out;
}

std::string runVectorsPath(const RunStore& store, std::int64_t runId)
{
    for (const auto& a : store.artifacts(runId))
        if (a.kind == "vectors" && std::filesystem::exists(a.path))
            return a.path;
    return {};
}

WordVectors loadRunVectors(const RunStore& store, std::int64_t runId)
{
    const auto run = store.run(runId);
    if (!run)
        throw UserError(Message(LATHE_TR("Vectors", "there is no run %1 in %2"), runId, store.path()));
    if (const auto path = runVectorsPath(store, runId); !path.empty())
        return loadWordVectors(path);
    throw UserError(Message(LATHE_TR("Vectors", "run %1 has no word vectors (it is a %2 run, or it did not finish)"),
                            runId, run->kind));
}

}  // namespace lathe
