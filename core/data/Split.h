#pragma once
#include "data/TextDataset.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lathe {

struct SplitOptions {
    double validationFraction = 0.1;
    double testFraction = 0.1;
    std::uint64_t seed = 1;
};

// Indices into a TextDataset for each split.
struct DataSplit {
    std::vector<std::size_t> train, validation, test;
};

// Per class, shuffles with the seed and takes the validation and test shares (each class
// keeps at least one training example); unlabelled corpora are split without strata.
// The training examples a run with `limit` (DataConfig::trainLimit; 0: all) trains on: a seeded
// random subset of `train` (which is sorted by position in the file, often grouped by class), sorted.
std::vector<std::size_t> limitedTraining(std::vector<std::size_t> train, int limit, std::uint64_t seed);

DataSplit splitDataset(const TextDataset& ds, const SplitOptions& options);

// Content hash of the texts and labels together with the options that shaped them.
std::string datasetFingerprint(const TextDataset& ds, const std::string& optionsJson);

}  // namespace lathe
