#pragma once
// Trials of a study, trained in its own process (`lathe-cli study worker`), and the line
// protocol between it and the study's coordinator. Torch-free.
//
// The coordinator writes one request line (JSON): {"config": <run configuration>, "db": path,
// "metric": "val/accuracy", "tags": "...", "prune": true}. The worker answers with event lines:
//   {"event": "started", "run_id": 12, "total_steps": 300}
//   {"event": "value", "step": 100, "value": 0.71, "final": false}  — then, with "prune" true and
//       "final" false, it waits for a line "continue" or "prune" (end of input counts as "prune")
//   {"event": "progress", "step": 150, "total_steps": 300, "tokens_per_s": 41000}  — about 1 a second
//   {"event": "finished", "status": "completed", "steps": 300, "value": 0.74, "run_id": 12, "message": ""}
// After "finished" the worker reads the next request: one process trains trial after trial, so a
// trial does not pay the ~0.6 s it takes to load LibTorch's libraries (a third of a short
// trial). A trial's run is seeded from its own configuration, so its result does not depend on
// the trials the process ran before. End of input ends the worker.
#include "train/Training.h"

#include <atomic>
#include <iosfwd>

namespace lathe::study {

// Reads requests from `in` until end of input, trains each, writes events to `out`. `terminating`
// (set with control.requestStop() by a SIGTERM handler, in that order) stops the trial running and
// starts no other. Returns lathe-cli's exit code of the last trial: 0 when its run completed (or
// no request came), 2 for a bad request or settings, 1 otherwise (its finished event says why).
int runTrialWorker(std::istream& in, std::ostream& out, TrainingControl& control,
                   const std::atomic<bool>& terminating);

}  // namespace lathe::study
