#pragma once
// The kernels' parallel loop: at::parallel_for, whose `#pragma omp parallel` runs the chunks on
// GCC's libgomp. libgomp forks and joins its workers through futex barriers ThreadSanitizer does
// not see, so under the tsan preset every access of a chunk looked as if it raced with the
// thread that started the loop; TSan then spent the training in its race reporting (a 20-step
// training in tst_mainwindow did not finish in 300 s). Built with TSan, this loop tells it what
// libgomp orders: everything before the loop happens before each chunk, and each chunk before
// everything after the loop. Two chunks are not ordered with each other. What the annotations
// cannot reach (ATen's own bookkeeping in the loop) is suppressed (tests/tsan.supp). Elsewhere
// this is at::parallel_for itself.
#include <ATen/Parallel.h>

#include <cstdint>

#if defined(__SANITIZE_THREAD__)
#include <sanitizer/tsan_interface.h>
#endif

namespace lathe::kernels {

template <class F>
void parallelFor(std::int64_t begin, std::int64_t end, std::int64_t grain, const F& chunk)
{
#if defined(__SANITIZE_THREAD__)
    char fork = 0;  // only their addresses are used: TSan's synchronization objects
    char join = 0;
    __tsan_release(&fork);
    at::parallel_for(begin, end, grain, [&](std::int64_t b, std::int64_t e) {
        __tsan_acquire(&fork);
        chunk(b, e);
        __tsan_release(&join);
    });
    __tsan_acquire(&join);
#else
    at::parallel_for(begin, end, grain, chunk);
#endif
}

}  // namespace lathe::kernels
