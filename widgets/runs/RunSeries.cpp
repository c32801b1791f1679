#include "runs/RunSeries.h"

#include "store/RunStore.h"

namespace lathe::gui {

QHash<QString, MetricSeries> loadRunSeries(const RunStore& store, qint64 runId)
{
    QHash<QString, MetricSeries> series;
    for (const auto& p : store.metrics(runId))
        series[QString::fromStdString(p.key)].append(MetricSample{double(p.step), p.wallTime, p.value});
    return series;
}

double epochPerStep(const MetricSeries& epochs)
{
    return !epochs.isEmpty() && epochs.back().step > 0 ? epochs.back().value / epochs.back().step : 0;
}

}  // namespace lathe::gui
