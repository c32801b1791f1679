#pragma once
// Internal to core/train (includes LibTorch): the examples of a run that follows its data
// (DataConfig::follow). Rows arriving after the start are split as they come: a deterministic
// share (the validation fraction, by row number) joins a window of the newest held-out examples,
// the rest queue for training; each stream batch takes queued examples, oldest first, and fills
// `replay` of itself from the examples trained on before (a reservoir of up to kReplayMemory).
// The position (rows consumed, files taken) goes into the checkpoint, so a resumed run reads its
// source again, puts what it had consumed back where it was, and goes on from there.
#include "data/Follow.h"
#include "train/Batches.h"
#include "train/Training.h"

#include <chrono>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

namespace lathe {

class StreamFeed {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr std::size_t kReplayMemory = 200000;  // examples kept for replay
    static constexpr std::size_t kNewestWindow = 256;     // newest held-out examples evaluated

    // Reads what the source holds now. `state`: a resumed run's (checkpointStreamState), whose
    // first rows are then the ones its run started from.
    StreamFeed(const RunConfig& config, const LoadOptions& options, bool languageModel, const std::string& state);

    // The rows the run started from, as a dataset (the split, the tokenizer and the classes come from it).
    const TextDataset& initialData() const { return m_initial; }

    // Once tokenizer and classes exist: the initial training examples start the replay pool; rows
    // read after the start are taken in (a resumed run's consumed rows straight back where they were).
    // Returns what arrived while the run was not running (a resumed run's backlog), if anything.
    std::vector<StreamArrival> begin(std::shared_ptr<const Tokenizer> tokenizer, std::vector<std::string> classes,
                                     const EncodedPart& initialTrain, std::int64_t step);

    // Reads the source when the poll interval has passed (or `force`); what arrived, if anything.
    std::optional<StreamArrival> poll(std::int64_t step, bool force = false);

    // Enough queued examples for a batch's new share, or some that waited a while for company.
    bool ready() const;
    std::size_t queued() const { return m_queue.size(); }
    double secondsSinceArrival() const;

    // The next batch (copies): queued examples oldest first, then the replayed share; the queued
    // ones join the replay pool. `labels` empty for a language model.
    std::vector<Sequence> batch(std::int64_t step, int batchSize, std::vector<std::int64_t>& labels);

    // The newest held-out examples (and their labels, for a classifier).
    const std::vector<Sequence>& newest() const { return m_newest; }
    const std::vector<int>& newestLabels() const { return m_newestLabels; }

    // Forgetting: how far `value` of the held-out metric is from its best so far (≥ 0).
    double forgetting(double value, bool lowerIsBetter);

    std::int64_t freshTrained() const { return m_freshTrained; }
    std::int64_t arrivedRows() const { return m_arrived; }
    std::int64_t unknownLabelRows() const;
    // Labels the classifier does not have, with their rows so far.
    const std::map<std::string, std::int64_t>& newLabels() const { return m_newLabels; }
    // Messages owed to the user (a new label, named with its file and line); taken once.
    std::vector<std::string> takeMessages();

    std::string stateJson() const;
    std::string summaryJson() const;

private:
    struct Item {
        std::int64_t row = 0;  // arrival number (0: the first row after the start)
        Sequence sequence;
        int label = -1;
    };
    StreamArrival take(std::vector<StreamRow> rows, std::int64_t step, bool consumed);
    void addToPool(Sequence sequence, int label);
    std::vector<Sequence> encode(const std::string& text) const;
    // Arrival rows settled (trained on, held out or counted): those before the oldest queued one.
    std::int64_t consumedRows() const { return m_queue.empty() ? m_arrived : m_queue.front().row; }

    RunConfig m_config;
    bool m_languageModel = false;
    DataFollower m_follower;
    TextDataset m_initial;
    std::vector<StreamRow> m_backlog;  // rows read before begin()
    std::int64_t m_consumedAtResume = 0;
    std::int64_t m_windowsAtResume = 0;  // of the first row not consumed, windows trained before
    // A followed file's first bytes as the run first read them (their count and hash).
    std::uint64_t m_headBytes = 0;
    std::string m_headHash;

    std::shared_ptr<const Tokenizer> m_tokenizer;
    std::vector<std::string> m_classes;
    std::unordered_map<std::string, int> m_classIndex;
    std::deque<Item> m_queue;
    std::vector<Sequence> m_pool;
    std::vector<int> m_poolLabels;
    std::int64_t m_poolSeen = 0;
    std::mt19937_64 m_reservoir;
    std::vector<Sequence> m_newest;
    std::vector<int> m_newestLabels;
    std::int64_t m_newestNext = 0;  // ring position once the window is full

    std::int64_t m_arrived = 0;       // rows read after the start
    std::int64_t m_freshTrained = 0;  // queued examples trained on
    std::int64_t m_lastTakenRow = -1, m_lastTakenWindows = 0;  // the row of the last example trained on, and its windows so far
    std::map<std::string, std::int64_t> m_newLabels;
    std::vector<std::string> m_messages;
    double m_best = 0;
    bool m_haveBest = false;
    Clock::time_point m_lastPoll{};
    Clock::time_point m_lastArrival = Clock::now();
};

}  // namespace lathe
