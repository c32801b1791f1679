#pragma once
// What the Compare panel shows, computed from the store: each run's metric histories,
// its configuration flattened to "section.key" = value, the keys whose values differ,
// and per-metric statistics (last, best, min, max, value at a step).
#include "charts/ChartTypes.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace lathe {
class RunStore;
}

namespace lathe::gui {

struct ComparedRun {
    qint64 id = 0;
    QString name;
    QString configJson;
    QMap<QString, QString> config;           // flattened
    QHash<QString, MetricSeries> metrics;    // by key, full resolution
    double epochPerStep = 0;
};

enum class MetricStatistic { Last, Best, Min, Max, AtStep };

// Reads the runs (in the order given; unknown ids are skipped).
QList<ComparedRun> loadComparedRuns(const RunStore& store, const QList<qint64>& ids);

// {"model": {"width": 128}} -> {"model.width": "128"}.
QMap<QString, QString> flattenConfig(const QString& json);
// Keys whose values are not the same in every run (a key missing from a run differs).
QStringList differingKeys(const QList<ComparedRun>& runs);
QStringList allKeys(const QList<ComparedRun>& runs);
// Metric keys present in any run, in a stable, readable order.
QStringList metricKeys(const QList<ComparedRun>& runs);

// Loss and perplexity are better when lower; everything else when higher.
bool lowerIsBetter(const QString& metricKey);
// Non-finite values are skipped; `step` is used by AtStep (the last value at or before it).
std::optional<double> metricStatistic(const MetricSeries& series, MetricStatistic statistic, const QString& key,
                                      qint64 step = 0);

}  // namespace lathe::gui
