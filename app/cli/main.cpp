// lathe-cli: the engine without a GUI, for sweeps on servers. See --help.
#include "cli/Commands.h"
#include "kernels/Gemm.h"
#include "kernels/Threads.h"

#include <cstdio>

int main(int argc, char** argv)
{
    // Before any thread exists, so every thread inherits it: training takes SIGINT/SIGTERM in
    // one watcher thread (TrainCommand.cpp); other commands get them back below.
    const sigset_t interrupts = lathe::cli::interruptSignals();
    ::pthread_sigmask(SIG_BLOCK, &interrupts, nullptr);
    // Before any matrix product: OpenBLAS's kernels for this CPU (kernels/Threads.h).
    lathe::kernels::useFittingBlasKernels();
    lathe::kernels::capGemmIsa();
    CLI::App app{"Lathe: train small language models and take them apart, headless.\n"
                 "Exit status: 0 completed, 2 bad input or usage, 3 diverged, 1 anything else."};
    app.set_version_flag("--version", std::string("lathe-cli ") + LATHE_VERSION);
    app.require_subcommand(1);
    std::function<int()> run;
    lathe::cli::addTrain(app, run);
    lathe::cli::addDistill(app, run);
    lathe::cli::addEval(app, run);
    lathe::cli::addRuns(app, run);
    lathe::cli::addExport(app, run);
    lathe::cli::addGenerate(app, run);
    lathe::cli::addData(app, run);
    lathe::cli::addAttention(app, run);
    lathe::cli::addProject(app, run);
    lathe::cli::addCompress(app, run);
    lathe::cli::addSystem(app, run);
    lathe::cli::addScore(app, run);
    lathe::cli::addTranslate(app, run);
    lathe::cli::addStudy(app, run);
    lathe::cli::addVectors(app, run);
    lathe::cli::addVae(app, run);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : lathe::cli::kExitBadInput;
    }
    // Training, a study's coordinator and its workers take SIGINT/SIGTERM on a watcher thread.
    const auto* study = app.get_subcommand("study");
    const bool studyRuns = study->got_subcommand("run") || study->got_subcommand("worker");
    if (!app.got_subcommand("train") && !app.got_subcommand("distill") && !studyRuns)
        ::pthread_sigmask(SIG_UNBLOCK, &interrupts, nullptr);
    return run ? run() : lathe::cli::kExitBadInput;
}
