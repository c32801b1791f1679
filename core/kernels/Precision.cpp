#include "kernels/Precision.h"
#include "kernels/Cpu.h"
#include "kernels/Gemm.h"

#include <ATen/autocast_mode.h>

namespace lathe::kernels {

namespace {
// How much faster bf16 products must measure for `auto` to pick them without AMX: far from the
// measurements either side (about 2 on an AMD EPYC of family 26, under 1 on a Xeon without AMX),
// so timing noise cannot flip a machine's choice.
constexpr double kAutoBf16Speedup = 1.4;
}  // namespace

bool nativeBf16() { return activeIsa() == Isa::Avx512 && (hasAmxBf16() || hasAvx512Bf16()); }

bool autoPicksBf16()
{
    if (!nativeBf16())
        return false;
    if (hasAmxBf16())
        return true;
    // AVX512-BF16 units do not promise faster products (a Xeon without AMX ran them at 0.6-0.9x
    // fp32): measure.
    return bf16Speedup() >= kAutoBf16Speedup;
}

bool isPrecisionName(const std::string& name) { return name == "auto" || name == "fp32" || name == "bf16"; }

std::string resolvePrecision(const std::string& requested)
{
    if (requested == "auto")
        return autoPicksBf16() ? "bf16" : "fp32";
    return requested == "fp32" || requested == "bf16" ? requested : std::string();
}

bool resolvesToBf16(const std::string& requested) { return resolvePrecision(requested) == "bf16"; }

MixedPrecision::MixedPrecision(bool bf16) : m_enabled(bf16)
{
    if (!m_enabled)
        return;
    m_wasEnabled = at::autocast::is_cpu_enabled();
    at::autocast::set_cpu_enabled(true);
    at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
    at::autocast::increment_nesting();
}

MixedPrecision::~MixedPrecision()
{
    if (!m_enabled)
        return;
    if (at::autocast::decrement_nesting() == 0)
        at::autocast::clear_cache();
    at::autocast::set_cpu_enabled(m_wasEnabled);
}

}  // namespace lathe::kernels
