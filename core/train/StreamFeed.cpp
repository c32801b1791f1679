#include "train/StreamFeed.h"
#include "data/DataError.h"
#include "data/Loaders.h"
#include "util/Hash.h"
#include "store/RunRecord.h"
#include "util/Message.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <cmath>
#include <set>

namespace lathe {

namespace {
constexpr auto kPollInterval = std::chrono::milliseconds(500);
// Queued examples short of a batch's new share train anyway once nothing came for this long.
constexpr double kSettleSeconds = 1.0;

// Whether arrival `row` is held out: a fixed function of the seed and the row number, so a resumed
// run holds out the same rows.
bool heldOut(std::uint64_t seed, std::int64_t row, double fraction)
{
    std::uint64_t z = seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(row) + 0x632BE59BD9B4E019ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53 < fraction;
}

// A followed file's first `bytes` bytes, hashed: a resume checks it is still the file it read.
std::string headHash(const std::string& path, std::uint64_t bytes)
{
    ContentHash hash;
    hash.add(detail::readRange(path, 0, bytes));
    return hash.hex();
}

std::size_t freshPerBatch(int batchSize, double replay)
{
    return static_cast<std::size_t>(std::max<long long>(1, std::llround(batchSize * (1.0 - replay))));
}
}  // namespace

StreamFeed::StreamFeed(const RunConfig& config, const LoadOptions& options, bool languageModel, const std::string& state)
    : m_config(config),
      m_languageModel(languageModel),
      m_follower(config.data.path, options),
      m_reservoir(config.train.seed * 7919ULL + 17)
{
    std::int64_t initialRows = -1;
    const auto changed = [](const std::string& file, Message problem) {
        return DataError(file, 0, std::move(problem),
                         LATHE_TR("Training", "Resume with the data the run followed, or start a new run on it"));
    };
    if (!state.empty()) {
        const auto j = nlohmann::json::parse(state);
        initialRows = j.at("initial_rows").get<std::int64_t>();
        m_consumedAtResume = j.at("consumed_rows").get<std::int64_t>();
        m_windowsAtResume = j.value("consumed_windows", std::int64_t{0});
        m_freshTrained = j.value("fresh_trained", std::int64_t{0});
        m_best = j.value("best", 0.0);
        m_haveBest = j.value("have_best", false);
        const auto files = j.value("files", std::vector<std::string>{});
        // What the run read must still be there as it was: its rows are put back, not read anew.
        for (const auto& file : files)
            if (!std::filesystem::exists(file))
                throw changed(file, LATHE_TR("Training", "the run had read this file, and it is gone"));
        m_follower.setOrder(files);
        m_headBytes = j.value("head_bytes", std::uint64_t{0});
        m_headHash = j.value("head_hash", std::string());
    }
    auto rows = m_follower.poll();
    if (initialRows >= 0) {
        const auto had = initialRows + m_consumedAtResume;
        if (static_cast<std::int64_t>(rows.size()) < had)
            throw DataError(config.data.path, 0,
                            Message(LATHE_TR("Training", "holds %1 rows, fewer than the %2 the run had read before it "
                                                         "stopped: it was truncated or replaced"),
                                    rows.size(), had),
                            LATHE_TR("Training", "Resume with the data the run followed, or start a new run on it"));
        if (!m_headHash.empty() && headHash(config.data.path, m_headBytes) != m_headHash)
            throw changed(config.data.path, Message(LATHE_TR("Training", "its first %1 bytes are not the ones the run "
                                                                         "read: it was replaced or edited"),
                                                    m_headBytes));
        m_backlog.assign(std::make_move_iterator(rows.begin() + initialRows), std::make_move_iterator(rows.end()));
        rows.resize(static_cast<std::size_t>(initialRows));
    }
    m_initial = datasetOfRows(rows, config.data.path, options, m_follower.format());
    if (state.empty() && !m_follower.isFolder()) {
        std::error_code ec;
        m_headBytes = std::min<std::uint64_t>(std::filesystem::file_size(config.data.path, ec), 1 << 16);
        m_headHash = headHash(config.data.path, m_headBytes);
    }
}

std::vector<StreamArrival> StreamFeed::begin(std::shared_ptr<const Tokenizer> tokenizer, std::vector<std::string> classes,
                                             const EncodedPart& initialTrain, std::int64_t step)
{
    m_tokenizer = std::move(tokenizer);
    m_classes = std::move(classes);
    for (std::size_t i = 0; i < m_classes.size(); ++i)
        m_classIndex[m_classes[i]] = static_cast<int>(i);
    for (std::size_t i = 0; i < initialTrain.sequences.size(); ++i)
        addToPool(initialTrain.sequences[i], i < initialTrain.labels.size() ? initialTrain.labels[i] : -1);
    std::vector<StreamArrival> out;
    auto rows = std::move(m_backlog);
    m_backlog.clear();
    if (m_consumedAtResume > 0) {
        std::vector<StreamRow> consumed(std::make_move_iterator(rows.begin()),
                                        std::make_move_iterator(rows.begin() + m_consumedAtResume));
        rows.erase(rows.begin(), rows.begin() + m_consumedAtResume);
        out.push_back(take(std::move(consumed), step, true));
    }
    if (!rows.empty())
        out.push_back(take(std::move(rows), step, false));
    // A language model's row cut into windows, some trained before the stop: those go back to the
    // pool, the rest stay queued.
    if (m_windowsAtResume > 0 && !m_queue.empty()) {
        const auto row = m_queue.front().row;
        for (std::int64_t i = 0; i < m_windowsAtResume && !m_queue.empty() && m_queue.front().row == row; ++i) {
            addToPool(std::move(m_queue.front().sequence), m_queue.front().label);
            m_queue.pop_front();
            m_lastTakenRow = row;
            m_lastTakenWindows = i + 1;
        }
        if (!out.empty())
            out.back().queued = static_cast<std::int64_t>(m_queue.size());
    }
    m_lastPoll = m_lastArrival = Clock::now();
    return out;
}

std::vector<Sequence> StreamFeed::encode(const std::string& text) const
{
    const int maxLength = m_config.model.maxLength;
    if (!m_languageModel)
        return {encodeInput(*m_tokenizer, text, maxLength)};
    TextDataset one;
    one.texts.push_back(text);
    return encodeWindows(*m_tokenizer, one, {0}, maxLength);
}

void StreamFeed::addToPool(Sequence sequence, int label)
{
    ++m_poolSeen;
    if (m_pool.size() < kReplayMemory) {
        m_pool.push_back(std::move(sequence));
        m_poolLabels.push_back(label);
        return;
    }
    // Reservoir sampling: every example trained on has the same chance to be kept.
    std::uniform_int_distribution<std::int64_t> pick(0, m_poolSeen - 1);
    if (const auto j = static_cast<std::size_t>(pick(m_reservoir)); j < kReplayMemory) {
        m_pool[j] = std::move(sequence);
        m_poolLabels[j] = label;
    }
}

StreamArrival StreamFeed::take(std::vector<StreamRow> rows, std::int64_t step, bool consumed)
{
    StreamArrival a;
    a.step = step;
    a.time = nowSeconds();
    a.rows = static_cast<std::int64_t>(rows.size());
    a.resumed = consumed;
    std::set<std::string> files;
    for (auto& r : rows) {
        const auto row = m_arrived++;
        files.insert(r.file);
        if (r.file != a.file) {
            a.file = r.file;
            a.firstLine = r.line;
        }
        a.lastLine = r.line;
        int label = -1;
        if (!m_languageModel) {
            const auto it = m_classIndex.find(r.label);
            if (it == m_classIndex.end()) {
                ++a.unknownLabel;
                if (m_newLabels[r.label]++ == 0) {
                    a.newLabels.push_back(r.label);
                    m_messages.push_back(fmt::format(
                        "a new label '{}' arrived ({}{}): the classifier has {} classes, so rows with it are counted, "
                        "not trained on; start a new run on the data to learn it",
                        r.label, r.file, r.line > 0 ? fmt::format(" line {}", r.line) : std::string(), m_classes.size()));
                }
                continue;
            }
            label = it->second;
        }
        auto sequences = encode(r.text);
        if (heldOut(m_config.train.seed, row, m_config.data.validationFraction)) {
            ++a.heldOut;
            for (auto& s : sequences) {
                if (m_newest.size() < kNewestWindow) {
                    m_newest.push_back(std::move(s));
                    if (!m_languageModel)
                        m_newestLabels.push_back(label);
                } else {
                    const auto at = static_cast<std::size_t>(m_newestNext);
                    m_newest[at] = std::move(s);
                    if (!m_languageModel)
                        m_newestLabels[at] = label;
                    m_newestNext = (m_newestNext + 1) % static_cast<std::int64_t>(kNewestWindow);
                }
            }
        } else if (consumed) {
            for (auto& s : sequences)
                addToPool(std::move(s), label);
        } else {
            for (auto& s : sequences)
                m_queue.push_back({row, std::move(s), label});
        }
    }
    if (!consumed && !rows.empty())
        m_lastArrival = Clock::now();
    a.files = static_cast<std::int64_t>(files.size());
    a.totalRows = m_arrived;
    a.queued = static_cast<std::int64_t>(m_queue.size());
    return a;
}

std::optional<StreamArrival> StreamFeed::poll(std::int64_t step, bool force)
{
    const auto now = Clock::now();
    if (!force && now - m_lastPoll < kPollInterval)
        return std::nullopt;
    m_lastPoll = now;
    auto rows = m_follower.poll();
    if (rows.empty())
        return std::nullopt;
    return take(std::move(rows), step, false);
}

bool StreamFeed::ready() const
{
    const auto want = freshPerBatch(m_config.train.batchSize, m_config.data.replay);
    return m_queue.size() >= want || (!m_queue.empty() && secondsSinceArrival() >= kSettleSeconds);
}

double StreamFeed::secondsSinceArrival() const
{
    return std::chrono::duration<double>(Clock::now() - m_lastArrival).count();
}

std::vector<Sequence> StreamFeed::batch(std::int64_t step, int batchSize, std::vector<std::int64_t>& labels)
{
    const double replay = m_config.data.replay;
    const auto want = freshPerBatch(batchSize, replay);
    const auto fresh = std::min(m_queue.size(), want);
    const auto size = static_cast<std::size_t>(batchSize);
    std::size_t replayed = 0;
    if (replay > 0 && !m_pool.empty()) {
        replayed = fresh >= want ? size - fresh
                                 : static_cast<std::size_t>(std::llround(static_cast<double>(fresh) * replay / (1 - replay)));
        replayed = std::min(replayed, size > fresh ? size - fresh : 0);
    }
    std::vector<Sequence> out;
    out.reserve(fresh + replayed);
    labels.clear();
    // Drawn before this batch's new examples join the pool: a function of (seed, step).
    std::mt19937_64 rng(m_config.train.seed * 1000003ULL + static_cast<std::uint64_t>(step) * 7 + 3);
    std::uniform_int_distribution<std::size_t> pick(0, m_pool.empty() ? 0 : m_pool.size() - 1);
    for (std::size_t i = 0; i < replayed; ++i) {
        const auto j = pick(rng);
        out.push_back(m_pool[j]);
        labels.push_back(m_poolLabels[j]);
    }
    for (std::size_t i = 0; i < fresh; ++i) {
        auto item = std::move(m_queue.front());
        m_queue.pop_front();
        out.push_back(item.sequence);
        labels.push_back(item.label);
        m_lastTakenWindows = item.row == m_lastTakenRow ? m_lastTakenWindows + 1 : 1;
        m_lastTakenRow = item.row;
        addToPool(std::move(item.sequence), item.label);
        ++m_freshTrained;
    }
    if (m_languageModel)
        labels.clear();
    return out;
}

double StreamFeed::forgetting(double value, bool lowerIsBetter)
{
    if (!m_haveBest || (lowerIsBetter ? value < m_best : value > m_best)) {
        m_best = value;
        m_haveBest = true;
    }
    return lowerIsBetter ? value - m_best : m_best - value;
}

std::int64_t StreamFeed::unknownLabelRows() const
{
    std::int64_t n = 0;
    for (const auto& [label, rows] : m_newLabels)
        n += rows;
    return n;
}

std::vector<std::string> StreamFeed::takeMessages()
{
    return std::exchange(m_messages, {});
}

std::string StreamFeed::stateJson() const
{
    nlohmann::json j;
    j["initial_rows"] = m_initial.size();
    j["consumed_rows"] = consumedRows();
    // Windows of the row at the queue's front already trained (a language model's long row).
    j["consumed_windows"] = !m_queue.empty() && m_queue.front().row == m_lastTakenRow ? m_lastTakenWindows : 0;
    j["fresh_trained"] = m_freshTrained;
    j["files"] = m_follower.filesTaken();
    j["best"] = m_best;
    j["have_best"] = m_haveBest;
    if (!m_headHash.empty()) {
        j["head_bytes"] = m_headBytes;
        j["head_hash"] = m_headHash;
    }
    return j.dump();
}

std::string StreamFeed::summaryJson() const
{
    nlohmann::json j;
    j["initial_rows"] = m_initial.size();
    j["arrived_rows"] = m_arrived;
    j["new_examples_trained"] = m_freshTrained;
    j["queued"] = m_queue.size();
    j["newest_held_out"] = m_newest.size();
    j["replay"] = m_config.data.replay;
    if (!m_newLabels.empty())
        j["new_labels"] = m_newLabels;
    return j.dump();
}

}  // namespace lathe
