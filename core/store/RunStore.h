#pragma once
#include "store/RunRecord.h"
#include "store/StudyRecord.h"

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

struct sqlite3;

namespace lathe {

// The experiment database. Writes go through one writer thread with its own connection
// and are batched into one transaction per flush; reads use a second connection.
// WAL mode lets the GUI read while a run writes.
class RunStore {
public:
    // Opens (creating if missing) and migrates the database, then marks runs whose
    // process is gone as crashed. Throws StoreError for a newer, corrupted or unreadable
    // database, which is never overwritten.
    explicit RunStore(std::string path);
    ~RunStore();
    RunStore(const RunStore&) = delete;
    RunStore& operator=(const RunStore&) = delete;

    // $LATHE_DB, else $XDG_DATA_HOME/lathe/experiments.db, else ~/.local/share/lathe/experiments.db.
    static std::string defaultPath();

    const std::string& path() const { return m_path; }
    // Checkpoints and tokenizers of run `id` live here, next to the database.
    std::string runDirectory(std::int64_t id) const;
    // Where run `id` keeps its (latest) checkpoint; training writes it, resume and eval read it.
    std::string checkpointPath(std::int64_t id) const;
    // A model-only snapshot training keeps at `step`, so attention can be compared over time.
    std::string snapshotPath(std::int64_t id, std::int64_t step) const;
    // Every checkpoint of run `id` still on disk, by step (snapshots and the latest one).
    std::vector<std::pair<std::int64_t, std::string>> checkpointTimeline(std::int64_t id) const;

    // Held by the training process for the life of a run; the kernel releases it if the
    // process dies, which is how the next open knows the run crashed.
    class RunLock {
    public:
        explicit RunLock(const std::string& path);  // throws StoreError if another process holds it
        ~RunLock();
        RunLock(const RunLock&) = delete;
        RunLock& operator=(const RunLock&) = delete;
        static bool isHeld(const std::string& path);

    private:
        int m_fd = -1;
    };
    std::unique_ptr<RunLock> lockRun(std::int64_t id);

