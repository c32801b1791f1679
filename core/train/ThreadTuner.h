#pragma once
// Chooses the compute thread count while a run trains (--threads 0, the default), by timing
// steps rather than guessing: on a shared machine the best count changes with what else runs
// (with one core busy, two threads wait on each other and one thread is faster).
//
// It times a few steps at each candidate count, keeps the fastest for a while, and tries again
// every `period` steps, or sooner when steps become clearly slower than what was measured.
// Torch-free: the trainer applies the count it returns.
#include <cstdint>
#include <vector>

namespace lathe {

class ThreadTuner {
public:
    struct Settings {
        int maxThreads = 1;
        int stepsPerTrial = 5;       // timed steps per candidate (the first two after a change are not counted)
        std::int64_t period = 300;   // steps between trials
        double slowdown = 1.3;       // retry early when steps get this much slower than the best trial
    };
    explicit ThreadTuner(Settings settings);

    // The thread count to run the coming step with.
    int threads() const { return m_current; }
    // The duration of the step just run with threads(); may change threads() for the next.
    void record(double seconds);
    // Candidate counts, largest first: maxThreads, then halving down to 1.
    const std::vector<int>& candidates() const { return m_candidates; }
    // Trials finished so far (for reporting and tests).
    int trials() const { return m_trials; }

private:
    void startTrial();
    void finishCandidate();

    Settings m_settings;
    std::vector<int> m_candidates;
    int m_current = 1;
    int m_trials = 0;
    // Trial state: which candidate is being timed, its timed steps, each candidate's typical step.
    bool m_inTrial = false;
    std::size_t m_candidate = 0;
    std::vector<double> m_samples;
    std::vector<double> m_typicals;
    int m_skip = 0;
    // Exploit state.
    std::int64_t m_sinceTrial = 0;
    double m_bestTypical = 0;
    std::vector<double> m_recent;
};

}  // namespace lathe
