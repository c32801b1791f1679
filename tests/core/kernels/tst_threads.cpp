// kernels/Threads.h: the workbench's training thread runs below the GUI thread, and so does
// every OpenMP thread its parallel loops use; OpenBLAS runs kernels of this CPU's ISA class.
#include "kernels/Cpu.h"
#include "kernels/Threads.h"

#include <ATen/Parallel.h>
#include <QtTest>

#include <algorithm>
#include <mutex>
#include <set>
#include <thread>

using namespace lathe;

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
