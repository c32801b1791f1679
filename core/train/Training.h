#pragma once
// The engine's training entry point. Torch-free, so widgets/ and app/ can include it.
#include "data/TextDataset.h"
#include "store/RunRecord.h"
#include "train/RunConfig.h"

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lathe {

class TrainingCache;
class RunStore;

// Cooperative pause/resume/stop, safe to call from any thread.
class TrainingControl {
public:
    void pause();
    void resume();
    void requestStop();
    // Running again after a stop: a study worker's next trial after one it pruned.
    void rearm();
    bool paused() const { return m_state.load() == kPaused; }
    bool stopRequested() const { return m_state.load() == kStopping; }
    // Worker side: blocks while paused; returns false once a stop was requested.
    bool waitWhilePaused() const;

private:
    static constexpr int kRunning = 0, kPaused = 1, kStopping = 2;
    std::atomic<int> m_state{kRunning};
};

struct TrainOutcome {
    RunStatus status = RunStatus::Failed;
    std::int64_t runId = 0;
    std::int64_t steps = 0;
    std::int64_t parameters = 0;
    double tokensPerSecond = 0;
    double seconds = 0;
    std::map<std::string, double> validation;  // loss, accuracy, macro_f1 | loss, perplexity
    Message message;  // why it ended, when not simply completed
    std::string checkpoint;
    // With pretrained word vectors: vocabulary entries they initialized, of how many.
    std::size_t embeddingsCovered = 0, embeddingsVocabulary = 0;
};

// Rows that reached a run following its data (DataConfig::follow), as the Data panel lists them.
struct StreamArrival {
    std::int64_t step = 0;          // the training step they arrived at
    double time = 0;                // seconds since the Unix epoch
    std::int64_t rows = 0;          // rows read in this arrival
    std::int64_t heldOut = 0;       // of them kept out of training for the newest-data evaluation
    std::int64_t unknownLabel = 0;  // rows whose label the classifier lacks: counted, not trained on
    std::vector<std::string> newLabels;  // labels first seen in this arrival
    std::string file;                     // where they were read (a folder's: the last file)
    std::int64_t files = 0;               // files they came from
    std::int64_t firstLine = 0, lastLine = 0;  // lines of `file` (0: whole files)
    std::int64_t totalRows = 0;  // rows arrived since the run started following
    std::int64_t queued = 0;     // new examples waiting to be trained on
    bool resumed = false;        // rows a resumed run had already taken before it stopped
};

// Called on the training thread; keep handlers cheap (append to a buffer, notify).
class TrainingListener : public LoadListener {
public:
    virtual void onArrival(const StreamArrival& arrival) {}
    virtual void onStarted(std::int64_t runId, std::int64_t totalSteps, std::int64_t parameters) {}
    virtual void onMetrics(const std::vector<MetricPoint>& points) {}
    virtual void onProgress(std::int64_t step, std::int64_t totalSteps, double tokensPerSecond) {}
    virtual void onMessage(const std::string& message) {}
};

struct TrainRequest {
    RunConfig config;
    RunStore* store = nullptr;       // required
    std::int64_t resumeRunId = 0;    // continue this run from its last checkpoint
    std::int64_t parentRunId = 0;
    std::string tags;
    TrainingListener* listener = nullptr;
    TrainingControl* control = nullptr;
    TrainingCache* cache = nullptr;  // a study worker's: dataset and tokenizer kept between trials
};

// Runs training to completion, stop, divergence or failure, recording everything in the
// store. Throws DataError (bad data or checkpoint) or std::invalid_argument (bad config)
// before a run is created; problems after that end the run as failed.
TrainOutcome train(const TrainRequest& request);

// Parameters the configured model would have, for a live count while settings change.
std::int64_t countParameters(const ModelConfig& config);

// Sets the thread count of the tensor library (0: all cores).
void setComputeThreads(int threads);

}  // namespace lathe
