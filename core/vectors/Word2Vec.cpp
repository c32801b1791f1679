#include "vectors/Word2Vec.h"

#include "kernels/Cpu.h"
#include "kernels/isa/KernelTable.h"
#include "vectors/VectorsThreads.h"
#include "vectors/isa/VectorOps.h"
#include "tokenize/Tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <unordered_map>

namespace lathe {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(VectorsConfig, method, dim, window, negative, minCount, sample, alpha,
                                                minAlpha, epochs, threads, seed, tokens, xMax)

std::string VectorsConfig::toJson() const { return nlohmann::json(*this).dump(); }

VectorsConfig VectorsConfig::fromJson(const std::string& json)
{
    return nlohmann::json::parse(json).get<VectorsConfig>();
}

VectorsConfig VectorsConfig::defaultsFor(const std::string& method)
{
    VectorsConfig c;
    c.method = method;
    if (method == "glove") {
        c.window = 15;
        c.epochs = 15;
        c.alpha = 0.05;
        c.minAlpha = 0.05;  // AdaGrad scales the rate per weight; GloVe does not decay it
        c.sample = 0;
    }
    return c;
}

std::vector<Message> VectorsConfig::problems() const
{
    std::vector<Message> p;
    if (method != "skipgram" && method != "cbow" && method != "glove")
        p.emplace_back(LATHE_TR("Vectors", "method '%1' is unknown (use skipgram, cbow or glove)"), method);
    if (!(xMax > 0))
        p.emplace_back(LATHE_TR("Vectors", "GloVe's x_max must be positive"));
    if (dim < 1 || dim > 4096)
        p.emplace_back(LATHE_TR("Vectors", "the vector size must be between 1 and 4096"));
    if (window < 1)
        p.emplace_back(LATHE_TR("Vectors", "the window must be at least 1"));
    if (negative < 1 || negative > 64)
        p.emplace_back(LATHE_TR("Vectors", "the number of negative samples must be between 1 and 64"));
    if (minCount < 1)
        p.emplace_back(LATHE_TR("Vectors", "the minimum count must be at least 1"));
    if (!(sample >= 0))
        p.emplace_back(LATHE_TR("Vectors", "the subsampling threshold must be 0 (off) or positive"));
    if (!(alpha > 0) || !(minAlpha >= 0) || minAlpha > alpha)
        p.emplace_back(LATHE_TR("Vectors", "the rate must be positive and the final rate between 0 and it"));
    if (epochs < 1)
        p.emplace_back(LATHE_TR("Vectors", "give at least one epoch"));
    if (tokens != "words" && tokens != "whitespace")
        p.emplace_back(LATHE_TR("Vectors", "tokens '%1' is unknown (use words or whitespace)"), tokens);
    if (threads < 0 || threads > 1024)
        p.emplace_back(LATHE_TR("Vectors", "the thread count must be 0 (every core) or between 1 and 1024"));
    return p;
}

namespace {
std::vector<std::string> splitOnWhitespace(const std::string& text)
{
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i])))
            ++i;
        const auto start = i;
        while (i < text.size() && !std::isspace(static_cast<unsigned char>(text[i])))
            ++i;
        if (i > start)
            out.push_back(text.substr(start, i - start));
    }
    return out;
}
}  // namespace

VectorsCorpus buildVectorsCorpus(const std::vector<std::string>& texts, int minCount, const std::string& tokens)
{
    constexpr std::size_t kMaxSentence = 10'000;
    // Words in order of first appearance, with their counts.
    std::unordered_map<std::string, std::int32_t> index;
    std::vector<std::string> seen;
    std::vector<std::int64_t> counts;
    std::vector<std::vector<std::int32_t>> lines;
    lines.reserve(texts.size());
    VectorsCorpus c;
    for (const auto& text : texts) {
        std::vector<std::int32_t> ids;
        for (auto& word : tokens == "whitespace" ? splitOnWhitespace(text) : splitWords(text)) {
            auto [it, added] = index.try_emplace(std::move(word), static_cast<std::int32_t>(seen.size()));
            if (added) {
                seen.push_back(it->first);
                counts.push_back(0);
            }
            ++counts[static_cast<std::size_t>(it->second)];
            ids.push_back(it->second);
            ++c.rawWords;
        }
        lines.push_back(std::move(ids));
    }
    // Kept words, most frequent first; a stable sort keeps first appearance among equals.
    std::vector<std::int32_t> order;
    for (std::size_t w = 0; w < seen.size(); ++w)
        if (counts[w] >= minCount)
            order.push_back(static_cast<std::int32_t>(w));
    std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
        return counts[static_cast<std::size_t>(a)] > counts[static_cast<std::size_t>(b)];
    });
    std::vector<std::int32_t> newId(seen.size(), -1);
    for (std::size_t r = 0; r < order.size(); ++r) {
        const auto w = static_cast<std::size_t>(order[r]);
        newId[w] = static_cast<std::int32_t>(r);
        c.words.push_back(seen[w]);
        c.counts.push_back(counts[w]);
        c.keptWords += counts[w];
    }
    c.sentences.reserve(lines.size());
    for (auto& ids : lines) {
        // At most 10,000 words a sentence, as gensim cuts them (word2vec.c: 1,000): a corpus on one
        // line (text8) still spreads over the threads, and the rate and progress move within it.
        std::vector<std::int32_t> kept;
        for (const auto id : ids)
            if (const auto n = newId[static_cast<std::size_t>(id)]; n >= 0) {
                kept.push_back(n);
                if (kept.size() == kMaxSentence) {
                    c.sentences.push_back(std::move(kept));
                    kept.clear();
                }
            }
        if (!kept.empty())
            c.sentences.push_back(std::move(kept));
    }
    return c;
}

