#pragma once
#include "util/Message.h"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace lathe {

enum class RunStatus { Running, Completed, Stopped, Failed, Diverged, Crashed };

std::string toString(RunStatus s);
RunStatus runStatusFromString(const std::string& s);

struct RunRecord {
    std::int64_t id = 0;
    std::string name;
    double created = 0;    // seconds since the Unix epoch
    double finished = 0;   // 0 while running
    double heartbeat = 0;
    RunStatus status = RunStatus::Running;
    std::string kind;      // classifier | language-model | seq2seq
    std::string model;     // the family: transformer, gpt, mlm, bilstm, lstm, fasttext, seq2seq, lstm-seq2seq
    std::string configJson;
    std::string dataset;   // path of the dataset
    std::string datasetFingerprint;
    std::int64_t parameters = 0;
    std::string tags;      // comma separated
    std::string notes;
    std::int64_t parentId = 0;  // 0 when none
    std::string host;
    std::int64_t pid = 0;
    std::int64_t steps = 0;
    Message message;         // why it stopped, diverged or failed (english() for lathe-cli)
    std::string summaryJson; // final validation metrics
};

struct MetricPoint {
    std::string key;  // e.g. train/loss, val/accuracy
    std::int64_t step = 0;
    double wallTime = 0;
    double value = 0;
};

struct Artifact {
    std::int64_t id = 0;
    std::int64_t runId = 0;
    std::string kind;  // checkpoint | snapshot (model-only, kept along the way) | tokenizer
    std::string path;
    std::string hash;
    std::int64_t bytes = 0;
    std::int64_t step = 0;
};

struct EvaluationRecord {
    std::int64_t runId = 0;
    std::int64_t step = 0;
    std::string split;  // validation | test | a dataset path
    std::string reportJson;
    double created = 0;
};

// A compression sweep over one run (kind "svd"); its settings, spectra and reference point
// are JSON as core/compress writes them.
struct SweepRecord {
    std::int64_t id = 0;
    std::int64_t runId = 0;
    std::string kind;
    std::string settingsJson;
    std::string spectraJson = "[]";
    std::string referenceJson = "{}";
    std::string status;  // running | completed | cancelled | failed
    double seconds = 0;
    double created = 0;
};

struct SweepPointRecord {
    std::int64_t id = 0;
    std::int64_t sweepId = 0;
    std::string pointJson;
    std::int64_t savedRunId = 0;  // the run this point was saved as; 0 when not saved
};

// The experiment database cannot be opened, read or written.
class StoreError : public std::runtime_error, public HasMessage {
public:
    explicit StoreError(Message message)
        : std::runtime_error(message.english()), m_message(std::move(message)) {}
    const Message& message() const override { return m_message; }

private:
    Message m_message;
};

double nowSeconds();
std::string hostName();

}  // namespace lathe
