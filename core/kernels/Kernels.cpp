#include "kernels/Kernels.h"
#include "kernels/Cpu.h"

#include <ATen/CPUGeneratorImpl.h>

#include <cmath>
#include <mutex>

namespace lathe::kernels {

const KernelTable& active()
{
    switch (activeIsa()) {
    case Isa::Avx512: return avx512::table();
    case Isa::Avx2: return avx2::table();
    case Isa::Scalar: break;
    }
    return scalar::table();
}

namespace {
std::uint64_t splitmix64(std::uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}

// The training thread's current step stream (depth > 0 inside a StepScope).
struct StepStream {
    int depth = 0;
    std::uint64_t base = 0;
    std::uint64_t calls = 0;
};
thread_local StepStream t_stream;
}  // namespace

DropoutStreams::StepScope::StepScope(std::uint64_t runSeed, std::int64_t step)
{
    ++t_stream.depth;
    t_stream.base = splitmix64(splitmix64(runSeed) ^ static_cast<std::uint64_t>(step));
    t_stream.calls = 0;
}

DropoutStreams::StepScope::~StepScope() { --t_stream.depth; }

std::uint64_t DropoutStreams::next()
{
    if (t_stream.depth > 0)
        return splitmix64(t_stream.base + t_stream.calls++);
    auto gen = at::detail::getDefaultCPUGenerator();
    std::lock_guard<std::mutex> lock(gen.mutex());
    return gen.get<at::CPUGeneratorImpl>()->random64();
}

std::uint64_t philoxKey(std::uint64_t seed) { return splitmix64(seed ^ 0x6C61746865ULL); }

std::uint32_t dropThreshold(double p)
{
    if (!(p > 0))
        return 0;
    const double t = std::ldexp(p, 32);
    return t >= 4294967295.0 ? 4294967295u : static_cast<std::uint32_t>(std::llround(t));
}

}  // namespace lathe::kernels
