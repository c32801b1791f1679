#include "vae/VaeRun.h"

#include "data/Split.h"
#include "data/TextDataset.h"
#include "kernels/Threads.h"
#include "util/Hash.h"
#include "vae/VaeCheckpoint.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <random>
#include <unistd.h>

namespace lathe {

namespace {

using Sentences = std::vector<std::vector<std::int64_t>>;

torch::Tensor padded(const Sentences& all, const std::vector<std::size_t>& rows)
{
    std::size_t longest = 0;
    for (const auto r : rows)
        longest = std::max(longest, all[r].size());
    auto ids = torch::zeros({static_cast<std::int64_t>(rows.size()), static_cast<std::int64_t>(longest)}, torch::kInt64);
    auto* p = ids.data_ptr<std::int64_t>();
    for (std::size_t i = 0; i < rows.size(); ++i)
        std::copy(all[rows[i]].begin(), all[rows[i]].end(), p + i * longest);
    return ids;
}

// The validation split's ELBO terms (one ε per sentence, from a fixed seed), active units and,
// with `iwaeSamples`, the importance-weighted bound.
VaeScores score(TextVaeImpl& model, const Sentences& sentences, int batchSize, int iwaeSamples)
{
    torch::NoGradGuard noGrad;
    auto generator = at::detail::createCPUGenerator(0x5EEDULL);
    VaeScores s;
    double reconstruction = 0, kl = 0, nll = 0, predicted = 0;
    std::vector<torch::Tensor> means;
    const double log2pi = std::log(2 * M_PI);
    for (std::size_t from = 0; from < sentences.size(); from += static_cast<std::size_t>(batchSize)) {
        std::vector<std::size_t> rows(std::min(sentences.size() - from, static_cast<std::size_t>(batchSize)));
        std::iota(rows.begin(), rows.end(), from);
        const auto ids = padded(sentences, rows);
        const auto q = model.encode(ids);
        const auto sigma = torch::exp(0.5 * q.logVariance);
        const auto z = q.mean + sigma * at::randn(q.mean.sizes(), generator);
        reconstruction += model.reconstruction(ids, z).sum().item<double>();
        kl += (0.5 * (q.mean.pow(2) + q.logVariance.exp() - q.logVariance - 1)).sum().item<double>();
        means.push_back(q.mean);
        predicted += static_cast<double>(ids.slice(1, 1).ne(0).sum().item<std::int64_t>());
        if (iwaeSamples > 0) {
            // log p(x) ≥ log 1/k Σ p(x|z_i) p(z_i) / q(z_i|x), z_i ~ q(z|x).
            std::vector<torch::Tensor> logWeights;
            for (int k = 0; k < iwaeSamples; ++k) {
                const auto eps = at::randn(q.mean.sizes(), generator);
                const auto zk = q.mean + sigma * eps;
                const auto logPrior = (-0.5 * (zk.pow(2) + log2pi)).sum(1);
                const auto logPosterior = (-0.5 * (eps.pow(2) + q.logVariance + log2pi)).sum(1);
                logWeights.push_back(-model.reconstruction(ids, zk) + logPrior - logPosterior);
            }
            const auto bound = torch::logsumexp(torch::stack(logWeights), 0) - std::log(double(iwaeSamples));
            nll -= bound.sum().item<double>();
        }
    }
    const auto n = static_cast<double>(sentences.size());
    s.reconstruction = reconstruction / n;
    s.kl = kl / n;
    s.elbo = -(s.reconstruction + s.kl);
    const auto all = torch::cat(means);
    s.activeUnits = all.size(0) > 1 ? static_cast<int>(all.var(0, false).gt(0.01).sum().item<std::int64_t>()) : 0;
    if (iwaeSamples > 0) {
        s.iwaeNll = nll / n;
        s.perplexity = std::exp(nll / std::max(1.0, predicted));
    }
    return s;
}

std::vector<MetricPoint> scorePoints(const VaeScores& s, std::int64_t step)
{
    const double now = nowSeconds();
    std::vector<MetricPoint> p{{"val/loss", step, now, s.reconstruction + s.kl},
                               {"val/reconstruction", step, now, s.reconstruction},
                               {"val/kl", step, now, s.kl},
                               {"val/elbo", step, now, s.elbo},
                               {"val/active_units", step, now, static_cast<double>(s.activeUnits)}};
    if (s.iwaeNll > 0) {
        p.push_back({"val/iwae_nll", step, now, s.iwaeNll});
        p.push_back({"val/perplexity", step, now, s.perplexity});
    }
    return p;
}

nlohmann::json scoresJson(const VaeScores& s)
{
    nlohmann::json j{{"loss", s.reconstruction + s.kl}, {"reconstruction", s.reconstruction}, {"kl", s.kl},
                     {"elbo", s.elbo}, {"active_units", s.activeUnits}};
    if (s.iwaeNll > 0) {
        j["iwae_nll"] = s.iwaeNll;
        j["perplexity"] = s.perplexity;
    }
    return j;
}

// Collapse: the posterior carries next to nothing (KL under half a nat a sentence: z tells the
// decoder less than one bit), or no latent dimension varies with the sentence.
bool collapsed(const VaeScores& s) { return s.kl < 0.5 || s.activeUnits == 0; }

Message collapseWarning(const VaeScores& s)
{
    return Message(LATHE_TR("Vae", "posterior collapse: the KL is %1 nats a sentence with %2 active latent units, so "
                                   "the decoder all but ignores z. Raise the word dropout (0.5), give free bits (0.1 "
                                   "a dimension), anneal cyclically or train longer"),
                   fmt::format("{:.3f}", s.kl), s.activeUnits);
}

struct Data {
    Sentences train, validation;
    std::unique_ptr<Tokenizer> tokenizer;
    TextDataset dataset;
};

Data loadData(const VaeRunRequest& r)
{
    LoadOptions options;
    options.format = dataFormatFromString(r.format);
    options.textColumn = r.textColumn;
    options.labelColumn = r.labelColumn;
    options.requireLabels = false;
    options.replaceInvalidUtf8 = r.replaceInvalidUtf8;
    Data d;
    d.dataset = loadDataset(r.dataPath, options);
    SplitOptions split;
    split.validationFraction = r.config.validationFraction;
    split.testFraction = 0;
    split.seed = r.config.seed;
    const auto parts = splitDataset(d.dataset, split);
    if (parts.train.size() < 2 || parts.validation.empty())
        throw UserError(Message(LATHE_TR("Vae", "%1: %2 sentences are too few to train and validate a VAE; give at "
                                                "least a few dozen"),
                                r.dataPath, d.dataset.size()));
    d.tokenizer = trainTokenizer(r.config.tokenizer, d.dataset.texts, parts.train);
    for (const auto i : parts.train)
        d.train.push_back(vaeSentence(*d.tokenizer, d.dataset.texts[i], r.config.maxLength));
    for (const auto i : parts.validation)
        d.validation.push_back(vaeSentence(*d.tokenizer, d.dataset.texts[i], r.config.maxLength));
    return d;
}

}  // namespace

VaeRunOutcome trainVaeRun(const VaeRunRequest& request)
{
    if (!request.store)
        throw std::invalid_argument("a VAE run needs an experiment store");
    const auto& config = request.config;
    if (const auto p = config.problems(); !p.empty())
        throw UserError(joinLines(p));
    kernels::applyComputeThreads(config.threads);
    auto data = loadData(request);
    torch::manual_seed(config.seed);
    TextVae model(data.tokenizer->vocabularySize(), config.embedding, config.hidden, config.latent);
    torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(config.learningRate));

