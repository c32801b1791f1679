#pragma once
// From a study's fixed settings and a trial's values to the trial's run configuration. A search
// space names a setting by its lathe-cli flag (lr, width, heads, layers, ffn, hidden, dropout,
// batch-size, …; '-' or '_' alike) or by its path in a run configuration (train.learningRate).
// Torch-free.
#include "study/SearchSpace.h"
#include "train/RunConfig.h"

#include <optional>
#include <string>
#include <vector>

namespace lathe::study {

// The run-configuration path ("train.learningRate") of a parameter name; nullopt when it names
// no setting.
std::optional<std::string> settingPath(const std::string& name);
// The names settingPath knows as flags, for messages.
std::vector<std::string> settingNames();

// Refuses (UserError, naming `source`) a space with a parameter that is no training setting, or
// one a trial cannot change (the dataset, the seed, the thread count).
void checkTrainingSpace(const SearchSpace& space, const std::string& source);

// The fixed settings as `when` conditions see them: each setting under its flag name and its
// path ({"model": "transformer", "model.family": "transformer", "lr": 0.001, …}).
nlohmann::json conditionSettings(const RunConfig& fixed);

// `fixed` with the trial's values put in; throws UserError when the result is not a valid
// configuration (for example a width the heads do not divide).
RunConfig trialConfig(const RunConfig& fixed, const Assignment& values);

}  // namespace lathe::study
