#include "vectors/Glove.h"

#include "vectors/VectorsThreads.h"
#include "vectors/isa/VectorOps.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <random>

namespace lathe {

namespace {

// Co-occurrence counts of unordered word pairs: open addressing with linear probing, the key
// (a << 32) | b for a ≤ b. The reference tool keeps a dense block for frequent pairs and spills
// the rest to sorted files; one hash table per thread fits the corpora a workstation trains on.
class PairCounts {
public:
    static constexpr std::uint64_t kEmpty = ~0ULL;

    PairCounts() { rehash(1U << 16); }

    void add(std::int32_t a, std::int32_t b, float v)
    {
        if (a > b)
            std::swap(a, b);
        const auto key = (static_cast<std::uint64_t>(a) << 32) | static_cast<std::uint32_t>(b);
        if ((size_ + 1) * 2 > keys_.size())
            rehash(keys_.size() * 2);
        values_[find(key)] += v;
    }
    void merge(const PairCounts& other)
    {
        for (std::size_t i = 0; i < other.keys_.size(); ++i)
            if (other.keys_[i] != kEmpty) {
                if ((size_ + 1) * 2 > keys_.size())
                    rehash(keys_.size() * 2);
                values_[find(other.keys_[i])] += other.values_[i];
            }
    }
    template <typename F> void forEach(F&& f) const
    {
        for (std::size_t i = 0; i < keys_.size(); ++i)
            if (keys_[i] != kEmpty)
                f(static_cast<std::int32_t>(keys_[i] >> 32), static_cast<std::int32_t>(keys_[i] & 0xFFFFFFFFULL),
                  values_[i]);
    }
    std::size_t size() const { return size_; }

private:
    // The slot of `key`, claimed for it (count 0) when it is new.
    std::size_t find(std::uint64_t key)
    {
        auto i = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> shift_);
        while (keys_[i] != key) {
            if (keys_[i] == kEmpty) {
                keys_[i] = key;
                ++size_;
                return i;
            }
            i = (i + 1) & (keys_.size() - 1);
        }
        return i;
    }
    void rehash(std::size_t capacity)
    {
        auto keys = std::move(keys_);
        auto values = std::move(values_);
        keys_.assign(capacity, kEmpty);
        values_.assign(capacity, 0.0f);
        shift_ = 64 - static_cast<int>(std::log2(static_cast<double>(capacity)));
        size_ = 0;
        for (std::size_t i = 0; i < keys.size(); ++i)
            if (keys[i] != kEmpty)
                values_[find(keys[i])] = values[i];
    }

    std::vector<std::uint64_t> keys_;
    std::vector<float> values_;
    std::size_t size_ = 0;
    int shift_ = 48;
};

// A co-occurrence ready to train on: its log and its weight computed once.
struct Entry {
    std::int32_t word, context;
    float logX, weight;
};

}  // namespace

std::vector<Cooccurrence> countCooccurrences(const VectorsCorpus& corpus, int window, int threads)
{
    threads = std::max(1, std::min<int>(vectors::workerCount(threads), static_cast<int>(corpus.sentences.size())));
    std::vector<PairCounts> tables(static_cast<std::size_t>(threads));
    std::atomic<bool> stop{false};
    const auto n = corpus.sentences.size();
    vectors::runWorkers(
        threads,
        [&](int t) {
            auto& table = tables[static_cast<std::size_t>(t)];
            for (auto line = n * static_cast<std::size_t>(t) / static_cast<std::size_t>(threads);
                 line < n * (static_cast<std::size_t>(t) + 1) / static_cast<std::size_t>(threads); ++line) {
                const auto& s = corpus.sentences[line];
                for (std::size_t i = 1; i < s.size(); ++i)
                    for (std::size_t k = 1; k <= static_cast<std::size_t>(window) && k <= i; ++k)
                        table.add(s[i - k], s[i], 1.0f / static_cast<float>(k));
            }
        },
        stop, {}, 1.0);
    for (std::size_t t = 1; t < tables.size(); ++t) {
        tables[0].merge(tables[t]);
        tables[t] = PairCounts();
    }
    std::vector<Cooccurrence> out;
    out.reserve(tables[0].size() * 2);
    tables[0].forEach([&](std::int32_t a, std::int32_t b, float v) {
        // Both directions; a word meeting itself counts from either side.
        if (a == b) {
            out.push_back({a, a, 2 * v});
        } else {
            out.push_back({a, b, v});
            out.push_back({b, a, v});
        }
    });
    std::sort(out.begin(), out.end(), [](const Cooccurrence& x, const Cooccurrence& y) {
        return x.word != y.word ? x.word < y.word : x.context < y.context;
    });
    return out;
}