namespace {

constexpr int kTableSize = 1000;
constexpr float kMaxExp = 6;

const kernels::KernelTable& kernelTable()
{
    switch (kernels::activeIsa()) {
    case kernels::Isa::Avx512: return kernels::avx512::table();
    case kernels::Isa::Avx2: return kernels::avx2::table();
    case kernels::Isa::Scalar: break;
    }
    return kernels::scalar::table();
}

const vectors::VectorOps& vectorOps() { return vectors::activeOps(); }

// word2vec's linear congruential generator: fast, and one per thread.
struct Random {
    std::uint64_t state;
    std::uint64_t next()
    {
        state = state * 25214903917ULL + 11;
        return state >> 16;
    }
    double uniform() { return static_cast<double>(next() & 0xFFFFFFFFULL) / 4294967296.0; }
};

struct Shared {
    const VectorsCorpus& corpus;
    const VectorsConfig& config;
    const kernels::KernelTable& kernels;
    const vectors::VectorOps& ops;
    std::vector<float>& input;   // [V, d]: the word vectors
    std::vector<float>& output;  // [V, d]: the context (negative-sampling) vectors
    std::vector<std::uint32_t> cumulative;  // count^0.75 cumulated, for drawing noise words
    std::vector<float> keep;                // probability of keeping each word (subsampling)
    std::vector<float> sigmoid, logSigmoid;
    std::atomic<std::int64_t> wordsDone{0};
    std::atomic<std::int64_t> effective{0};
    std::atomic<bool> stop{false};
    std::int64_t wordsTotal = 0;
};

std::int32_t drawNoise(const Shared& s, Random& r)
{
    const auto x = static_cast<std::uint32_t>(r.next() % s.cumulative.back());
    return static_cast<std::int32_t>(std::upper_bound(s.cumulative.begin(), s.cumulative.end(), x) -
                                     s.cumulative.begin());
}

void trainRange(Shared& s, std::size_t first, std::size_t last, int epoch, std::uint64_t seed, vectors::WorkerTally& tally,
                const std::function<bool()>& waitWhilePaused)
{
    const auto& c = s.config;
    const int d = c.dim;
    const bool skipgram = c.method == "skipgram";
    Random random{seed};
    std::vector<float> neu1(static_cast<std::size_t>(d)), neu1e(static_cast<std::size_t>(d));
    std::vector<int> targets(static_cast<std::size_t>(c.negative) + 1);
    std::vector<std::int32_t> sentence;
    kernels::SgnsStep step;
    step.out = s.output.data();
    step.targets = targets.data();
    step.width = d;
    step.sigmoid = s.sigmoid.data();
    step.logSigmoid = s.logSigmoid.data();
    step.tableSize = kTableSize;
    step.maxExp = kMaxExp;
    step.neu1e = neu1e.data();
    const double epochsTotal = static_cast<double>(s.wordsTotal);
    std::int64_t pending = 0, pendingEffective = 0;
    double loss = 0;
    std::int64_t predictions = 0;
    const auto flush = [&] {
        s.wordsDone += pending;
        s.effective += pendingEffective;
        pending = pendingEffective = 0;
        tally.loss.fetch_add(loss, std::memory_order_relaxed);
        tally.count.fetch_add(predictions, std::memory_order_relaxed);
        loss = 0;
        predictions = 0;
    };
    float alpha = static_cast<float>(c.alpha);
    // A pause point as each epoch's share starts too: a small corpus may give a thread fewer
    // than 10,000 words an epoch.
    if (!vectors::pausePoint(waitWhilePaused, tally.pausedSeconds))
        s.stop = true;
    for (std::size_t line = first; line < last && !s.stop.load(std::memory_order_relaxed); ++line) {
        const auto& words = s.corpus.sentences[line];
        // The rate follows overall progress, as gensim's: alpha0 − (alpha0 − min) · done / total.
        const double progress = static_cast<double>(s.wordsDone.load(std::memory_order_relaxed)) / epochsTotal;
        alpha = static_cast<float>(std::max(c.minAlpha, c.alpha - (c.alpha - c.minAlpha) * std::min(1.0, progress)));
        step.alpha = alpha;
        // Subsampling: frequent words dropped before the windows are formed.
        sentence.clear();
        for (const auto w : words)
            if (s.keep[static_cast<std::size_t>(w)] >= 1.0f ||
                s.keep[static_cast<std::size_t>(w)] > static_cast<float>(random.uniform()))
                sentence.push_back(w);
        const int n = static_cast<int>(sentence.size());
        for (int i = 0; i < n; ++i) {
            const auto word = sentence[static_cast<std::size_t>(i)];
            const int b = static_cast<int>(random.next() % static_cast<std::uint64_t>(c.window));
            const int from = std::max(0, i - c.window + b), to = std::min(n - 1, i + c.window - b);
            // The positive target, then the noise words (never the positive one itself).
            const auto drawTargets = [&] {
                targets[0] = word;
                int k = 1;
                for (int j = 0; j < c.negative; ++j) {
                    const auto noise = drawNoise(s, random);
                    if (noise != word)
                        targets[static_cast<std::size_t>(k++)] = noise;
                }
                step.count = k;
            };
            if (skipgram) {
                for (int j = from; j <= to; ++j) {
                    if (j == i)
                        continue;
                    float* in = s.input.data() + static_cast<std::ptrdiff_t>(sentence[static_cast<std::size_t>(j)]) * d;
                    drawTargets();
                    std::fill(neu1e.begin(), neu1e.end(), 0.0f);
                    step.in = in;
                    loss += s.kernels.sgnsStep(step);
                    predictions += step.count;
                    s.ops.addScaled(in, neu1e.data(), 1.0f, d);
                }
            } else {
                // CBOW: the mean of the context's vectors predicts the word; each context word
                // receives the whole error (cbow_mean, as gensim and word2vec do it).
                int count = 0;
                std::fill(neu1.begin(), neu1.end(), 0.0f);
                for (int j = from; j <= to; ++j) {
                    if (j == i)
                        continue;
                    s.ops.addScaled(neu1.data(), s.input.data() + static_cast<std::ptrdiff_t>(sentence[static_cast<std::size_t>(j)]) * d,
                                    1.0f, d);
                    ++count;
                }
                if (count == 0)
                    continue;
                const float inv = 1.0f / static_cast<float>(count);
                for (auto& v : neu1)
                    v *= inv;
                drawTargets();
                std::fill(neu1e.begin(), neu1e.end(), 0.0f);
                step.in = neu1.data();
                loss += s.kernels.sgnsStep(step);
                predictions += step.count;
                for (int j = from; j <= to; ++j) {
                    if (j == i)
                        continue;
                    s.ops.addScaled(s.input.data() + static_cast<std::ptrdiff_t>(sentence[static_cast<std::size_t>(j)]) * d,
                                    neu1e.data(), 1.0f, d);
                }
            }
        }
        pending += static_cast<std::int64_t>(words.size());
        pendingEffective += n;
        if (pending >= 10'000) {
            flush();
            if (!vectors::pausePoint(waitWhilePaused, tally.pausedSeconds))
                s.stop = true;
        }
    }
    flush();
    (void)epoch;
}

}  // namespace

