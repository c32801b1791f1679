// The Studies panel at 10,000 synthetic trials (issue 15: "interactive at 10,000 trials").
// Builds a study of N trials in a temporary database (70% complete with 10 evaluations each, 25%
// pruned after 1-3, 5% failed; five parameters, one conditional), then times, on the GUI thread:
// reading it from the store, showing it (every view rebuilt), painting each view, brushing the
// parallel coordinates, and the importance computed off the GUI thread. Beside it, the reference
// the intermediate-values chart's cap replaces: Qt Charts with one series per trial.
//
//   QT_QPA_PLATFORM=offscreen build/dev/bench/lathe-bench-studies [trials] [reference-trials]
#include "kernels/Cpu.h"
#include "store/RunStore.h"
#include "studies/ParallelCoordinates.h"
#include "studies/StudiesPanel.h"
#include "studies/StudyCharts.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QElapsedTimer>
#include <QLineSeries>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QValueAxis>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

using namespace lathe;
using namespace lathe::gui;

namespace {
double ms(const QElapsedTimer& t) { return static_cast<double>(t.nsecsElapsed()) / 1e6; }

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

std::int64_t makeStudy(RunStore& store, int trials)
{
    StudyRecord s;
    s.name = "bench";
    s.metric = "val/accuracy";
    s.direction = "maximize";
    s.sampler = "tpe";
    s.pruner = "median";
    s.spaceJson = R"({"lr": {"type": "float", "low": 1e-5, "high": 1e-1, "log": true},
                      "dropout": {"type": "float", "low": 0, "high": 0.5},
                      "layers": {"type": "int", "low": 1, "high": 6},
                      "model": {"type": "categorical", "choices": ["transformer", "bilstm"]},
                      "heads": {"type": "categorical", "choices": [2, 4, 8], "when": {"model": "transformer"}}})";
    const auto id = store.createStudy(s);
    std::mt19937_64 rng(5);
    std::uniform_real_distribution<double> u(0, 1);
    for (int n = 0; n < trials; ++n) {
        const double lr = std::pow(10.0, -5 + 4 * u(rng)), dropout = 0.5 * u(rng);
        const int layers = 1 + int(6 * u(rng));
        const bool transformer = u(rng) < 0.5;
        std::string params = fmt::format(R"({{"lr": {}, "dropout": {}, "layers": {}, "model": "{}")", lr, dropout,
                                         layers, transformer ? "transformer" : "bilstm");
        if (transformer)
            params += fmt::format(R"(, "heads": {})", 2 << int(3 * u(rng)));
        params += "}";
        TrialRecord t;
        t.studyId = id;
        t.number = n;
        t.paramsJson = params;
        const auto tid = store.createTrial(t);
        const double quality = std::exp(-std::pow(std::log10(lr) + 2.5, 2)) * (1 - dropout * 0.3);
        const double r = u(rng);
        const int evals = r < 0.70 ? 10 : r < 0.95 ? 1 + int(3 * u(rng)) : 0;
        double v = 0;
        for (int e = 1; e <= evals; ++e) {
            v = 0.25 + 0.7 * quality * (1 - std::exp(-0.4 * e)) + 0.02 * u(rng);
            store.addTrialValue(tid, e * 30, v);
        }
        if (evals == 10)
            store.finishTrial(tid, "complete", v, 300, Message());
        else if (evals > 0)
            store.finishTrial(tid, "pruned", v, evals * 30, Message());
        else
            store.finishTrial(tid, "failed", std::nullopt, 0, Message());
    }
    store.flush();
    return id;
}

