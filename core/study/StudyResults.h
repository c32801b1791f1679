#pragma once
// Reading a study's results: its best trial, its JSON for lathe-cli --json, and its trials as
// CSV (Optuna's trials_dataframe). Torch-free.
#include "store/StudyRecord.h"
#include "study/Sampler.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

namespace lathe::study {

// The complete trial with the best value in the study's direction; nullopt when none completed.
std::optional<TrialRecord> bestTrial(const StudyRecord& study, const std::vector<TrialRecord>& trials);

// The stored trials as the samplers and pruners see them (values minimized).
std::vector<Trial> samplerTrials(const StudyRecord& study, const std::vector<TrialRecord>& trials);

// {"study_id", "name", "status", "direction", "metric", "trials": [{number, state, value,
// params, run_id, steps}], "best": {number, value, params, run_id} or null}.
nlohmann::json studyJson(const StudyRecord& study, const std::vector<TrialRecord>& trials);

// number, state, value, duration_s, params_<name>… (sorted by name), run_id; one row per trial.
std::string trialsCsv(const std::vector<TrialRecord>& trials);

TrialState trialStateFromString(const std::string& s);
std::string toString(TrialState s);

}  // namespace lathe::study
