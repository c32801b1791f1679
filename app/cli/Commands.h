#pragma once
// lathe-cli subcommands. Exit codes: 0 completed, 2 bad input or usage, 3 diverged, 1 other.
#include <CLI/CLI.hpp>

#include "store/RunStore.h"
#include "train/RunConfig.h"
#include "vae/VaeRun.h"

#include <csignal>
#include <functional>
#include <thread>

namespace lathe::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitOther = 1;
inline constexpr int kExitBadInput = 2;
inline constexpr int kExitDiverged = 3;

// SIGINT and SIGTERM: blocked in every thread while training, taken by its watcher thread.
inline sigset_t interruptSignals()
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

// Takes SIGINT/SIGTERM (blocked in every thread by main()) on one thread and calls `onSignal`
// once. (With a handler the signal landed on any thread, and tst_faults saw heap corruption in 3
// of 10 stops under load.)
inline std::jthread signalWatcher(std::function<void()> onSignal)
{
    return std::jthread([onSignal = std::move(onSignal)](std::stop_token st) {
        const sigset_t set = interruptSignals();
        const timespec tick{0, 100'000'000};
        while (!st.stop_requested())
            if (::sigtimedwait(&set, nullptr, &tick) > 0) {
                onSignal();
                return;
            }
    });
}

// Each adds its subcommand to `app`; `run` is set to the action of the one chosen.
void addTrain(CLI::App& app, std::function<int()>& run);
void addDistill(CLI::App& app, std::function<int()>& run);
void addEval(CLI::App& app, std::function<int()>& run);
void addRuns(CLI::App& app, std::function<int()>& run);
void addExport(CLI::App& app, std::function<int()>& run);
void addGenerate(CLI::App& app, std::function<int()>& run);
void addData(CLI::App& app, std::function<int()>& run);
void addAttention(CLI::App& app, std::function<int()>& run);
void addProject(CLI::App& app, std::function<int()>& run);
void addCompress(CLI::App& app, std::function<int()>& run);
void addSystem(CLI::App& app, std::function<int()>& run);
void addScore(CLI::App& app, std::function<int()>& run);
void addTranslate(CLI::App& app, std::function<int()>& run);
void addVectors(CLI::App& app, std::function<int()>& run);
void addVae(CLI::App& app, std::function<int()>& run);
// train --model vae: the VAE's own flags, and the run (VaeCommand.cpp).
void addVaeTrainingFlags(CLI::App* sub, lathe::VaeConfig& vae);
int runVaeTrain(CLI::App& sub, const lathe::RunConfig& config, lathe::VaeConfig vae, const std::string& tags,
                lathe::RunStore& store, bool json, bool quiet);

// Runs `body`; an exception becomes a message on stderr naming the command, and an exit
// code: 2 for bad input (data, database, settings), 1 for anything else.
int reportErrors(const char* command, const std::function<int()>& body);

// Opens the store and runs `body`, turning errors into messages and exit codes.
int withStore(const std::string& db, const char* command, const std::function<int(lathe::RunStore&)>& body);
lathe::RunRecord requireRun(lathe::RunStore& store, std::int64_t id);
// The run's latest checkpoint (after checking the run exists).
std::string checkpointOf(lathe::RunStore& store, std::int64_t id);

// The data, model and training flags of `train` (with --seed) and `study run` (--train-seed).
void addTrainingFlags(CLI::App* sub, lathe::RunConfig& config, bool seed);
// Copies the flags given on `sub`'s command line from `flags` into `config` (which a config file
// may have filled); without a config file, a plain-text corpus makes the model a language model.
void applyGivenFlags(CLI::App& sub, const lathe::RunConfig& flags, bool hasConfigFile, lathe::RunConfig& config);
void addStudy(CLI::App& app, std::function<int()>& run);

// The --db option every subcommand shares (default: $LATHE_DB or the XDG data directory).
void addDbOption(CLI::App& sub, std::string& db);

}  // namespace lathe::cli
