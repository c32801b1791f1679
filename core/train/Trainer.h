#pragma once
// Internal to core/train (includes LibTorch): one training run from preparation to its end.
#include "data/Split.h"
#include "store/RunStore.h"
#include "train/Batches.h"
#include "train/Checkpoint.h"
#include "train/Evaluation.h"
#include "train/StepTimes.h"
#include "train/StreamFeed.h"
#include "train/ThreadTuner.h"
#include "train/Training.h"
#include "inspect/WordVectors.h"

#include <chrono>
#include <memory>
#include <optional>

namespace lathe {

class Trainer {
public:
    explicit Trainer(const TrainRequest& request);
    // Loads data, builds tokenizer, model and optimizer, opens (or reopens) the run.
    void prepare();
    TrainOutcome run();

private:
    void prepareResume();
    // Loads the teacher run's checkpoint for distillation and adopts its tokenizer settings.
    void prepareTeacher();
    // Loads the base run to fine-tune: its model settings, tokenizer and weights.
    void prepareBase();
    // An encoder–decoder's base: an encoder–decoder trained further, or a masked LM as its encoder.
    void prepareEncoderDecoderBase();
    // Tells the listener when many target tokens are <unk> to the target tokenizer, or targets
    // were cut at the sequence length.
    void warnAboutTargets();
    void makeOptimizer();
    void openRun();
    double learningRate(std::int64_t step) const;
    // Gradual unfreezing: makes the top groups trainable that `step` has reached.
    void unfreezeFor(std::int64_t step);
    std::vector<const Sequence*> batchAt(std::int64_t step, torch::Tensor& labels);
    // Evaluates on the validation split, saves the checkpoint; returns true to stop early.
    bool evaluateAndCheckpoint(std::int64_t step);
    // The same for an encoder–decoder: teacher-forced loss and token accuracy, then the decoded
    // validation targets scored (exact match, error rates, BLEU, chrF).
    bool evaluatePairsAndCheckpoint(std::int64_t step, std::chrono::steady_clock::time_point evalStart);
    // Saves checkpoint and snapshot after an evaluation; true when early stopping says stop.
    bool checkpointAndWatch(std::int64_t step);
    void saveCheckpointAt(std::int64_t step);
    // What is kept and what to do, for messages about a write that failed.
    Message keptCheckpoint() const;
    // A model-only copy for the run's timeline; thins older ones to kSnapshotsKept.
    void keepSnapshot(std::int64_t step);
    // Ends the run after early stopping said so at `step`.
    TrainOutcome stopEarly(std::int64_t step);
    // A followed run (TrainerStream.cpp): reads what arrived (every poll interval, or now with
    // `force`), logs it and tells the listener.
    void pollStream(std::int64_t step, bool force = false);
    void reportArrival(const StreamArrival& arrival);
    // Nothing new to train on: once every queued example was trained, evaluates and checkpoints,
    // says it waits, and returns the run's end when it was idle for DataConfig::followIdle; with
    // a few queued examples short of a batch's share, only waits a moment.
    std::optional<TrainOutcome> waitForData(std::int64_t step, std::int64_t& lastEvaluated);
    // After an evaluation: the newest held-out examples' loss (and accuracy), forgetting, examples seen.
    void evaluateStream(std::int64_t step);
    std::int64_t examplesSeen(std::int64_t step) const;
    // The step count the listener is told: 0 while a followed run has no end in steps.
    std::int64_t reportedTotalSteps() const;
    void log(const std::string& key, std::int64_t step, double value);
    void flushMetrics(bool force);
    TrainOutcome finish(RunStatus status, Message message, std::int64_t steps);