// Median of `reps` full paints of `w` (grab() renders the widget and its children).
double paintMs(QWidget& w, int reps = 5)
{
    std::vector<double> times;
    for (int i = 0; i < reps; ++i) {
        QElapsedTimer t;
        t.start();
        const auto image = w.grab();
        times.push_back(ms(t));
    }
    return median(times);
}
}  // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    const int trials = argc > 1 ? std::atoi(argv[1]) : 10000;
    const int referenceTrials = argc > 2 ? std::atoi(argv[2]) : 2000;
    std::printf("CPU: %s; ISA %s\n", kernels::cpuModelName().c_str(), kernels::isaName(kernels::activeIsa()));
    QTemporaryDir dir;
    RunStore store(dir.filePath(QStringLiteral("bench.db")).toStdString());
    QElapsedTimer t;
    t.start();
    const auto id = makeStudy(store, trials);
    std::printf("study of %d trials written in %.0f ms\n", trials, ms(t));

    t.restart();
    const auto records = store.trials(id);
    std::printf("store.trials(): %.1f ms for %zu trials\n", ms(t), records.size());

    StudiesPanel panel;
    panel.resize(1200, 900);
    panel.show();
    QApplication::processEvents();
    std::vector<double> shows;
    for (int i = 0; i < 3; ++i) {
        t.restart();
        panel.setStore(&store);  // reads the studies and shows the newest: every view rebuilt
        shows.push_back(ms(t));
    }
    std::printf("open the study (read + rebuild every view), median of 3: %.0f ms\n", median(shows));
    t.restart();
    while (panel.importancePending()) {
        QApplication::processEvents(QEventLoop::AllEvents, 10);
    }
    std::printf("importance (PED-ANOVA, worker thread) ready %.0f ms after the last open\n", ms(t));

    const char* names[] = {"history", "intermediate values", "parallel coordinates", "importance", "slices", "trials"};
    for (int i = 0; i < panel.views()->count(); ++i) {
        panel.views()->setCurrentIndex(i);
        QApplication::processEvents();
        std::printf("paint %-22s %7.1f ms\n", names[i], paintMs(*panel.views()->currentWidget()));
    }
    // Brushing: set a range on the objective axis, repaint.
    auto* parallel = panel.parallelCoordinates();
    panel.views()->setCurrentWidget(parallel);
    std::vector<double> brushes;
    for (int i = 0; i < 5; ++i) {
        t.restart();
        parallel->setBrush(int(parallel->axisNames().size()) - 1, 0.5 + 0.05 * i, 1.0);
        const auto image = parallel->grab();
        brushes.push_back(ms(t));
    }
    std::printf("brush the objective axis + repaint: %.1f ms (median of 5; %d of %d trials left)\n", median(brushes),
                parallel->selectedCount(), parallel->trialCount());
    // Pictures to look at, when asked for.
    if (const auto shots = qEnvironmentVariable("LATHE_SCREENSHOT_DIR"); !shots.isEmpty()) {
        parallel->grab().save(shots + QStringLiteral("/bench-studies-parallel.png"));
        panel.views()->setCurrentWidget(panel.intermediateChart());
        panel.intermediateChart()->grab().save(shots + QStringLiteral("/bench-studies-intermediate.png"));
        panel.views()->setCurrentWidget(panel.historyChart());
        panel.historyChart()->grab().save(shots + QStringLiteral("/bench-studies-history.png"));
        panel.views()->setCurrentWidget(parallel);
    }

    // The reference: Qt Charts with one line series per trial's curve.
    const auto curves = std::min<std::size_t>(std::size_t(referenceTrials), records.size());
    t.restart();
    QChartView view;
    auto* chart = new QChart;
    chart->legend()->hide();
    view.setChart(chart);
    view.resize(1100, 500);
    auto* x = new QValueAxis, *y = new QValueAxis;
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (std::size_t i = 0; i < curves; ++i) {
        if (records[i].intermediate.empty())
            continue;
        auto* s = new QLineSeries;
        for (const auto& [step, v] : records[i].intermediate)
            s->append(double(step), v);
        chart->addSeries(s);
        s->attachAxis(x);
        s->attachAxis(y);
    }
    x->setRange(0, 300);
    y->setRange(0, 1);
    const double build = ms(t);
    std::printf("reference: Qt Charts, one series per trial, %zu trials: build %.0f ms, paint %.0f ms\n", curves, build,
                paintMs(view, 3));
    panel.views()->setCurrentWidget(panel.intermediateChart());
    std::printf("ours: intermediate chart capped at 300 curves of %zu: paint %.1f ms\n", records.size(),
                paintMs(*panel.intermediateChart(), 3));
    return 0;
}