    auto& store = *request.store;
    const nlohmann::json settings{{"vae", nlohmann::json::parse(config.toJson())},
                                  {"data", {{"path", data.dataset.path}, {"format", request.format},
                                            {"textColumn", request.textColumn}, {"labelColumn", request.labelColumn}}}};
    RunRecord r;
    r.name = request.name.empty() ? "vae-" + std::to_string(config.latent) : request.name;
    r.kind = "vae";
    r.model = "vae";
    r.configJson = settings.dump();
    r.dataset = std::filesystem::absolute(data.dataset.path).string();
    r.datasetFingerprint = datasetFingerprint(data.dataset, settings["data"].dump());
    for (const auto& t : model->parameters())
        r.parameters += t.numel();
    r.tags = request.tags;
    r.pid = ::getpid();
    std::unique_ptr<RunStore::RunLock> lock;
    VaeRunOutcome out;
    out.runId = store.createRun(r, &lock);
    out.parameters = r.parameters;
    const auto checkpoint = store.runDirectory(out.runId) + "/vae.pt";
    if (request.listener)
        request.listener->onStarted(out.runId, config.steps, r.parameters);

    std::mt19937_64 rng(config.seed);
    std::vector<std::size_t> order(data.train.size());
    std::iota(order.begin(), order.end(), 0);
    std::size_t cursor = order.size();
    const auto start = std::chrono::steady_clock::now();
    double tokens = 0;
    bool warned = false;
    const auto save = [&](std::int64_t step) {
        std::filesystem::create_directories(store.runDirectory(out.runId));
        saveVaeCheckpoint(checkpoint, config, *data.tokenizer, *model, step);
        store.addArtifact({0, out.runId, "vae", checkpoint, hashFile(checkpoint),
                           static_cast<std::int64_t>(std::filesystem::file_size(checkpoint)), step});
    };
    const auto evaluate = [&](std::int64_t step, bool last) {
        model->eval();
        out.validation = score(*model, data.validation, config.batchSize, last ? config.iwaeSamples : 0);
        model->train();
        const auto points = scorePoints(out.validation, step);
        store.appendMetrics(out.runId, points);
        if (request.listener)
            request.listener->onMetrics(points);
        save(step);
        // Judged once β has reached 1 (the end of a linear ramp, or of the run).
        const bool annealed = klWeight(config, step, config.steps) >= 1.0 && (config.klAnneal != "cyclical" || last);
        if (annealed && collapsed(out.validation)) {
            out.warning = collapseWarning(out.validation);  // the latest numbers: the run's summary keeps them
            if (request.listener && !warned)
                request.listener->onMessage(out.warning.english());
            warned = true;
        } else if (last) {
            out.warning = {};  // it recovered
        }
    };
    try {
        model->train();
        std::int64_t step = 0;
        while (step < config.steps) {
            if (request.control && !request.control->waitWhilePaused()) {
                out.status = RunStatus::Stopped;
                break;
            }
            ++step;
            std::vector<std::size_t> rows;
            while (rows.size() < static_cast<std::size_t>(config.batchSize)) {
                if (cursor == order.size()) {
                    std::shuffle(order.begin(), order.end(), rng);
                    cursor = 0;
                }
                rows.push_back(order[cursor++]);
                if (rows.size() == order.size())
                    break;
            }
            const auto ids = padded(data.train, rows);
            const auto t = model->terms(ids, config.wordDropout);
            const auto beta = klWeight(config, step, config.steps);
            const auto klBatch = t.klPerDimension.mean(0);  // [latent]
            // Free bits (Kingma et al. 2016): a dimension's KL below λ is not pushed down further.
            const auto klObjective = config.freeBits > 0 ? klBatch.clamp_min(config.freeBits).sum() : klBatch.sum();
            const auto reconstruction = t.reconstruction.mean();
            const auto loss = reconstruction + beta * klObjective;
            const double lossValue = loss.item<double>();
            if (!std::isfinite(lossValue)) {
                out.status = RunStatus::Diverged;
                out.steps = step;
                store.finishRun(out.runId, RunStatus::Diverged,
                                Message(LATHE_TR("Vae", "the loss became %1 at step %2: lower the learning rate"),
                                        std::to_string(lossValue), step),
                                "{}", step);
                return out;
            }
            optimizer.zero_grad();
            loss.backward();
            if (config.clipNorm > 0)
                torch::nn::utils::clip_grad_norm_(model->parameters(), config.clipNorm);
            optimizer.step();
            tokens += static_cast<double>(ids.ne(0).sum().item<std::int64_t>());
            const double rec = reconstruction.item<double>(), kl = klBatch.sum().item<double>();
            const double now = nowSeconds();
            out.steps = step;
            out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            out.tokensPerSecond = out.seconds > 0 ? tokens / out.seconds : 0;
            const std::vector<MetricPoint> points{{"train/loss", step, now, lossValue},
                                                  {"train/reconstruction", step, now, rec},
                                                  {"train/kl", step, now, kl},
                                                  {"train/elbo", step, now, -(rec + kl)},
                                                  {"train/beta", step, now, beta},
                                                  {"train/tokens_per_s", step, now, out.tokensPerSecond}};
            store.appendMetrics(out.runId, points);
            if (request.listener) {
                request.listener->onMetrics(points);
                request.listener->onProgress(step, config.steps, out.tokensPerSecond);
            }
            if (step % config.evalEvery == 0 && step < config.steps)
                evaluate(step, false);
            if (step % 50 == 0)
                store.heartbeat(out.runId, step);
        }
        evaluate(out.steps, out.status == RunStatus::Completed);
    } catch (const HasMessage& e) {
        store.finishRun(out.runId, RunStatus::Failed, e.message(), "{}", out.steps);
        throw;
    } catch (const std::exception& e) {
        store.finishRun(out.runId, RunStatus::Failed, Message::verbatim(e.what()), "{}", out.steps);
        throw;
    }
    auto summary = scoresJson(out.validation);
    summary["tokens_per_s"] = out.tokensPerSecond;
    summary["seconds"] = out.seconds;
    if (!out.warning.empty())
        summary["warning"] = out.warning.english();
    store.finishRun(out.runId, out.status,
                    out.status == RunStatus::Stopped ? Message(LATHE_TR("Vae", "stopped by the user")) : out.warning,
                    summary.dump(), out.steps);
    return out;
}

}  // namespace lathe
