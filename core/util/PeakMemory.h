#pragma once
// Measures how much a piece of work raises the process's resident memory at its peak, from
// Linux's VmHWM (the high-water mark, reset through /proc/self/clear_refs). Elsewhere, or
// where /proc is not writable, it measures nothing and says so.
#include <cstdint>

namespace lathe {

class PeakMemoryProbe {
public:
    // Resets the high-water mark to the current resident size and remembers that size.
    PeakMemoryProbe();
    bool available() const { return m_available; }
    // Bytes the peak rose above the resident size at construction (0 when unavailable).
    std::int64_t riseBytes() const;

private:
    bool m_available = false;
    std::int64_t m_startRss = 0;
};

}  // namespace lathe
