#pragma once
// The examples of a run's splits, drawn again exactly as training drew them.
#include "train/RunConfig.h"

#include <string>
#include <vector>

namespace lathe {

struct RunExamples {
    std::vector<std::string> texts;
    std::vector<int> labels;  // class index per text; empty for a corpus
    std::vector<std::string> targets;  // pairs: each text's target (the text is its source)
    std::vector<std::string> classes;
};

enum class SplitPart { Train, Validation, Test };

// Loads the run's dataset with its column settings and splits it with its fractions and
// seed. Throws DataError when the file is gone or changed beyond use.
RunExamples loadRunSplit(const RunConfig& config, SplitPart part);

}  // namespace lathe
