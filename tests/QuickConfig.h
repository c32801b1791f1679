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

}  // namespace lathe::test
