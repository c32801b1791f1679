// Run-time CPU dispatch: the detected level matches what /proc/cpuinfo reports, a cap never
// raises the level above what the CPU runs, and the names round-trip.
#include "kernels/Cpu.h"

#include <QFile>
#include <QtTest>

using namespace lathe::kernels;

class TestCpu : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void detectionAgreesWithTheKernelsFlags()
    {
        QFile f(QStringLiteral("/proc/cpuinfo"));
        if (!f.open(QIODevice::ReadOnly))
            QSKIP("no /proc/cpuinfo");
        const auto info = f.readAll();
        const bool avx2 = info.contains(" avx2 ") && info.contains(" fma ");
        const bool avx512 = info.contains(" avx512f ") && info.contains(" avx512bw ") && info.contains(" avx512vl ");
        QCOMPARE(detectedIsa() >= Isa::Avx2, avx2);
        QCOMPARE(detectedIsa() == Isa::Avx512, avx512 && avx2);
        QCOMPARE(hasAmxBf16(), info.contains(" amx_bf16 "));
        QCOMPARE(hasAvx512Bf16(), avx512 && info.contains(" avx512_bf16 "));
    }
    void aCapLowersButNeverRaisesTheLevel()
    {
        const auto previous = setIsaCap(Isa::Scalar);
        QCOMPARE(activeIsa(), Isa::Scalar);
        setIsaCap(Isa::Avx512);
        QCOMPARE(activeIsa(), detectedIsa());
        setIsaCap(previous);
    }
    void namesRoundTrip()
    {
        for (auto isa : {Isa::Scalar, Isa::Avx2, Isa::Avx512}) {
            Isa parsed{};
            QVERIFY(parseIsa(isaName(isa), parsed));
            QCOMPARE(parsed, isa);
        }
        Isa unchanged = Isa::Avx2;
        QVERIFY(!parseIsa("sse9", unchanged));
        QCOMPARE(unchanged, Isa::Avx2);
    }
    void summaryNamesTheCpuAndLevels()
    {
        const auto s = cpuSummary();
        QVERIFY(s.find(cpuModelName()) != std::string::npos);
        QVERIFY(s.find(isaName(detectedIsa())) != std::string::npos);
    }
};

QTEST_APPLESS_MAIN(TestCpu)
#include "tst_cpu.moc"