    TrainRequest m_request;
    RunConfig m_config;
    bool m_languageModel = false;
    bool m_pairs = false;  // an encoder–decoder on source–target pairs
    bool m_resumed = false;
    std::shared_ptr<const TextDataset> m_data;
    DataSplit m_split;
    std::shared_ptr<const Tokenizer> m_tokenizer;
    std::shared_ptr<const Tokenizer> m_targetTokenizer;  // an encoder–decoder's own target tokenizer
    std::vector<std::string> m_classes;
    std::shared_ptr<const EncodedPart> m_train, m_validation;  // shared with a study worker's cache
    SequenceModel m_model;
    std::unique_ptr<torch::optim::Optimizer> m_optimizer;
    std::unique_ptr<CheckpointContents> m_checkpoint;
    std::unique_ptr<CheckpointContents> m_teacher;  // distillation only
    std::unique_ptr<CheckpointContents> m_base;     // fine-tuning only
    std::int64_t m_trainable = 0;                   // parameters the optimizer updates
    bool m_classifierFromLanguageModel = false;     // the base is a language model
    bool m_encoderFromLanguageModel = false;        // an encoder–decoder on a masked LM's trunk
    std::pair<int, int> m_baseTensorsTaken{0, 0};   // weight tensors taken from the base, of all
    // Discriminative rates and gradual unfreezing: layer groups bottom to top (model/Models.h),
    // each an optimizer parameter group trained at the schedule's rate times its scale.
    std::vector<std::vector<torch::Tensor>> m_layerGroups;
    std::vector<double> m_groupScales{1.0};
    int m_unfrozenGroups = -1;

    std::int64_t m_runId = 0;
    std::unique_ptr<RunStore::RunLock> m_lock;
    std::string m_checkpointPath;
    std::int64_t m_parameters = 0;
    // Size report: FLOPs per token and the measured peak memory of a training step.
    std::int64_t m_flopsPerToken = 0;
    std::int64_t m_peakTrainBytes = 0;
    EmbeddingCoverage m_embeddingCoverage;
    std::int64_t m_startStep = 0;
    std::int64_t m_checkpointStep = -1;  // the step of the checkpoint on disk; -1: none yet
    std::int64_t m_stepsPerEpoch = 1;
    std::int64_t m_totalSteps = 0;

    // A run that follows its data (DataConfig::follow): its source, a resumed run's position in it,
    // its steps on the data there at the start, and the current stream batch's examples.
    std::unique_ptr<StreamFeed> m_stream;
    std::string m_streamState;
    std::int64_t m_initialSteps = 0;
    std::vector<Sequence> m_streamBatch;
    std::map<std::string, double> m_lastStream;  // newest_loss, newest_accuracy, forgetting
    bool m_waitAnnounced = false;  // the current wait for data was told
    std::chrono::steady_clock::time_point m_waitingSince;

    // Data order of the current epoch (a shuffle seeded by seed + epoch, so a resumed run
    // sees the same batches it would have seen).
    std::int64_t m_orderEpoch = -1;
    std::vector<std::size_t> m_order;

    std::vector<MetricPoint> m_pending;
    std::chrono::steady_clock::time_point m_lastFlush;
    std::chrono::steady_clock::time_point m_started;
    double m_trainSeconds = 0;
    StepTimes m_stepTimes;
    // The engine this run used: matmul precision ("fp32" | "bf16") and compute threads.
    std::string m_precision = "fp32";
    int m_threads = 1;
    // --threads 0: the count is chosen by timing steps; steps run at each count.
    std::optional<ThreadTuner> m_tuner;
    std::map<int, std::int64_t> m_stepsAtThreads;
    // Inference throughput of the validation passes (tokens without padding per second).
    double m_evalSeconds = 0;
    std::int64_t m_evalTokens = 0;
    std::int64_t m_trainTokens = 0;
    std::map<std::string, double> m_lastValidation;
    std::pair<std::string, std::string> m_lastSignatures;  // BLEU's and chrF's (encoder–decoders)
    double m_best = 0;
    bool m_haveBest = false;
    int m_evalsWithoutImprovement = 0;
};

}  // namespace lathe
