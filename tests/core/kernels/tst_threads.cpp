// kernels/Threads.h: the workbench's training thread runs below the GUI thread, and so does
// every OpenMP thread its parallel loops use; OpenBLAS runs kernels of this CPU's ISA class;
// oneDNN's bf16 products follow the thread count when it changes.
#include "kernels/Cpu.h"
#include "kernels/Gemm.h"
#include "kernels/Threads.h"

#include <ATen/Parallel.h>
#include <QtTest>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

using namespace lathe;

namespace {
double cpuSeconds(int who)
{
    rusage usage{};
    getrusage(who, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

// CPU time the process's other threads spent while this one ran `work`, as a fraction of this
// thread's own: near 0 when the work ran on this thread alone (0.01-0.08 measured: accounting and
// the pools' idle threads), near 1 when a second thread shared it.
template <class F>
double otherThreadsShare(const F& work)
{
    // A pool thread spins a while at its barrier after its last parallel region: let it sleep.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    const double process0 = cpuSeconds(RUSAGE_SELF), thread0 = cpuSeconds(RUSAGE_THREAD);
    work();
    const double thread = cpuSeconds(RUSAGE_THREAD) - thread0;
    const double others = cpuSeconds(RUSAGE_SELF) - process0 - thread;
    return others / std::max(thread, 1e-9);
}
}  // namespace

class TestThreads : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aLoweredThreadsParallelLoopsRunLoweredToo()
    {
        const int base = kernels::thisThreadsNice();
        if (base + kernels::kBackgroundNice > 19)
            QSKIP("already at the lowest priority");
        const int before = at::get_num_threads();
        std::set<int> loopNices;
        bool lowered = false;
        int threadNice = 0, threadsSeen = 0;
        std::thread([&] {
            lowered = kernels::lowerThisThreadsPriority();
            threadNice = kernels::thisThreadsNice();
            at::set_num_threads(2);
            std::mutex m;
            std::set<int> ids;
            at::parallel_for(0, 2, 1, [&](std::int64_t, std::int64_t) {
                std::lock_guard lock(m);
                ids.insert(at::get_thread_num());
                loopNices.insert(kernels::thisThreadsNice());
            });
            threadsSeen = static_cast<int>(ids.size());
        }).join();
        at::set_num_threads(before);
        QVERIFY(lowered);
        QCOMPARE(threadNice, base + kernels::kBackgroundNice);
        // Two threads ran the loop: the second is a pool thread, not the lowered thread itself.
        QCOMPARE(threadsSeen, 2);
        QCOMPARE(loopNices, (std::set<int>{base + kernels::kBackgroundNice}));
        // The calling (GUI) thread keeps its priority.
        QCOMPARE(kernels::thisThreadsNice(), base);
    }

    void bf16ProductsFollowTheThreadCountBothWays()
    {
        // The trainer's thread tuner changes the count mid-run; a product first made at one count
        // must run at the new one (a kept two-thread product spinning a second thread after the
        // count dropped to one cost a third of the speed with another process on one core).
        constexpr std::int64_t M = 4096, K = 128, N = 384;
        if (!kernels::bf16gemmFits(false, true, M, N, K, K, K, N))
            QSKIP("no bf16 product path on this CPU");
        const std::vector<std::uint16_t> a(M * K, 0x3F00), b(N * K, 0x3E80);
        std::vector<float> c(M * N);
        const auto products = [&] {
            for (int i = 0; i < 40; ++i)
                QVERIFY(kernels::bf16gemm(false, true, M, N, K, a.data(), K, b.data(), K, nullptr, false, c.data(), N));
        };
        const int before = at::get_num_threads();
        at::set_num_threads(1);
        products();  // made at one thread
        at::set_num_threads(2);
        const double atTwo = otherThreadsShare(products);
        at::set_num_threads(1);
        const double atOne = otherThreadsShare(products);
        at::set_num_threads(before);
        QCOMPARE(c[0], 0.5f * 0.25f * K);
        QVERIFY2(atTwo > 0.3, qPrintable(QString::number(atTwo)));
        QVERIFY2(atOne < 0.2, qPrintable(QString::number(atOne)));
    }

    void kernelsBelowTheCpusIsaDoNotFit()
    {
        if (kernels::detectedIsa() == kernels::Isa::Scalar)
            QSKIP("no AVX2 here: any kernels fit");
        QVERIFY(!kernels::blasKernelsFit("Prescott"));
        QVERIFY(!kernels::blasKernelsFit("Sandybridge"));
        QVERIFY(!kernels::blasKernelsFit(""));
        QVERIFY(kernels::blasKernelsFit("skylakex"));
        // AVX2 kernels fit an AVX2 CPU, not an AVX-512 one (1.7x slower there).
        QCOMPARE(kernels::blasKernelsFit("Haswell"), kernels::detectedIsa() == kernels::Isa::Avx2);
        QCOMPARE(kernels::blasKernelsFit("Zen"), kernels::detectedIsa() == kernels::Isa::Avx2);
    }

    void openBlasRunsKernelsThatFitThisCpu()
    {
        const auto core = kernels::useFittingBlasKernels();
        if (core.empty())
            QSKIP("OpenBLAS is not the BLAS loaded");
        if (qEnvironmentVariableIsSet("OPENBLAS_CORETYPE"))
            QSKIP("the user chose OpenBLAS's kernels");
        QVERIFY2(kernels::blasKernelsFit(core), core.c_str());
        QCOMPARE(kernels::blasCore(), core);
    }
};

QTEST_APPLESS_MAIN(TestThreads)
#include "tst_threads.moc"
