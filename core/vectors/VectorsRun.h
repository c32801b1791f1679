#pragma once
// A word-vector training kept as a run: the text loaded like any dataset, the run recorded in the
// experiment store (kind "word-vectors", the method as its model), its loss, rate and words per
// second logged as metrics, the vectors kept beside it (vectors.txt, word2vec's text format).
#include "store/RunStore.h"
#include "train/Training.h"
#include "vectors/Word2Vec.h"

#include <atomic>
#include <functional>
#include <string>

namespace lathe {

struct VectorsRunRequest {
    VectorsConfig config;
    std::string dataPath;
    std::string format = "auto";     // auto | csv | tsv | jsonl | folder | text
    std::string textColumn = "text";
    bool replaceInvalidUtf8 = false;
    std::string name, tags;
    RunStore* store = nullptr;
    std::function<void(const VectorsProgress&)> onProgress;  // on the calling thread
    const std::atomic<bool>* stop = nullptr;                 // set: stop after the current report
    // The workbench's seam, as a model run's (TrainRequest): started (total = words over all
    // epochs), the metrics as they are written, progress in words; pause, resume and stop.
    TrainingListener* listener = nullptr;
    TrainingControl* control = nullptr;
};

struct VectorsRunOutcome {
    std::int64_t runId = 0;
    RunStatus status = RunStatus::Completed;
    std::int64_t vocabulary = 0;
    std::int64_t rawWords = 0, keptWords = 0, effectiveWords = 0;
    std::int64_t wordsDone = 0;  // kept words passed over, all epochs (the run's steps)
    double wordsPerSecond = 0;  // effective words per second over the whole run
    double seconds = 0;
    double loss = 0;
    std::string vectorsPath;    // the run's vectors.txt
    WordVectors vectors;
};

// Throws DataError/UserError for bad data or settings before any run is recorded.
VectorsRunOutcome trainVectorsRun(const VectorsRunRequest& request);

// The vectors file run `runId` left (its vectors.txt); empty when it has none (not a vectors run,
// or one that did not finish).
std::string runVectorsPath(const RunStore& store, std::int64_t runId);

// Those vectors; throws UserError when the run has none.
WordVectors loadRunVectors(const RunStore& store, std::int64_t runId);

}  // namespace lathe
