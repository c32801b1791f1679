#pragma once
// One trial of a study, trained in its own process (`lathe-cli study worker`), and the line
// protocol between it and the study's coordinator. Torch-free.
//
// The coordinator writes one request line (JSON): {"config": <run configuration>, "db": path,
// "metric": "val/accuracy", "tags": "...", "prune": true}. The worker answers with event lines:
//   {"event": "started", "run_id": 12, "total_steps": 300}
//   {"event": "value", "step": 100, "value": 0.71, "final": false}  — then, with "prune" true and
//       "final" false, it waits for a line "continue" or "prune" (end of input counts as "prune")
//   {"event": "progress", "step": 150, "total_steps": 300, "tokens_per_s": 41000}  — about 1 a second
//   {"event": "finished", "status": "completed", "steps": 300, "value": 0.74, "run_id": 12, "message": ""}
#include "train/Training.h"

#include <iosfwd>

namespace lathe::study {

// Reads the request from `in`, trains, writes events to `out`. Returns lathe-cli's exit code:
// 0 when the run completed, 2 for a bad request or settings, 1 otherwise (the finished event
// says why).
int runTrialWorker(std::istream& in, std::ostream& out, TrainingControl& control);

}  // namespace lathe::study
