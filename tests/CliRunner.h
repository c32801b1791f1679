#pragma once
// Runs lathe-cli as a user would, for the tests of its commands (tests/app/).
#include "TestFiles.h"

#include <QProcess>
#include <QString>
#include <QStringList>
#include <nlohmann/json.hpp>

namespace lathe::test {

struct CliResult {
    int exitCode = -1;
    QString out, err;
    // The last line of standard output, parsed (where --json puts its object).
    nlohmann::json lastJson() const
    {
        const auto lines = out.trimmed().split(QLatin1Char('\n'));
        return nlohmann::json::parse(lines.last().toStdString());
    }
};

inline CliResult cli(const QStringList& args, int timeoutMs = 600000)
{
    QProcess p;
    p.start(QStringLiteral(LATHE_CLI), args);
    p.waitForFinished(timeoutMs);
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

// A file of the source tree, e.g. resources/sample/topics.csv.
inline QString sample(const char* relative) { return QString::fromStdString(sourcePath(relative)); }

}  // namespace lathe::test
