#include "kernels/Precision.h"
#include "kernels/Cpu.h"

#include <ATen/autocast_mode.h>

namespace lathe::kernels {

bool nativeBf16() { return hasAmxBf16() || hasAvx512Bf16(); }

bool autoPicksBf16() { return hasAmxBf16(); }

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