    // --- writes
    // Returns the new id (waits for the write). With `lock`, the run's lock is taken inside the
    // transaction, so no other process ever sees the new run 'running' and unlocked (which the
    // next open would take for a crash).
    std::int64_t createRun(const RunRecord& run, std::unique_ptr<RunLock>* lock = nullptr);
    void appendMetrics(std::int64_t runId, std::vector<MetricPoint> points);  // queued
    void heartbeat(std::int64_t runId, std::int64_t steps);                   // queued
    void finishRun(std::int64_t runId, RunStatus status, const Message& message,
                   const std::string& summaryJson, std::int64_t steps);       // waits
    void setRunning(std::int64_t runId);  // a resumed run is running again
    // Marks run `id` crashed if it is still 'running' and no process holds its lock (a study's
    // coordinator, when a worker died under it); waits.
    void markRunCrashed(std::int64_t runId);
    // Drops metrics logged after `step`, so a run resumed from a checkpoint has one history.
    void truncateMetrics(std::int64_t runId, std::int64_t step);
    void addArtifact(const Artifact& a);  // replaces an earlier artifact with the same path
    void removeArtifact(std::int64_t runId, const std::string& path);  // the row only; waits
    void addEvaluation(const EvaluationRecord& e);
    void updateRunInfo(std::int64_t runId, const std::string& name, const std::string& tags, const std::string& notes);
    void deleteRun(std::int64_t runId);  // rows and the run's files
    // Compression sweeps (store/RunStoreSweeps.cpp).
    std::int64_t createSweep(const SweepRecord& sweep);  // waits; returns the new id
    void setSweepSpectra(std::int64_t sweepId, const std::string& spectraJson, const std::string& referenceJson);
    std::int64_t addSweepPoint(std::int64_t sweepId, const std::string& pointJson);  // waits; returns the id
    void setPointSavedRun(std::int64_t pointId, std::int64_t runId);
    void finishSweep(std::int64_t sweepId, const std::string& status, double seconds);  // waits
    // Hyperparameter studies (store/RunStoreStudies.cpp); their coordinator is the only writer.
    std::int64_t createStudy(const StudyRecord& study);  // waits; StoreError when the name is taken
    // The coordinator's process takes (or takes back) the study: status running, its host and pid,
    // and the budget and workers it runs with now.
    void claimStudy(std::int64_t studyId, std::int64_t maxTrials, double timeout, std::int64_t workers);
    // Status completed | stopped | failed, and why; `finished` stamps the time.
    void finishStudy(std::int64_t studyId, const std::string& status, const Message& message);  // waits
    std::int64_t createTrial(const TrialRecord& trial);  // waits; returns the id
    void setTrialRun(std::int64_t trialId, std::int64_t runId);                        // queued
    void addTrialValue(std::int64_t trialId, std::int64_t step, double value);         // queued
    void finishTrial(std::int64_t trialId, const std::string& state, std::optional<double> value,
                     std::int64_t steps, const Message& message);                      // waits
    // A trial left running by a coordinator that died: running again (attempts + 1, its run and
    // intermediate values let go), so the same values are tried once more.
    void requeueTrial(std::int64_t trialId);                                           // waits
    void deleteStudy(std::int64_t studyId);  // the study and its trials; their runs stay
    // Held by the coordinator while it runs the study (the kernel lets go if it dies).
    std::unique_ptr<RunLock> lockStudy(std::int64_t studyId);
    bool studyLocked(std::int64_t studyId) const;
    void flush();                        // returns once every queued write is committed
    // The first queued write that failed (disk full, I/O error) since the last call; empty
    // while all went in. A writer of metrics checks it, since nobody waits for those writes.
    Message takeWriteFailure();

    // --- reads
    std::vector<RunRecord> listRuns() const;
    std::optional<RunRecord> run(std::int64_t id) const;
    std::vector<MetricPoint> metrics(std::int64_t runId, const std::string& key = {}) const;
    std::vector<std::string> metricKeys(std::int64_t runId) const;
    std::vector<Artifact> artifacts(std::int64_t runId) const;
    // Each run's best value of metric `key` (lowest or highest); runs without it are absent.
    std::map<std::int64_t, double> bestValues(const std::string& key, bool lowest) const;
    std::optional<EvaluationRecord> latestEvaluation(std::int64_t runId, const std::string& split) const;
    std::vector<SweepRecord> sweeps(std::int64_t runId) const;  // newest first
    std::optional<SweepRecord> sweep(std::int64_t sweepId) const;
    std::vector<SweepPointRecord> sweepPoints(std::int64_t sweepId) const;  // in the order evaluated
    std::optional<SweepPointRecord> sweepPoint(std::int64_t pointId) const;

    std::vector<StudyRecord> listStudies() const;  // newest first
    std::optional<StudyRecord> study(std::int64_t studyId) const;
    std::optional<StudyRecord> studyNamed(const std::string& name) const;
    // By number, each with its intermediate values in step order.
    std::vector<TrialRecord> trials(std::int64_t studyId) const;
    // The study and trial number of run `runId` when it was a study's trial.
    std::optional<std::pair<std::int64_t, std::int64_t>> trialOfRun(std::int64_t runId) const;

private:
    class Writer;
    void markDeadRunsCrashed();
    // Only while the run is still 'running': a process that finished it since this one read
    // the runs (and so released its lock) keeps its status.
    void markCrashed(std::int64_t runId);
    void write(std::function<void(sqlite3*)> job, bool wait);

    std::string m_path;
    sqlite3* m_read = nullptr;
    mutable std::unique_ptr<std::mutex> m_readMutex;
    std::unique_ptr<Writer> m_writer;
};

}  // namespace lathe
