#pragma once
// Crash points for the fault-injection tests (tests/app/tst_faults.cpp, scripts/fault-inject.sh).
// With LATHE_FAULT_POINT=name, or name@N, in the environment, the Nth time (default: the
// first) this process reaches faultPoint("name") it kills itself with SIGKILL: as a power
// cut or the OOM killer would, with no handler, destructor or flush running. Without the
// variable a fault point costs one load and a compare.
//
// Points: "step" (after backward, before the optimizer step), "evaluation" (after an
// evaluation's first batch), "checkpoint-written" (a checkpoint's temporary file written, not yet
// synced or renamed), "metrics-transaction" (a batch of writes inside its open transaction).
namespace lathe {

void faultPoint(const char* name);

}  // namespace lathe
