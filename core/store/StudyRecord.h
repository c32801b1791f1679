#pragma once
// Hyperparameter studies as the experiment database keeps them (issue 15). A study's trials are
// ordinary runs linked to it by run_id (0 for a trial of a test function, which trains nothing).
#include "util/Message.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace lathe {

struct StudyRecord {
    std::int64_t id = 0;
    std::string name;                 // unique in the database
    double created = 0;
    double finished = 0;              // 0 while running or stopped part-way
    std::string status = "running";   // running | completed | stopped | failed
    std::string spaceJson = "{}";     // the search space, as given
    std::string fixedJson = "{}";     // the fixed settings of every trial (a run configuration)
    std::string metric;               // val/accuracy | val/loss | val/macro_f1 | val/perplexity
    std::string objective;            // a test function (branin | hartmann6) instead of training; "" trains
    std::string direction = "minimize";  // maximize | minimize
    std::string sampler;              // grid | random | sobol | tpe | gp
    std::string pruner;               // none | median | asha | hyperband
    std::int64_t seed = 0;
    std::int64_t maxTrials = 0;       // 0: no count limit
    double timeout = 0;               // seconds of wall time, 0: none
    std::int64_t workers = 1;
    std::string host;
    std::int64_t pid = 0;             // the coordinator's
    Message message;                  // why it stopped or failed
};

struct TrialRecord {
    std::int64_t id = 0;
    std::int64_t studyId = 0;
    std::int64_t number = 0;          // 0, 1, … in the order sampled
    std::string state = "running";    // running | complete | pruned | failed
    std::string paramsJson = "{}";
    std::optional<double> value;      // the metric as reported (not negated); none until known
    std::vector<std::pair<std::int64_t, double>> intermediate;  // (step, value) at each evaluation
    std::int64_t runId = 0;
    std::int64_t steps = 0;
    double started = 0;
    double finished = 0;
    std::int64_t attempts = 1;        // more than 1 once re-queued after a crash
    Message message;                  // why it failed or was pruned
};

}  // namespace lathe
