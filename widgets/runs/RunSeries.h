#pragma once
// A recorded run's metric histories, read from the store in the charts' form.
#include "charts/ChartTypes.h"

#include <QHash>
#include <QString>

namespace lathe {
class RunStore;
}

namespace lathe::gui {

// Every logged point of run `runId`, by metric key.
QHash<QString, MetricSeries> loadRunSeries(const RunStore& store, qint64 runId);
// Epochs per step from the run's train/epoch series; 0 when it has none yet.
double epochPerStep(const MetricSeries& epochs);

}  // namespace lathe::gui
