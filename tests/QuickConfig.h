#pragma once
// A small, fast run configuration on the bundled dataset, for tests that train.
#include "TestFiles.h"
#include "train/RunConfig.h"

namespace lathe::test {

inline RunConfig quickConfig(std::int64_t steps, int evalEvery = 20)
{
    RunConfig c;
    c.data.path = sourcePath("resources/sample/topics.csv");
    c.model.width = 32;
    c.model.heads = 2;
    c.model.layers = 1;
    c.model.feedForward = 64;
    c.model.maxLength = 24;
    c.train.maxSteps = steps;
    c.train.evalEvery = evalEvery;
    c.train.threads = 1;
    c.train.learningRate = 3e-3;
    return c;
}

// The same, following `path` as it grows (DataConfig::follow): one epoch on what is there, then
// what arrives, ending after `idle` seconds without data (0: when stopped).
inline RunConfig quickFollowConfig(const std::string& path, double idle)
{
    auto c = quickConfig(0, 10);
    c.data.path = path;
    c.data.follow = true;
    c.data.followIdle = idle;
    c.train.epochs = 1;
    return c;
}

}  // namespace lathe::test
