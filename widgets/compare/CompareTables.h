#pragma once
// Filling and saving the Compare panel's tables: one row per key, one column per run.
#include "compare/RunComparison.h"

#include <QString>
#include <QStringList>

#include <functional>

class QTableWidget;

namespace lathe::gui {

void fillTable(QTableWidget& table, const QList<ComparedRun>& runs, const QStringList& keys,
               const std::function<QString(const ComparedRun&, const QString&)>& cell);
// RFC 4180 CSV of the table as shown, header included; false when it cannot be written.
bool writeTableCsv(const QTableWidget& table, const QString& path);

}  // namespace lathe::gui
