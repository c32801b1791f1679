#pragma once
// A training listener that asks for a stop when a given step is reached (called on the
// training thread), for tests of stopping and resuming.
#include "train/Training.h"

#include <cstdint>

namespace lathe::test {

class StopAt : public TrainingListener {
public:
    StopAt(TrainingControl& c, std::int64_t step) : m_control(c), m_step(step) {}
    void onProgress(std::int64_t step, std::int64_t, double) override
    {
        if (step == m_step)
            m_control.requestStop();
    }

private:
    TrainingControl& m_control;
    std::int64_t m_step;
};

}  // namespace lathe::test
