#pragma once
// Colour maps for heatmaps: a sequential one for probabilities, a diverging one for
// differences. 256-entry lookup tables, so painting a cell is one array read.
#include <QColor>
#include <QVector>
#include <QtGlobal>

namespace lathe::gui {

enum class ColourScale { Sequential, Diverging };

// Sequential: dark violet to yellow (viridis-like); diverging: blue, white, red.
const QVector<QRgb>& colourTable(ColourScale scale);
// `value` in [lo, hi] (sequential) or [-hi, hi] (diverging) to a colour.
QRgb colourFor(ColourScale scale, float value, float hi);

}  // namespace lathe::gui