VectorsOutcome trainGlove(const VectorsCorpus& corpus, const VectorsConfig& config,
                          const std::function<bool(const VectorsProgress&)>& report, double reportSeconds,
                          const std::function<bool()>& waitWhilePaused)
{
    if (const auto p = config.problems(); !p.empty())
        throw UserError(joinLines(p));
    if (corpus.words.empty())
        throw UserError(Message(LATHE_TR("Vectors", "no word occurs at least %1 times: lower the minimum count or give "
                                                    "more text"),
                                config.minCount));
    const int threads = vectors::workerCount(config.threads);
    std::vector<vectors::WorkerTally> tallies(static_cast<std::size_t>(threads));
    vectors::ProgressMeter meter(tallies);  // from the start: the counting is part of the run's time
    std::vector<Entry> entries;
    {
        const auto counts = countCooccurrences(corpus, config.window, threads);
        if (counts.empty())
            throw UserError(Message(LATHE_TR("Vectors", "no two kept words ever meet within the window: GloVe has "
                                                        "nothing to learn from (give more text, or lower the minimum "
                                                        "count)")));
        entries.reserve(counts.size());
        for (const auto& c : counts)
            entries.push_back({c.word, c.context, std::log(c.count),
                               c.count < config.xMax ? static_cast<float>(std::pow(c.count / config.xMax, 0.75)) : 1.0f});
    }
    std::mt19937_64 rng(config.seed * 0x9E3779B97F4A7C15ULL + 7);
    // Shuffled once, as the reference tool's shuffle step does; each epoch then reads that order.
    for (std::size_t i = entries.size(); i > 1; --i)
        std::swap(entries[i - 1], entries[static_cast<std::size_t>(rng() % i)]);

    const auto V = corpus.words.size();
    const auto d = static_cast<std::size_t>(config.dim);
    const auto row = d + 1;  // the weights, then the bias
    std::vector<float> w(V * row), c(V * row), gw(V * row, 1.0f), gc(V * row, 1.0f);
    std::uniform_real_distribution<double> uniform(-0.5, 0.5);
    for (auto* m : {&w, &c})
        for (auto& v : *m)
            v = static_cast<float>(uniform(rng) / static_cast<double>(d));

    const auto& ops = vectors::activeOps();
    const auto total = static_cast<std::int64_t>(entries.size());
    const auto eta = static_cast<float>(config.alpha);
    std::atomic<std::int64_t> done{0};
    std::atomic<bool> stop{false};
    const auto wordsTotal = std::max<std::int64_t>(1, corpus.keptWords * config.epochs);
    // An epoch over the co-occurrences counts as a pass over the corpus's words.
    const auto wordsDone = [&] {
        return std::min(wordsTotal, static_cast<std::int64_t>(std::llround(static_cast<double>(corpus.keptWords) *
                                                                           static_cast<double>(done.load()) /
                                                                           static_cast<double>(total))));
    };
    const auto makeReport = [&](int epoch) {
        VectorsProgress p;
        p.wordsDone = wordsDone();
        p.wordsTotal = wordsTotal;
        p.effectiveWords = p.wordsDone;
        p.epoch = epoch;
        p.alpha = config.alpha;
        meter.fill(p);
        return p;
    };

    VectorsOutcome out;
    for (int epoch = 1; epoch <= config.epochs && !stop; ++epoch) {
        meter.startEpoch();
        vectors::runWorkers(
            threads,
            [&](int t) {
                const auto first = static_cast<std::size_t>(total * t / threads);
                const auto last = static_cast<std::size_t>(total * (t + 1) / threads);
                double loss = 0;
                std::int64_t n = 0;
                const auto flush = [&] {
                    done += n;
                    tallies[static_cast<std::size_t>(t)].loss.fetch_add(loss, std::memory_order_relaxed);
                    tallies[static_cast<std::size_t>(t)].count.fetch_add(n, std::memory_order_relaxed);
                    loss = 0;
                    n = 0;
                };
                // A pause point as each epoch's share starts, and every 16,384 entries.
                if (!vectors::pausePoint(waitWhilePaused, tallies[static_cast<std::size_t>(t)].pausedSeconds))
                    stop = true;
                for (auto i = first; i < last && !stop.load(std::memory_order_relaxed); ++i) {
                    const auto& e = entries[i];
                    const auto wr = static_cast<std::size_t>(e.word) * row, cr = static_cast<std::size_t>(e.context) * row;
                    const float cost = ops.gloveStep(&w[wr], &c[cr], &gw[wr], &gc[cr], e.logX, e.weight, eta, config.dim);
                    if (cost >= 0) {
                        loss += cost;
                        ++n;
                    }
                    if ((i - first) % 16384 == 16383) {
                        flush();
                        if (!vectors::pausePoint(waitWhilePaused, tallies[static_cast<std::size_t>(t)].pausedSeconds))
                            stop = true;
                        if (stop.load(std::memory_order_relaxed))
                            return;
                    }
                }
                flush();
            },
            stop, report ? std::function<bool()>([&] { return report(makeReport(epoch)); }) : std::function<bool()>(),
            reportSeconds);
        out.stopped = out.stopped || stop;
        const auto last = makeReport(epoch);
        out.loss = meter.epochLoss();
        if (report && !report(last)) {
            stop = true;
            out.stopped = out.stopped || epoch < config.epochs;
        }
    }
    out.effectiveWords = wordsDone();
    out.seconds = meter.seconds();
    out.vectors.dim = config.dim;
    out.vectors.words = corpus.words;
    out.vectors.values.resize(V * d);
    for (std::size_t i = 0; i < V; ++i)
        for (std::size_t k = 0; k < d; ++k)
            out.vectors.values[i * d + k] = w[i * row + k] + c[i * row + k];
    return out;
}

VectorsOutcome trainVectors(const VectorsCorpus& corpus, const VectorsConfig& config,
                            const std::function<bool(const VectorsProgress&)>& report, double reportSeconds,
                            const std::function<bool()>& waitWhilePaused)
{
    return config.method == "glove" ? trainGlove(corpus, config, report, reportSeconds, waitWhilePaused)
                                    : trainWord2Vec(corpus, config, report, reportSeconds, waitWhilePaused);
}

}  // namespace lathe
