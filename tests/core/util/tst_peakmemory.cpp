// The peak-memory probe measures what a piece of work really touched.
#include "util/PeakMemory.h"

#include <QtTest>

#include <cstring>
#include <memory>

using namespace lathe;

class TestPeakMemory : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aTouchedBufferRaisesThePeakByItsSize()
    {
        PeakMemoryProbe probe;
        if (!probe.available())
            QSKIP("/proc/self/clear_refs is not writable here");
        constexpr std::size_t kBytes = 64u << 20;
        {
            auto buffer = std::make_unique<char[]>(kBytes);
            std::memset(buffer.get(), 1, kBytes);  // resident only once written
            QVERIFY(buffer[kBytes / 2] == 1);
        }
        // Freed again, but the peak remembers it.
        const auto rise = probe.riseBytes();
        QVERIFY2(rise >= static_cast<std::int64_t>(kBytes) * 9 / 10, qPrintable(QString::number(rise)));
        QVERIFY2(rise < static_cast<std::int64_t>(kBytes) * 2, qPrintable(QString::number(rise)));
        // A new probe starts from the current size, which no longer holds the buffer.
        PeakMemoryProbe again;
        QVERIFY(again.riseBytes() < static_cast<std::int64_t>(kBytes) / 4);
    }
};

QTEST_GUILESS_MAIN(TestPeakMemory)
#include "tst_peakmemory.moc"
