#pragma once
// Shared by the widget tests: the bundled sample and a small, quick model configuration.
#include "TestFiles.h"
#include "train/RunConfig.h"

#include <QString>

namespace lathe::test {

inline QString sampleDataset()
{
    return QString::fromStdString(sourcePath("resources/sample/topics.csv"));
}

inline RunConfig quickConfig(std::int64_t steps)
{
    RunConfig c;
    c.data.path = sourcePath("resources/sample/topics.csv");
    c.model.width = 32;
    c.model.heads = 2;
    c.model.layers = 1;
    c.model.feedForward = 64;
    c.model.maxLength = 24;
    c.train.maxSteps = steps;
    c.train.evalEvery = 10;
    c.train.threads = 1;
    c.train.learningRate = 3e-3;
    return c;
}

}  // namespace lathe::test
