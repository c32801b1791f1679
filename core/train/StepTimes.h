#pragma once
// Where a training step's time goes, summed over the run and reported per step (milliseconds)
// in the run's summary as "step_ms": data, forward (with the loss), backward, optimizer (with
// clipping) and logging. Evaluation and checkpoints are not part of a step.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>

namespace lathe {

struct StepTimes {
    using Time = std::chrono::steady_clock::time_point;
    double data = 0, forward = 0, backward = 0, optimizer = 0, logging = 0;
    std::int64_t steps = 0;

    void add(Time start, Time dataDone, Time forwardDone, Time backwardDone, Time optimizerDone, Time end)
    {
        const auto s = [](Time a, Time b) { return std::chrono::duration<double>(b - a).count(); };
        data += s(start, dataDone);
        forward += s(dataDone, forwardDone);
        backward += s(forwardDone, backwardDone);
        optimizer += s(backwardDone, optimizerDone);
        logging += s(optimizerDone, end);
        ++steps;
    }

    nlohmann::json toJson() const
    {
        const double k = steps > 0 ? 1000.0 / static_cast<double>(steps) : 0.0;
        return {{"data", data * k},         {"forward", forward * k}, {"backward", backward * k},
                {"optimizer", optimizer * k}, {"logging", logging * k}, {"steps", steps}};
    }
};

}  // namespace lathe
