#include "util/FaultPoint.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <string>

namespace lathe {

namespace {
struct Armed {
    std::string name;  // empty: no fault point armed
    long hit = 1;
    std::atomic<long> seen{0};

    Armed()
    {
        const char* spec = std::getenv("LATHE_FAULT_POINT");
        if (!spec || !*spec)
            return;
        name = spec;
        if (const auto at = name.find('@'); at != std::string::npos) {
            hit = std::max(1L, std::strtol(name.c_str() + at + 1, nullptr, 10));
            name.resize(at);
        }
    }
};

Armed& armed()
{
    static Armed a;
    return a;
}
}  // namespace

void faultPoint(const char* name)
{
    auto& a = armed();
    if (a.name.empty() || a.name != name)
        return;
    if (a.seen.fetch_add(1) + 1 == a.hit)
        ::kill(::getpid(), SIGKILL);
}

}  // namespace lathe
