// GUI responsiveness while training at full speed, and training throughput with the
// workbench open against lathe-cli on the same configuration, in the same process run.
//
//   build/dev/bench/lathe-bench-gui [--steps N] [--threads T] [--repeats R] [--cli PATH]
//
// The event-loop delay is the lateness of a 10 ms precise timer on the GUI thread while
// the Live panel draws the run. GUI and CLI runs alternate so drift on a shared machine
// hits both alike; the reported ratio is the median of the per-pair ratios. Each GUI run
// starts once the window has settled after opening the dataset; the GUI thread's CPU share
// is reported for the run and, before it, for the probe alone.
#include "live/LivePanel.h"
#include "main/MainWindow.h"
#include "data/DataPanel.h"
#include "store/RunStore.h"
#include "training/TrainingPanel.h"
#include "training/TrainingSession.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDockWidget>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>
#include <cstdio>
#include <vector>

#include <sys/resource.h>
#include <time.h>

namespace {

// The probe's period; lateness is measured against it.
constexpr int kProbeMs = 10;
// How long the window settles after opening the dataset, and how long the probe then runs
// idle before the run starts.
constexpr int kSettleMs = 1500;
constexpr int kIdleMs = 1000;

double percentile(std::vector<double> v, double q)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, std::size_t(q * double(v.size())))];
}

// CPU seconds of the calling thread, and of this process (all its threads) or its waited-for children.
double threadCpuSeconds()
{
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return double(t.tv_sec) + double(t.tv_nsec) / 1e9;
}

double usageCpuSeconds(int who)
{
    rusage u{};
    getrusage(who, &u);
    return double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct GuiResult {
    double tokensPerSecond = 0;
    double seconds = 0;
    double guiThreadCpu = 0;  // CPU seconds the GUI thread used while the run trained
    double processCpu = 0;    // and the whole process (training threads included)
    double wall = 0;
    double idleGuiThreadShare = 0;  // the GUI thread's CPU share with only the probe running
    std::vector<double> latenessMs;
    QString configJson;
};

GuiResult trainInGui(const QString& db, int steps, int threads)
{
    lathe::gui::MainWindow window(db);
    window.resize(1400, 900);
    window.show();
    QEventLoop loop;
    QObject::connect(window.dataPanel(), &lathe::gui::DataPanel::datasetChanged, &loop, &QEventLoop::quit);
    window.openDataset(QStringLiteral(LATHE_SOURCE_SAMPLE_DIR "/topics.csv"));
    loop.exec();
    window.trainingPanel()->setSteps(steps);
    window.trainingPanel()->setThreads(threads);

    GuiResult r;
    QElapsedTimer clock;
    qint64 last = -1;
    QTimer probe;
    probe.setTimerType(Qt::PreciseTimer);
    probe.setInterval(kProbeMs);
    QObject::connect(&probe, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        if (last >= 0)
            r.latenessMs.push_back(std::max(0.0, double(now - last) / 1e6 - kProbeMs));
        last = now;
    });
    auto* session = window.trainingPanel()->session();
    QObject::connect(session, &lathe::gui::TrainingSession::finished, &loop, &QEventLoop::quit);
    clock.start();
    // Let the window settle first, as it has by the time a person presses Train: opening
    // the dataset leaves drawing and profiling on the GUI thread for a second or so. Then the
    // probe alone, idle, to know what it costs the GUI thread by itself.
    QTimer::singleShot(kSettleMs, &loop, &QEventLoop::quit);
    loop.exec();
    const double idleCpu0 = threadCpuSeconds();
    probe.start();
    QTimer::singleShot(kIdleMs, &loop, &QEventLoop::quit);
    loop.exec();
    probe.stop();
    r.idleGuiThreadShare = (threadCpuSeconds() - idleCpu0) / (kIdleMs / 1000.0);
    r.latenessMs.clear();
    last = -1;
    const double guiCpu0 = threadCpuSeconds(), processCpu0 = usageCpuSeconds(RUSAGE_SELF);
    QElapsedTimer run;
    run.start();
    probe.start();
    window.trainingPanel()->startTraining();
    loop.exec();
    probe.stop();
    r.guiThreadCpu = threadCpuSeconds() - guiCpu0;
    r.processCpu = usageCpuSeconds(RUSAGE_SELF) - processCpu0;
    r.wall = double(run.nsecsElapsed()) / 1e9;
    const auto& o = session->outcome();
    r.tokensPerSecond = o.tokensPerSecond;
    r.seconds = o.seconds;
    r.configJson = QString::fromStdString(window.store()->run(o.runId)->configJson);
    return r;
}

