#pragma once
// Runs a test body once per instruction-set level this machine can run (scalar, AVX2,
// AVX-512), capping the kernels' dispatch to each in turn.
#include "kernels/Cpu.h"

#include <QtTest>

#include <vector>

namespace lathe::test {

inline std::vector<kernels::Isa> runnableIsaLevels()
{
    std::vector<kernels::Isa> out;
    for (auto isa : {kernels::Isa::Scalar, kernels::Isa::Avx2, kernels::Isa::Avx512})
        if (static_cast<int>(isa) <= static_cast<int>(kernels::detectedIsa()))
            out.push_back(isa);
    return out;
}

// Calls body() with the dispatch capped at each runnable level; restores the cap afterwards.
template <typename Body>
void forEachIsa(Body&& body)
{
    const auto previous = kernels::setIsaCap(kernels::Isa::Avx512);
    for (auto isa : runnableIsaLevels()) {
        kernels::setIsaCap(isa);
        QVERIFY2(kernels::activeIsa() == isa, kernels::isaName(isa));
        body(isa);
        if (QTest::currentTestFailed()) {
            qWarning("failed on the %s path", kernels::isaName(isa));
            break;
        }
    }
    kernels::setIsaCap(previous);
}

}  // namespace lathe::test
