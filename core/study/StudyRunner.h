#pragma once
// The coordinator of a hyperparameter study (issue 15): it samples each trial's values, runs the
// trial (a test function in this process, or training in a `lathe-cli study worker` process),
// asks the pruner after each evaluation, and is the only writer of the study's rows. Resuming a
// study rebuilds the sampler from the stored trials and runs the trials a dead coordinator left
// running again. Torch-free; the workbench runs it on a worker thread, lathe-cli on its own.
#include "store/StudyRecord.h"
#include "train/RunConfig.h"

#include <stop_token>
#include <string>

namespace lathe {
class RunStore;
}

namespace lathe::study {

struct StudySettings {
    // Name, space, metric or objective, direction, sampler, pruner, seed, budget and workers.
    StudyRecord study;
    RunConfig fixed;              // every trial's settings before its values go in (training studies)
    std::string workerProgram;    // lathe-cli, to run training trials
    int threadsPerWorker = 0;     // 0: the cores shared out between the workers
    int retries = 0;              // a trial whose worker died is tried again this many times
    double stopGraceSeconds = 30; // after a stop, a worker still running this long is killed
};

class StudyListener {
public:
    virtual ~StudyListener() = default;
    // Called on the coordinator's thread each time a trial starts, reports or ends.
    virtual void onTrial(const TrialRecord& trial) {}
    // Once the study's settings are known (stored ones when resuming).
    virtual void onStudyStarted(const StudyRecord& study) {}
};

struct StudyOutcome {
    std::int64_t studyId = 0;
    std::string status;  // completed | stopped | failed
    Message message;
};

// Creates the study, or with `resume` goes on with the stored one of the same name (its stored
// settings win, except the budget and the workers given now). Throws UserError for bad settings
// and StoreError when the name is taken (without `resume`) or another process runs the study.
StudyOutcome runStudy(RunStore& store, StudySettings settings, bool resume, StudyListener* listener,
                      std::stop_token stop);

// The value a study minimizes (the metric negated when it maximizes); nullopt stays nullopt.
std::optional<double> minimized(const StudyRecord& study, std::optional<double> value);

}  // namespace lathe::study
