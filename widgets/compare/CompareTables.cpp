#include "compare/CompareTables.h"

#include "report/RunReports.h"

#include <QFile>
#include <QTableWidget>

namespace lathe::gui {

void fillTable(QTableWidget& table, const QList<ComparedRun>& runs, const QStringList& keys,
               const std::function<QString(const ComparedRun&, const QString&)>& cell)
{
    table.clear();
    table.setRowCount(int(keys.size()));
    table.setColumnCount(int(runs.size()));
    QStringList headers;
    for (const auto& r : runs)
        headers << QStringLiteral("#%1 %2").arg(r.id).arg(r.name);
    table.setHorizontalHeaderLabels(headers);
    table.setVerticalHeaderLabels(keys);
    for (int row = 0; row < keys.size(); ++row)
        for (int col = 0; col < runs.size(); ++col)
            table.setItem(row, col, new QTableWidgetItem(cell(runs[col], keys[row])));
}

namespace {

QString csvField(const QString& s)
{
    return QString::fromStdString(lathe::csvField(s.toStdString()));
}

}  // namespace

bool writeTableCsv(const QTableWidget& table, const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return false;
    QStringList header{QStringLiteral("key")};
    for (int c = 0; c < table.columnCount(); ++c)
        header << csvField(table.horizontalHeaderItem(c)->text());
    QByteArray out = header.join(QLatin1Char(',')).toUtf8() + '\n';
    for (int r = 0; r < table.rowCount(); ++r) {
        QStringList row{csvField(table.verticalHeaderItem(r)->text())};
        for (int c = 0; c < table.columnCount(); ++c)
            row << csvField(table.item(r, c) ? table.item(r, c)->text() : QString());
        out += row.join(QLatin1Char(',')).toUtf8() + '\n';
    }
    return file.write(out) == out.size() && file.flush();
}

}  // namespace lathe::gui
