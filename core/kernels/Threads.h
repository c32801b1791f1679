#pragma once
// Compute threads. LibTorch's OpenMP pool and OpenBLAS's own pthread pool are two pools; one
// setting governs both, so engine threads plus BLAS threads never exceed what was asked for.
// Torch-free: the workbench and the CLI report it.
#include <string>

namespace lathe::kernels {

// Cores this process may run on (its affinity mask), at least 1.
int availableCores();
// Makes the C allocator keep freed memory for reuse instead of returning it to the OS after
// every step (called by applyComputeThreads; once per process).
void retainFreedMemory();
// Applies `threads` (> 0) to ATen's intra-op pool and to OpenBLAS; 0 means availableCores().
// Returns the count applied.
int applyComputeThreads(int threads);
// The BLAS behind LibTorch's matmul, e.g. "OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen (pthread, 2 threads)",
// or "reference BLAS" when OpenBLAS is not the one loaded.
std::string blasSummary();
// OpenBLAS picks its kernels by CPU model, and 0.3.21 does not know CPUs newer than it: on a Xeon
// of model 207 it falls back to its SSE3 "Prescott" kernels, ~3x slower than the AVX-512 ones on
// the same CPU, and on an AMD EPYC of family 26 to its AVX2 "Haswell" ones, 1.7x slower (every LibTorch matmul not on oneDNN: the LSTM, LAPACK, fallbacks).
// Where the loaded OpenBLAS runs kernels below this CPU's ISA, this re-initialises it with the
// best it has for that ISA (SkylakeX for AVX-512, Haswell for AVX2), as OPENBLAS_CORETYPE would
// at start-up; it does nothing when the user set OPENBLAS_CORETYPE, when OpenBLAS is not loaded or
// already runs fitting kernels. Call before any BLAS work (the mains do; applyComputeThreads does
// once). Returns the kernels OpenBLAS uses afterwards ("" without OpenBLAS).
std::string useFittingBlasKernels();
// The kernels OpenBLAS runs, e.g. "Haswell", "SkylakeX"; "" without OpenBLAS.
std::string blasCore();
// Whether OpenBLAS kernels named `core` (any case) suit this CPU: the AVX-512 ones (SkylakeX,
// Cooperlake, SapphireRapids) on a CPU with AVX-512, those or the AVX2 ones (Haswell, Zen) on one
// with AVX2, anything on one without.
bool blasKernelsFit(const std::string& core);
// For the workbench's training thread: lowers the calling thread's scheduling priority by
// kBackgroundNice (Linux nice is per thread), so that on a machine whose every core trains the
// GUI thread still gets a core when it wakes. Threads created by this thread afterwards,
// OpenMP's pool for its parallel regions included, inherit it; call it first thing in the
// thread. Returns false where the priority could not be changed.
constexpr int kBackgroundNice = 5;
bool lowerThisThreadsPriority();
// The calling thread's nice value.
int thisThreadsNice();
// OpenBLAS's thread count, or 0 when OpenBLAS is not loaded.
int blasThreads();
// How many threads one of the kernels' parallel loops (at::parallel_for compiled in core) runs
// on now: the compute thread count when core is built with OpenMP, 1 when it silently is not.
int kernelLoopThreads();

}  // namespace lathe::kernels
