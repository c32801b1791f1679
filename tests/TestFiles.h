#pragma once
// Helpers for tests that need real files in a temporary directory.
#include <QDir>
#include <QFileInfo>
#include <QFile>
#include <QString>
#include <QTemporaryDir>

#include <string>

namespace lathe::test {

inline std::string writeFile(const QTemporaryDir& dir, const QString& name, const QByteArray& bytes)
{
    const QString path = dir.filePath(name);
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(bytes);
    return path.toStdString();
}

inline std::string writeFile(const QTemporaryDir& dir, const char* name, const QByteArray& bytes)
{
    return writeFile(dir, QString::fromUtf8(name), bytes);
}

inline std::string sourcePath(const char* relative)
{
    return std::string(LATHE_SOURCE_DIR) + "/" + relative;
}

}  // namespace lathe::test

// Core enums compare by name, so a failing QCOMPARE prints "stopped" vs "completed".
#include "data/TextDataset.h"
#include "store/RunRecord.h"
namespace lathe::test {
inline QString name(DataFormat f) { return QString::fromStdString(lathe::toString(f)); }
inline QString name(RunStatus s) { return QString::fromStdString(lathe::toString(s)); }
}  // namespace lathe::test