double trainInCli(const QString& cli, const QString& configJson, const QString& dir, double* seconds, double* cpu)
{
    const QString configPath = dir + QStringLiteral("/bench-config.json");
    QFile f(configPath);
    f.open(QIODevice::WriteOnly);
    f.write(configJson.toUtf8());
    f.close();
    QProcess p;
    const double cpu0 = usageCpuSeconds(RUSAGE_CHILDREN);
    p.start(cli, {QStringLiteral("train"), QStringLiteral("--config"), configPath, QStringLiteral("--db"),
                  dir + QStringLiteral("/cli.db"), QStringLiteral("--json")});
    p.waitForFinished(-1);
    *cpu = usageCpuSeconds(RUSAGE_CHILDREN) - cpu0;
    const auto lines = p.readAllStandardOutput().trimmed().split('\n');
    const auto j = QJsonDocument::fromJson(lines.back()).object();
    *seconds = j.value(QStringLiteral("seconds")).toDouble();
    return j.value(QStringLiteral("tokens_per_s")).toDouble();
}

}  // namespace

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("lathe-bench-gui"));
    QStandardPaths::setTestModeEnabled(true);  // leave the user's workbench settings alone

    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption steps(QStringLiteral("steps"), QStringLiteral("Training steps per run"), QStringLiteral("n"), QStringLiteral("300"));
    QCommandLineOption threads(QStringLiteral("threads"), QStringLiteral("Compute threads"), QStringLiteral("n"), QStringLiteral("2"));
    QCommandLineOption repeats(QStringLiteral("repeats"), QStringLiteral("GUI/CLI pairs"), QStringLiteral("n"), QStringLiteral("2"));
    QCommandLineOption cli(QStringLiteral("cli"), QStringLiteral("lathe-cli to compare with"), QStringLiteral("path"),
                           QCoreApplication::applicationDirPath() + QStringLiteral("/../app/lathe-cli"));
    parser.addOptions({steps, threads, repeats, cli});
    parser.process(app);

    QTemporaryDir dir;
    std::vector<double> lateness, ratios, idleShares;
    std::printf("%-6s %12s %12s %8s %10s %10s %9s %9s %9s\n", "pair", "gui tok/s", "cli tok/s", "ratio", "p50 ms",
                "p99 ms", "gui-thr %", "gui cpu", "cli cpu");
    for (int i = 0; i < parser.value(repeats).toInt(); ++i) {
        const auto gui = trainInGui(dir.filePath(QStringLiteral("gui.db")), parser.value(steps).toInt(),
                                    parser.value(threads).toInt());
        double cliSeconds = 0, cliCpu = 0;
        const double cliRate = trainInCli(parser.value(cli), gui.configJson, dir.path(), &cliSeconds, &cliCpu);
        const double ratio = cliRate > 0 ? gui.tokensPerSecond / cliRate : 0;
        ratios.push_back(ratio);
        idleShares.push_back(gui.idleGuiThreadShare);
        lateness.insert(lateness.end(), gui.latenessMs.begin(), gui.latenessMs.end());
        // gui-thr %: the GUI thread's CPU time as a share of the run's wall time; gui/cli cpu: CPU
        // seconds of the whole GUI process during its run and of the lathe-cli process.
        std::printf("%-6d %12.0f %12.0f %8.3f %10.2f %10.2f %9.1f %9.1f %9.1f\n", i + 1, gui.tokensPerSecond, cliRate,
                    ratio, percentile(gui.latenessMs, 0.5), percentile(gui.latenessMs, 0.99),
                    100.0 * gui.guiThreadCpu / std::max(gui.wall, 1e-9), gui.processCpu, cliCpu);
    }
    std::printf("\nevent-loop delay over %zu samples: p50 %.2f ms, p99 %.2f ms, max %.2f ms\n", lateness.size(),
                percentile(lateness, 0.5), percentile(lateness, 0.99), percentile(lateness, 1.0));
    std::printf("GUI thread's CPU share with the probe alone, before each run (median): %.1f%%\n",
                100.0 * percentile(idleShares, 0.5));
    std::printf("GUI/CLI throughput ratio (median of %zu pairs): %.3f\n", ratios.size(), percentile(ratios, 0.5));
    return 0;
}
