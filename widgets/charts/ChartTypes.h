#pragma once
// What a metric chart draws (full-resolution samples) and how (shared display options).
#include <QColor>
#include <QString>
#include <QVector>

namespace lathe::gui {

struct MetricSample {
    double step = 0;
    double wallTime = 0;  // seconds since the Unix epoch
    double value = 0;
};
using MetricSeries = QVector<MetricSample>;

enum class XAxisKind { Step, Epoch, WallTime, RelativeTime };

struct ChartOptions {
    double smoothing = 0.6;  // EMA weight, capped below 1
    bool logX = false;
    bool logY = false;
    XAxisKind x = XAxisKind::Step;
    bool showRaw = true;   // the unsmoothed curve, faint, behind the smoothed one
    bool showBand = false; // min/max envelope of the raw curve
    bool stepsAreWords = false;  // a word-vectors run counts its progress in words, not steps

    bool operator==(const ChartOptions&) const = default;
};

struct CurveStyle {
    QString label;
    QColor color;
    bool smooth = true;       // validation curves with few points read better unsmoothed
    double epochPerStep = 0;  // for the epoch axis; 0 when unknown
    double startTime = 0;     // for relative time; 0: the first sample's time
};

// Distinct, colour-blind-friendly colours (Tableau 10), one per curve or run.
QColor curveColor(int index);

}  // namespace lathe::gui
