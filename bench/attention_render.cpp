// How long a 512 x 512 attention map takes to draw, side by side with the reference the
// issue rules out: one QGraphicsRectItem per cell in a QGraphicsScene. Both render into an
// image of the same size in the same run; the ratio is what to read, not the seconds.
//   build/dev/bench/lathe-bench-attention [size] [repeats]
#include "attention/AttentionHeatmap.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QImage>
#include <QPainter>

#include <algorithm>
#include <cstdio>
#include <vector>

using lathe::SquareMap;
using namespace lathe::gui;

namespace {
double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
}  // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int n = argc > 1 ? std::atoi(argv[1]) : 512;
    const int repeats = argc > 2 ? std::atoi(argv[2]) : 9;
    SquareMap m(n);
    for (int q = 0; q < n; ++q)
        for (int k = 0; k <= q; ++k)
            m.at(q, k) = static_cast<float>((q * 7 + k * 13) % n) / static_cast<float>(n * (q + 1));
    QStringList tokens;
    for (int i = 0; i < n; ++i)
        tokens.append(QStringLiteral("tok%1").arg(i));

    AttentionHeatmap view;
    view.resize(900, 900);
    std::vector<double> lathe, build, scene;
    for (int r = 0; r < repeats; ++r) {
        QElapsedTimer t;
        t.start();
        view.setMap(m, tokens, true, ColourScale::Sequential, QStringLiteral("bench"));
        QImage image(view.size(), QImage::Format_ARGB32_Premultiplied);
        view.render(&image);
        lathe.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
        build.push_back(view.imageBuildMilliseconds());
    }
    for (int r = 0; r < std::max(1, repeats / 3); ++r) {
        QElapsedTimer t;
        t.start();
        QGraphicsScene s;
        const float hi = 1.0f;
        for (int q = 0; q < n; ++q)
            for (int k = 0; k < n; ++k) {
                auto* item = s.addRect(k, q, 1, 1, Qt::NoPen, QColor::fromRgb(colourFor(ColourScale::Sequential, m.at(q, k), hi)));
                item->setToolTip(QString());
            }
        QImage image(QSize(900, 900), QImage::Format_ARGB32_Premultiplied);
        QPainter p(&image);
        s.render(&p);
        scene.push_back(static_cast<double>(t.nsecsElapsed()) / 1e6);
    }
    std::printf("attention map %d x %d, median of %d (reference: median of %zu)\n", n, n, repeats, scene.size());
    std::printf("  AttentionHeatmap (QImage): %.1f ms per set+paint, of which %.1f ms building the image\n",
                median(lathe), median(build));
    std::printf("  QGraphicsScene, one item per cell: %.1f ms per build+paint\n", median(scene));
    std::printf("  ratio reference / Lathe: %.0fx\n", median(scene) / median(lathe));
    return 0;
}
