// The embedding projector at 20,000 points, each measured beside a reference in the same run:
//  - ScatterView paint and hover lookup vs a Qt Charts QScatterSeries of the same points;
//  - Barnes-Hut t-SNE (theta 0.5) vs the same code with theta 0 (exact repulsion) on fewer points.
//   build/dev/bench/lathe-bench-projector [points] [tsne-points] [iterations] [threads]
#include "inspect/Projection.h"
#include "projector/ScatterView.h"
#include "train/Training.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QImage>
#include <QPainter>
#include <QScatterSeries>

#include <algorithm>
#include <cstdio>
#include <random>
#include <vector>

using namespace lathe;
using namespace lathe::gui;

namespace {
double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

double ms(const QElapsedTimer& t) { return static_cast<double>(t.nsecsElapsed()) / 1e6; }

// `n` points in `dim` dimensions around 10 cluster centres.
EmbeddingTable clusters(int n, int dim, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    std::normal_distribution<float> noise(0, 1);
    EmbeddingTable t;
    t.rows = n;
    t.dim = dim;
    for (int i = 0; i < n; ++i) {
        for (int d = 0; d < dim; ++d)
            t.values.push_back(noise(rng) + (d == i % 10 ? 8.0f : 0.0f));
        t.labels.push_back(std::to_string(i));
    }
    return t;
}

double tsneSeconds(const EmbeddingTable& t, double theta, int iterations)
{
    TsneOptions o;
    o.theta = theta;
    o.iterations = iterations;
    QElapsedTimer timer;
    timer.start();
    projectTsne(t, o);
    return ms(timer) / 1000;
}
}  // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    const int n = argc > 1 ? std::atoi(argv[1]) : 20000;
    const int tsneN = argc > 2 ? std::atoi(argv[2]) : 2000;
    const int iterations = argc > 3 ? std::atoi(argv[3]) : 300;
    const int threads = argc > 4 ? std::atoi(argv[4]) : 0;
    setComputeThreads(threads);  // 0: all cores

    std::mt19937_64 rng(1);
    std::normal_distribution<float> g(0, 1);
    std::vector<float> xy(static_cast<std::size_t>(2 * n));
    for (auto& v : xy)
        v = g(rng);
    QStringList labels;
    std::vector<int> classes;
    for (int i = 0; i < n; ++i) {
        labels.append(QString::number(i));
        classes.push_back(i % 4);
    }
    ScatterView view;
    view.resize(900, 700);
    view.setPoints(xy, labels);
    view.setClasses(classes, {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")});
    std::vector<double> paint, hover, chart;
    for (int r = 0; r < 9; ++r) {
        QImage image(view.size(), QImage::Format_ARGB32_Premultiplied);
        QElapsedTimer t;
        t.start();
        view.render(&image);
        paint.push_back(ms(t));
    }
    std::uniform_real_distribution<double> px(20, 700), py(20, 680);
    for (int r = 0; r < 2000; ++r) {
        const QPointF p(px(rng), py(rng));
        QElapsedTimer t;
        t.start();
        volatile int hit = view.pointAt(p);
        (void)hit;
        hover.push_back(ms(t));
    }
    QChart* c = new QChart;
    auto* series = new QScatterSeries;
    series->setMarkerSize(4);
    QList<QPointF> points;
    for (int i = 0; i < n; ++i)
        points.append({xy[2 * static_cast<std::size_t>(i)], xy[2 * static_cast<std::size_t>(i) + 1]});
    series->replace(points);
    c->addSeries(series);
    c->createDefaultAxes();
    QChartView chartView(c);
    chartView.resize(900, 700);
    for (int r = 0; r < 3; ++r) {
        QImage image(chartView.size(), QImage::Format_ARGB32_Premultiplied);
        QPainter p(&image);
        QElapsedTimer t;
        t.start();
        chartView.render(&p);
        chart.push_back(ms(t));
    }
    std::printf("scatter of %d points (900 x 700)\n", n);
    std::printf("  ScatterView paint: %.1f ms median; hover lookup: %.3f ms median, %.3f ms max\n", median(paint),
                median(hover), *std::max_element(hover.begin(), hover.end()));
    std::printf("  QChartView + QScatterSeries paint: %.1f ms median (ratio %.0fx)\n", median(chart),
                median(chart) / median(paint));

    const auto small = clusters(tsneN, 64, 2);
    const double bh = tsneSeconds(small, 0.5, iterations), exact = tsneSeconds(small, 0.0, iterations);
    std::printf("t-SNE, %d points x 64 dims, %d iterations\n", tsneN, iterations);
    std::printf("  Barnes-Hut (theta 0.5): %.2f s; exact repulsion (theta 0): %.2f s; ratio %.1fx\n", bh, exact, exact / bh);
    const auto big = clusters(n, 64, 3);
    std::printf("t-SNE, %d points x 64 dims, %d iterations, theta 0.5: %.1f s\n", n, iterations,
                tsneSeconds(big, 0.5, iterations));
    return 0;
}