VectorsOutcome trainWord2Vec(const VectorsCorpus& corpus, const VectorsConfig& config,
                             const std::function<bool(const VectorsProgress&)>& report, double reportSeconds,
                             const std::function<bool()>& waitWhilePaused)
{
    if (const auto p = config.problems(); !p.empty())
        throw UserError(joinLines(p));
    if (corpus.words.empty())
        throw UserError(Message(LATHE_TR("Vectors", "no word occurs at least %1 times: lower the minimum count or give "
                                                    "more text"),
                                config.minCount));
    const auto V = corpus.words.size();
    const auto d = static_cast<std::size_t>(config.dim);
    std::vector<float> input(V * d), output(V * d, 0.0f);
    // Small random starting vectors, (u − 0.5) / d as word2vec and gensim draw them.
    Random init{config.seed * 0x9E3779B97F4A7C15ULL + 1};
    for (auto& v : input)
        v = static_cast<float>((init.uniform() - 0.5) / static_cast<double>(d));

    Shared s{corpus, config, kernelTable(), vectorOps(), input, output, {}, {}, {}, {}};
    // Noise distribution: count^0.75, cumulated on 2^31 − 1 as gensim's cum_table.
    double norm = 0;
    for (const auto n : corpus.counts)
        norm += std::pow(static_cast<double>(n), 0.75);
    s.cumulative.resize(V);
    double running = 0;
    for (std::size_t w = 0; w < V; ++w) {
        running += std::pow(static_cast<double>(corpus.counts[w]), 0.75);
        s.cumulative[w] = static_cast<std::uint32_t>(std::llround(running / norm * 2147483647.0));
    }
    s.cumulative.back() = 2147483647U;
    // Subsampling: keep probability (sqrt(f / t) + 1) · t / f with t = sample · kept words.
    s.keep.assign(V, 1.0f);
    if (config.sample > 0) {
        const double threshold = config.sample * static_cast<double>(corpus.keptWords);
        for (std::size_t w = 0; w < V; ++w) {
            const auto f = static_cast<double>(corpus.counts[w]);
            s.keep[w] = static_cast<float>(std::min(1.0, (std::sqrt(f / threshold) + 1) * threshold / f));
        }
    }
    s.sigmoid.resize(kTableSize);
    s.logSigmoid.resize(kTableSize);
    for (int i = 0; i < kTableSize; ++i) {
        const double x = (2.0 * (i + 0.5) / kTableSize - 1.0) * kMaxExp;
        s.sigmoid[static_cast<std::size_t>(i)] = static_cast<float>(1.0 / (1.0 + std::exp(-x)));
        s.logSigmoid[static_cast<std::size_t>(i)] = static_cast<float>(-std::log1p(std::exp(-x)));
    }
    s.wordsTotal = std::max<std::int64_t>(1, corpus.keptWords * config.epochs);

    const int threads = vectors::workerCount(config.threads);
    // Each thread a contiguous share of the lines, balanced by words.
    std::vector<std::size_t> bounds{0};
    {
        const double per = static_cast<double>(corpus.keptWords) / threads;
        std::int64_t acc = 0;
        for (std::size_t line = 0; line < corpus.sentences.size() && static_cast<int>(bounds.size()) < threads; ++line) {
            acc += static_cast<std::int64_t>(corpus.sentences[line].size());
            if (static_cast<double>(acc) >= per * static_cast<double>(bounds.size()))
                bounds.push_back(line + 1);
        }
        while (static_cast<int>(bounds.size()) <= threads)
            bounds.push_back(corpus.sentences.size());
        bounds.back() = corpus.sentences.size();
    }

    std::vector<vectors::WorkerTally> tallies(static_cast<std::size_t>(threads));
    vectors::ProgressMeter meter(tallies);
    VectorsOutcome out;
    const auto makeReport = [&](int epoch) {
        VectorsProgress p;
        p.wordsDone = s.wordsDone.load();
        p.wordsTotal = s.wordsTotal;
        p.effectiveWords = s.effective.load();
        p.epoch = epoch;
        const double progress = static_cast<double>(p.wordsDone) / static_cast<double>(s.wordsTotal);
        p.alpha = std::max(config.minAlpha, config.alpha - (config.alpha - config.minAlpha) * std::min(1.0, progress));
        meter.fill(p);
        return p;
    };
    for (int epoch = 1; epoch <= config.epochs && !s.stop; ++epoch) {
        meter.startEpoch();
        vectors::runWorkers(
            threads,
            [&](int t) {
                const auto seed = config.seed * 1000003ULL + static_cast<std::uint64_t>(epoch) * 7919ULL +
                                  static_cast<std::uint64_t>(t);
                trainRange(s, bounds[static_cast<std::size_t>(t)], bounds[static_cast<std::size_t>(t) + 1], epoch, seed,
                           tallies[static_cast<std::size_t>(t)], waitWhilePaused);
            },
            s.stop, report ? std::function<bool()>([&] { return report(makeReport(epoch)); }) : std::function<bool()>(),
            reportSeconds);
        // Stopped: the text of this epoch was not all read. A stop asked for in the last epoch's
        // final report comes after all the work and does not count.
        out.stopped = out.stopped || s.stop;
        const auto last = makeReport(epoch);
        out.loss = meter.epochLoss();
        if (report && !report(last)) {
            s.stop = true;
            out.stopped = out.stopped || epoch < config.epochs;
        }
    }
    out.effectiveWords = s.effective.load();
    out.seconds = meter.seconds();
    out.vectors.dim = config.dim;
    out.vectors.words = corpus.words;
    out.vectors.values = std::move(input);
    return out;
}

namespace vectors {
const VectorOps& activeOps()
{
    switch (kernels::activeIsa()) {
    case kernels::Isa::Avx512: return avx512::ops();
    case kernels::Isa::Avx2: return avx2::ops();
    case kernels::Isa::Scalar: break;
    }
    return scalar::ops();
}
}  // namespace vectors

}  // namespace lathe
