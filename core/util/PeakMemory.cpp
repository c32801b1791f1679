#include "util/PeakMemory.h"

#include <fstream>
#include <string>

namespace lathe {

namespace {
// A field of /proc/self/status in kB ("VmRSS:   1234 kB"), as bytes; -1 when absent.
std::int64_t statusBytes(const char* field)
{
    std::ifstream status("/proc/self/status");
    std::string line;
    const std::string prefix = std::string(field) + ":";
    while (std::getline(status, line))
        if (line.rfind(prefix, 0) == 0)
            return std::stoll(line.substr(prefix.size())) * 1024;
    return -1;
}
}  // namespace

PeakMemoryProbe::PeakMemoryProbe()
{
    // "5" resets the peak resident size (Linux 4.0+).
    std::ofstream reset("/proc/self/clear_refs");
    reset << "5";
    reset.flush();
    m_startRss = statusBytes("VmRSS");
    m_available = reset.good() && m_startRss >= 0 && statusBytes("VmHWM") >= 0;
}

std::int64_t PeakMemoryProbe::riseBytes() const
{
    if (!m_available)
        return 0;
    const auto peak = statusBytes("VmHWM");
    return peak > m_startRss ? peak - m_startRss : 0;
}

}  // namespace lathe
