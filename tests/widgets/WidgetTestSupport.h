#pragma once
// Shared by the widget tests: the bundled sample and a small, quick model configuration.
#include "QuickConfig.h"

#include <QString>
#include <QTest>
#include <QWidget>

namespace lathe::test {

inline QString sampleDataset()
{
    return QString::fromStdString(sourcePath("resources/sample/topics.csv"));
}

// Saves a picture of `w` when LATHE_SCREENSHOT_DIR is set, for looking at the real thing.
inline void screenshot(QWidget& w, const QString& name)
{
    const auto dir = qEnvironmentVariable("LATHE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QTest::qWait(100);  // let deferred layout requests settle first
    w.grab().save(dir + QLatin1Char('/') + name + QStringLiteral(".png"));
}

}  // namespace lathe::test

#include <QSettings>
#include <QStandardPaths>

namespace lathe::test {

// Widget tests read and write QSettings; keep them away from the user's own.
inline void isolateSettings()
{
    QStandardPaths::setTestModeEnabled(true);
    QSettings().clear();
}

}  // namespace lathe::test
