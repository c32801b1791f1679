#include "kernels/Threads.h"

#include "kernels/Cpu.h"
#include "kernels/Parallel.h"

#include <dlfcn.h>
#include <malloc.h>
#include <fmt/format.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <strings.h>
#include <thread>

namespace lathe::kernels {

namespace {
// OpenBLAS's control functions, looked up in the process (LibTorch links it; no link-time
// dependency of ours, and a build on the reference BLAS simply has none).
template <typename F>
F openblas(const char* name)
{
    return reinterpret_cast<F>(dlsym(RTLD_DEFAULT, name));
}
}  // namespace

std::string blasCore()
{
    auto name = openblas<char* (*)()>("openblas_get_corename");
    return name ? std::string(name()) : std::string();
}

bool blasKernelsFit(const std::string& core)
{
    // OpenBLAS's x86-64 kernels that use AVX-512, and those that use AVX2 and FMA. On an AVX-512
    // CPU only the first fit: 0.3.21 runs an AMD EPYC of family 26 (AVX-512 on full-width units)
    // with its Haswell kernels at 96-102 GFLOP/s on one core, and its SkylakeX ones at 162-186
    // (this model's shapes and 1024^3, measured 2026-12-06).
    static const char* const kAvx512Cores[] = {"SkylakeX", "Cooperlake", "SapphireRapids"};
    static const char* const kAvx2Cores[] = {"Haswell", "Zen"};
    const auto named = [&](const auto& cores) {
        return std::any_of(std::begin(cores), std::end(cores),
                           [&](const char* c) { return strcasecmp(c, core.c_str()) == 0; });
    };
    switch (detectedIsa()) {
    case Isa::Avx512: return named(kAvx512Cores);
    case Isa::Avx2: return named(kAvx512Cores) || named(kAvx2Cores);
    case Isa::Scalar: break;
    }
    return true;
}

std::string useFittingBlasKernels()
{
    static const std::string core = [] {
        auto quit = openblas<void (*)()>("gotoblas_dynamic_quit");
        auto init = openblas<void (*)()>("gotoblas_dynamic_init");
        const std::string now = blasCore();
        // Only a DYNAMIC_ARCH OpenBLAS can switch; the user's own choice stands.
        if (now.empty() || !quit || !init || std::getenv("OPENBLAS_CORETYPE") || blasKernelsFit(now))
            return now;
        // gotoblas_dynamic_init reads OPENBLAS_CORETYPE once the core is cleared; the variable is
        // removed again so child processes detect for themselves.
        setenv("OPENBLAS_CORETYPE", detectedIsa() == Isa::Avx512 ? "SkylakeX" : "Haswell", 1);
        quit();
        init();
        unsetenv("OPENBLAS_CORETYPE");
        return blasCore();
    }();
    return core;
}

int availableCores()
{
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0)
        return std::max(1, CPU_COUNT(&set));
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

void retainFreedMemory()
{
    static const bool once = [] {
        // A training step allocates and frees the same large activations every step. By default
        // glibc returns freed memory at the top of the heap to the OS (trim) and serves large
        // blocks by mmap, so every step page-faults its activations in again, zero-filled: 20%
        // of a step on the benchmark model. Keep up to 1 GiB of freed heap for reuse instead,
        // and take blocks up to glibc's 32 MiB mmap limit from the heap.
        mallopt(M_MMAP_THRESHOLD, 32 << 20);
        mallopt(M_TRIM_THRESHOLD, 1 << 30);
        mallopt(M_TOP_PAD, 64 << 20);
        return true;
    }();
    (void)once;
}

int applyComputeThreads(int threads)
{
    retainFreedMemory();
    useFittingBlasKernels();
    const int n = threads > 0 ? threads : availableCores();
    if (at::get_num_threads() != n)
        at::set_num_threads(n);
    if (auto set = openblas<void (*)(int)>("openblas_set_num_threads"))
        set(n);
    return n;
}

int thisThreadsNice()
{
    return getpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)));
}

bool lowerThisThreadsPriority()
{
    const auto tid = static_cast<id_t>(syscall(SYS_gettid));
    return setpriority(PRIO_PROCESS, tid, std::min(19, thisThreadsNice() + kBackgroundNice)) == 0;
}

int blasThreads()
{
    auto get = openblas<int (*)()>("openblas_get_num_threads");
    return get ? get() : 0;
}

int kernelLoopThreads()
{
    std::atomic<int> highest{0};
    parallelFor(0, 1 << 16, 1, [&](std::int64_t, std::int64_t) {
        const int id = at::get_thread_num() + 1;
        int seen = highest.load();
        while (id > seen && !highest.compare_exchange_weak(seen, id)) {
        }
    });
    return highest.load();
}

std::string blasSummary()
{
    auto config = openblas<char* (*)()>("openblas_get_config");
    auto parallel = openblas<int (*)()>("openblas_get_parallel");
    if (!config)
        return "reference BLAS (no OpenBLAS loaded: matmuls ~30x slower)";
    const int mode = parallel ? parallel() : -1;
    const char* kind = mode == 0 ? "sequential" : mode == 1 ? "pthread" : mode == 2 ? "openmp" : "unknown threading";
    return fmt::format("{} ({}, {} threads, {} kernels)", config(), kind, blasThreads(), blasCore());
}

}  // namespace lathe::kernels
