#pragma once
// Shared by the widget tests: the bundled sample and a small, quick model configuration.
#include "QuickConfig.h"

#include <QString>

namespace lathe::test {

inline QString sampleDataset()
{
    return QString::fromStdString(sourcePath("resources/sample/topics.csv"));
}

}  // namespace lathe::test
