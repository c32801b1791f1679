#include "compare/RunComparison.h"

#include "runs/RunSeries.h"
#include "store/RunStore.h"
#include "train/RunConfig.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

#include <cmath>

namespace lathe::gui {

QList<ComparedRun> loadComparedRuns(const RunStore& store, const QList<qint64>& ids)
{
    QList<ComparedRun> out;
    for (const auto id : ids) {
        const auto run = store.run(id);
        if (!run)
            continue;
        ComparedRun c;
        c.id = id;
        c.name = QString::fromStdString(run->name);
        c.configJson = QString::fromStdString(run->configJson);
        c.config = flattenConfig(c.configJson);
        // Lineage: the base (or teacher, or swept parent) it came from, and that one's, oldest last.
        QStringList chain;
        for (auto parent = run->parentId; parent > 0 && chain.size() < 8;) {
            const auto p = store.run(parent);
            chain << (p ? QStringLiteral("#%1 %2").arg(parent).arg(QString::fromStdString(p->name))
                        : QStringLiteral("#%1").arg(parent));
            parent = p ? p->parentId : 0;
        }
        if (!chain.isEmpty())
            c.config.insert(QStringLiteral("lineage"), chain.join(QStringLiteral(" ← ")));
        c.metrics = loadRunSeries(store, id);
        c.epochPerStep = epochPerStep(c.metrics.value(QStringLiteral("train/epoch")));
        out << c;
    }
    return out;
}

namespace {

void flatten(const QJsonValue& v, const QString& prefix, QMap<QString, QString>& out)
{
    if (v.isObject()) {
        const auto o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            flatten(it.value(), prefix.isEmpty() ? it.key() : prefix + QLatin1Char('.') + it.key(), out);
    } else if (v.isArray()) {
        out.insert(prefix, QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)));
    } else if (v.isDouble()) {
        out.insert(prefix, QString::number(v.toDouble(), 'g', 10));
    } else if (v.isBool()) {
        out.insert(prefix, v.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
    } else if (v.isNull()) {
        out.insert(prefix, QStringLiteral("null"));
    } else {
        out.insert(prefix, v.toString());
    }
}

}  // namespace

QMap<QString, QString> flattenConfig(const QString& json)
{
    QMap<QString, QString> out;
    flatten(QJsonDocument::fromJson(json.toUtf8()).object(), QString(), out);
    return out;
}

QStringList allKeys(const QList<ComparedRun>& runs)
{
    QMap<QString, bool> keys;  // sorted, unique
    for (const auto& r : runs)
        for (auto it = r.config.begin(); it != r.config.end(); ++it)
            keys.insert(it.key(), true);
    return keys.keys();
}

QStringList differingKeys(const QList<ComparedRun>& runs)
{
    QStringList out;
    for (const auto& key : allKeys(runs)) {
        QSet<QString> values;
        bool missing = false;
        for (const auto& r : runs) {
            if (!r.config.contains(key))
                missing = true;
            else
                values.insert(r.config.value(key));
        }
        if (missing || values.size() > 1)
            out << key;
    }
    return out;
}

QStringList metricKeys(const QList<ComparedRun>& runs)
{
    // The usual metrics first, in reading order; anything else after, sorted.
    static const QStringList preferred{QStringLiteral("train/loss"),   QStringLiteral("val/loss"),
                                       QStringLiteral("val/accuracy"), QStringLiteral("val/macro_f1"),
                                       QStringLiteral("val/perplexity"), QStringLiteral("train/accuracy"),
                                       QStringLiteral("train/lr"),     QStringLiteral("train/tokens_per_s")};
    QMap<QString, bool> present;
    for (const auto& r : runs)
        for (auto it = r.metrics.begin(); it != r.metrics.end(); ++it)
            if (it.key() != QLatin1String("train/epoch"))
                present.insert(it.key(), true);
    QStringList out;
    for (const auto& k : preferred)
        if (present.remove(k))
            out << k;
    return out + present.keys();
}

bool lowerIsBetter(const QString& metricKey) { return lathe::lowerIsBetter(metricKey.toStdString()); }

std::optional<double> metricStatistic(const MetricSeries& series, MetricStatistic statistic, const QString& key, qint64 step)
{
    std::optional<double> out;
    const bool lower = lowerIsBetter(key);
    for (const auto& s : series) {
        if (!std::isfinite(s.value))
            continue;
        switch (statistic) {
        case MetricStatistic::Last: out = s.value; break;
        case MetricStatistic::Best:
            if (!out || (lower ? s.value < *out : s.value > *out))
                out = s.value;
            break;
        case MetricStatistic::Min:
            if (!out || s.value < *out)
                out = s.value;
            break;
        case MetricStatistic::Max:
            if (!out || s.value > *out)
                out = s.value;
            break;
        case MetricStatistic::AtStep:
            if (s.step <= double(step))
                out = s.value;
            break;
        }
    }
    return out;
}

}  // namespace lathe::gui
