// How the engine computes a run: what it records (precision, kernels' ISA, threads, the step's
// breakdown, evaluation throughput), that a resumed run continues the uninterrupted loss curve
// (dropout masks come from per-step streams), and that bf16 matmuls keep the fp32 quality.
#include "QuickConfig.h"
#include "StopAt.h"
#include "kernels/Cpu.h"
#include "kernels/Gemm.h"
#include "kernels/Precision.h"
#include "report/RunReports.h"
#include "store/RunStore.h"
#include "train/CheckpointHeader.h"
#include "train/Training.h"

#include <QtTest>
#include <nlohmann/json.hpp>

#include <cmath>

using namespace lathe;
using lathe::test::quickConfig;

namespace {
using lathe::test::StopAt;

std::vector<double> losses(const RunStore& store, std::int64_t run)
{
    std::vector<double> out;
    for (const auto& p : store.metrics(run, "train/loss"))
        out.push_back(p.value);
    return out;
}
}  // namespace

class TestEngine : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<RunStore> m_store;

private Q_SLOTS:
    void initTestCase() { m_store = std::make_unique<RunStore>(m_dir.filePath(QStringLiteral("e.db")).toStdString()); }

    void theRunRecordsHowItWasComputed()
    {
        auto c = quickConfig(30, 30);
        c.train.precision = "fp32";
        const auto o = train({c, m_store.get()});
        const auto run = m_store->run(o.runId);
        const auto engine = runEngine(run->summaryJson);
        QVERIFY(engine);
        QCOMPARE(engine->precision, std::string("fp32"));
        // Its checkpoint too: evaluation and inspection run in it (train/Checkpoint.h).
        QCOMPARE(readCheckpointHeader(m_store->checkpointPath(o.runId)).precision, std::string("fp32"));
        QCOMPARE(engine->isa, std::string(kernels::isaName(kernels::activeIsa())));
        QCOMPARE(engine->threads, 1);
        QVERIFY(engine->evalTokensPerSecond > 0);
        double total = 0;
        for (const auto& [phase, ms] : engine->stepMs) {
            QVERIFY2(ms >= 0, phase.c_str());
            total += ms;
        }
        QVERIFY(engine->stepMs.at("forward") > 0 && engine->stepMs.at("backward") > 0);
        // The phases cover the step: a step of this model cannot take less than a millisecond.
        QVERIFY(total > 1.0);
        const auto detail = runDetail(*m_store, *run);
        QVERIFY2(detail.find("fp32 matmuls, " + engine->isa + " kernels, 1 thread") != std::string::npos, detail.c_str());
    }

    void autoResolvesToWhatTheCpuRuns()
    {
        QCOMPARE(kernels::resolvePrecision("auto"), std::string(kernels::autoPicksBf16() ? "bf16" : "fp32"));
        QCOMPARE(kernels::resolvePrecision("fp32"), std::string("fp32"));
        QCOMPARE(kernels::resolvePrecision("fp16"), std::string());
        auto c = quickConfig(10);
        c.train.precision = "fp16";
        QVERIFY(c.validate().find("precision 'fp16' is unknown") != std::string::npos);
    }

    void autoPicksBf16WhereItsProductsMeasureFaster()
    {
        // Where the CPU has bf16 units (AVX512-BF16 or AMX), oneDNN has a bf16 path and the probe
        // times real products, unless oneDNN itself was capped below them (DNNL_MAX_CPU_ISA).
        const bool dnnlCapped = qEnvironmentVariableIsSet("DNNL_MAX_CPU_ISA") || qEnvironmentVariableIsSet("ONEDNN_MAX_CPU_ISA");
        if ((kernels::hasAvx512Bf16() || kernels::hasAmxBf16()) && !dnnlCapped)
            QVERIFY2(kernels::bf16Speedup() > 0, "no bf16 product where the CPU has bf16 units");
        if (!kernels::hasAmxBf16() && kernels::hasAvx512Bf16())
            QCOMPARE(kernels::autoPicksBf16(), kernels::bf16Speedup() >= 1.4);
        if (!kernels::hasAmxBf16()) {
            // Capping the kernels below AVX-512 (LATHE_CPU_ISA=avx2) caps auto to fp32 too.
            const auto previous = kernels::setIsaCap(kernels::Isa::Avx2);
            QVERIFY(!kernels::autoPicksBf16());
            kernels::setIsaCap(previous);
        }
    }

    void aResumedRunContinuesTheSameLossCurve()
    {
        const auto whole = train({quickConfig(50), m_store.get()});
        TrainingControl control;
        StopAt stopper(control, 25);
        const auto first = train({quickConfig(50), m_store.get(), 0, 0, {}, &stopper, &control});
        QCOMPARE(first.steps, std::int64_t(25));
        train({quickConfig(50), m_store.get(), first.runId});
        const auto a = losses(*m_store, whole.runId), b = losses(*m_store, first.runId);
        QCOMPARE(a.size(), std::size_t(50));
        QCOMPARE(b.size(), std::size_t(50));
        for (std::size_t i = 0; i < a.size(); ++i)
            QVERIFY2(std::abs(a[i] - b[i]) <= 1e-5 * std::abs(a[i]),
                     qPrintable(QStringLiteral("step %1: %2 vs %3").arg(i + 1).arg(a[i]).arg(b[i])));
    }

    void bf16KeepsTheValidationLossOfFp32()
    {
        // The bundled sample's 300 steps, same seed and data; bf16 is emulated where the CPU has
        // no bf16 units, which is slower but computes the same numbers.
        auto fp32 = quickConfig(300, 300);
        fp32.train.precision = "fp32";
        auto bf16 = fp32;
        bf16.train.precision = "bf16";
        const auto a = train({fp32, m_store.get()});
        const auto b = train({bf16, m_store.get()});
        QCOMPARE(runEngine(m_store->run(b.runId)->summaryJson)->precision, std::string("bf16"));
        QCOMPARE(readCheckpointHeader(m_store->checkpointPath(b.runId)).precision, std::string("bf16"));
        const double la = a.validation.at("loss"), lb = b.validation.at("loss");
        QVERIFY2(std::abs(la - lb) <= 0.01 * la, qPrintable(QStringLiteral("fp32 %1, bf16 %2").arg(la).arg(lb)));
        // The runs did differ: bf16 really ran.
        QVERIFY(la != lb);
    }
};

QTEST_GUILESS_MAIN(TestEngine)
#include "tst_engine.moc"
