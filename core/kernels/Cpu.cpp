#include "kernels/Cpu.h"

#include <atomic>
#include <cpuid.h>
#include <cstdlib>
#include <fstream>
#include <thread>

#include <fmt/format.h>

namespace lathe::kernels {

namespace {

struct Features {
    bool avx2 = false, avx512 = false, avx512bf16 = false, amxbf16 = false;
};

std::uint64_t xgetbv0()
{
    std::uint32_t lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    return (std::uint64_t{hi} << 32) | lo;
}

Features probe()
{
    Features f;
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d))
        return f;
    const bool osxsave = c & bit_OSXSAVE, fma = c & bit_FMA;
    if (!osxsave)
        return f;
    const auto xcr0 = xgetbv0();
    // The OS saves YMM (bits 1-2) and, for AVX-512, opmask/ZMM state (bits 5-7).
    const bool ymm = (xcr0 & 0x6) == 0x6, zmm = (xcr0 & 0xe6) == 0xe6;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d))
        return f;
    f.avx2 = ymm && fma && (b & bit_AVX2);
    // Our AVX-512 path uses F, BW, DQ and VL (every AVX-512 server CPU since Skylake has them).
    f.avx512 = zmm && f.avx2 && (b & bit_AVX512F) && (b & bit_AVX512BW) && (b & bit_AVX512DQ) && (b & bit_AVX512VL);
    // AMX tiles need XCR0 bits 17-18.
    f.amxbf16 = (d & (1u << 22)) && ((xcr0 >> 17) & 3) == 3;
    unsigned a1, b1, c1, d1;
    if (__get_cpuid_count(7, 1, &a1, &b1, &c1, &d1))
        f.avx512bf16 = f.avx512 && (a1 & (1u << 5));
    return f;
}

const Features& features()
{
    static const Features f = probe();
    return f;
}

Isa capFromEnvironment()
{
    Isa cap = Isa::Avx512;
    if (const char* env = std::getenv("LATHE_CPU_ISA"))
        parseIsa(env, cap);
    return cap;
}

std::atomic<int>& cap()
{
    static std::atomic<int> c{static_cast<int>(capFromEnvironment())};
    return c;
}

}  // namespace

Isa detectedIsa()
{
    const auto& f = features();
    return f.avx512 ? Isa::Avx512 : f.avx2 ? Isa::Avx2 : Isa::Scalar;
}

Isa activeIsa()
{
    return static_cast<Isa>(std::min(static_cast<int>(detectedIsa()), cap().load(std::memory_order_relaxed)));
}

Isa setIsaCap(Isa c)
{
    return static_cast<Isa>(cap().exchange(static_cast<int>(c)));
}

const char* isaName(Isa isa)
{
    switch (isa) {
    case Isa::Avx512: return "avx512";
    case Isa::Avx2: return "avx2";
    case Isa::Scalar: break;
    }
    return "scalar";
}

bool parseIsa(const std::string& text, Isa& out)
{
    for (auto isa : {Isa::Scalar, Isa::Avx2, Isa::Avx512})
        if (text == isaName(isa)) {
            out = isa;
            return true;
        }
    return false;
}

bool hasAvx512Bf16() { return features().avx512bf16; }
bool hasAmxBf16() { return features().amxbf16; }

std::string cpuModelName()
{
    std::ifstream in("/proc/cpuinfo");
    std::string line;
    while (std::getline(in, line))
        if (line.rfind("model name", 0) == 0) {
            const auto colon = line.find(':');
            if (colon != std::string::npos)
                return line.substr(line.find_first_not_of(' ', colon + 1));
        }
    return "unknown CPU";
}

std::string cpuSummary()
{
    std::string bf16 = hasAmxBf16() ? "amx-bf16" : hasAvx512Bf16() ? "avx512-bf16" : "none";
    return fmt::format("{}, {} logical cores, ISA {} (active {}), native bf16: {}", cpuModelName(),
                       std::thread::hardware_concurrency(), isaName(detectedIsa()), isaName(activeIsa()), bf16);
}

}  // namespace lathe::kernels
