#include "attention/ColourScale.h"

#include <algorithm>
#include <cmath>

namespace lathe::gui {

namespace {
QVector<QRgb> interpolate(const QVector<QColor>& anchors)
{
    QVector<QRgb> table(256);
    const int segments = static_cast<int>(anchors.size()) - 1;
    for (int i = 0; i < 256; ++i) {
        const double t = i / 255.0 * segments;
        const int s = std::min(segments - 1, static_cast<int>(t));
        const double f = t - s;
        const auto& a = anchors[s];
        const auto& b = anchors[s + 1];
        table[i] = qRgb(static_cast<int>(a.red() + f * (b.red() - a.red())),
                        static_cast<int>(a.green() + f * (b.green() - a.green())),
                        static_cast<int>(a.blue() + f * (b.blue() - a.blue())));
    }
    return table;
}
}  // namespace

const QVector<QRgb>& colourTable(ColourScale scale)
{
    static const QVector<QRgb> sequential = interpolate(
        {QColor(0x44, 0x01, 0x54), QColor(0x3b, 0x52, 0x8b), QColor(0x21, 0x91, 0x8c), QColor(0x5e, 0xc9, 0x62),
         QColor(0xfd, 0xe7, 0x25)});
    static const QVector<QRgb> diverging =
        interpolate({QColor(0x3b, 0x4c, 0xc0), QColor(0xdd, 0xdd, 0xdd), QColor(0xb4, 0x04, 0x26)});
    return scale == ColourScale::Sequential ? sequential : diverging;
}

QRgb colourFor(ColourScale scale, float value, float hi)
{
    const auto& table = colourTable(scale);
    if (!(hi > 0) || !std::isfinite(value))
        return table[scale == ColourScale::Sequential ? 0 : 128];
    const float t = scale == ColourScale::Sequential ? value / hi : 0.5f + 0.5f * value / hi;
    return table[std::clamp(static_cast<int>(t * 255.0f + 0.5f), 0, 255)];
}

}  // namespace lathe::gui
