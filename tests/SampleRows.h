#pragma once
// The bundled sample's data rows as CSV lines, for tests that grow a followed file
// (DataConfig::follow) while a run trains.
#include "TestFiles.h"

#include <QByteArray>
#include <QFile>
#include <QList>
#include <QString>

namespace lathe::test {

// resources/sample/topics.csv's data rows (no header), one line each, without line breaks.
inline const QList<QByteArray>& sampleRows()
{
    static const QList<QByteArray> rows = [] {
        QFile f(QString::fromStdString(sourcePath("resources/sample/topics.csv")));
        f.open(QIODevice::ReadOnly);
        auto lines = f.readAll().split('\n');
        lines.removeFirst();
        while (!lines.isEmpty() && lines.last().isEmpty())
            lines.removeLast();
        return lines;
    }();
    return rows;
}

// Rows [from, from + count) of the sample, each ending in a line break, after `header`.
inline QByteArray sampleCsv(int from, int count, const QByteArray& header = "text,label\n")
{
    QByteArray out = header;
    for (int i = from; i < from + count; ++i)
        out += sampleRows()[i] + '\n';
    return out;
}

// Appends to a file, as a writer adding to a followed file does.
inline bool appendTo(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::Append) && f.write(bytes) == bytes.size();
}

}  // namespace lathe::test
