#pragma once
// Numeric precision of a run's matmuls. Torch-free: the form and the CLI name the choices.
//   auto  bf16 where the CPU has AMX-BF16 tiles, or AVX512-BF16 where a bf16 product measures
//         at least 1.4x an fp32 one (kernels/Gemm.h, bf16Speedup: about 2x on an AMD EPYC of
//         family 26, 409 against 198 GFLOP/s on one core); else fp32. AVX512-BF16 alone does not
//         promise it: on a Xeon of model 207 (no AMX) oneDNN 2.6's bf16 products ran at 0.6-0.9x
//         its fp32 ones on this model's shapes (70-77 against 82-122 GFLOP/s).
//   fp32  everything in fp32
//   bf16  matmuls in bf16 (emulated, and slower, on CPUs without native units)
// Master weights, gradients' accumulation, optimizer state, the residual stream, LayerNorm,
// softmax and the loss stay fp32 in every mode.
#include <string>

namespace lathe::kernels {

// "auto", "fp32" or "bf16" -> "fp32" or "bf16" on this machine; anything else -> "".
std::string resolvePrecision(const std::string& requested);
// resolvePrecision(requested) == "bf16": a run's matmuls go to bf16 here. Inspection and
// evaluation of a checkpoint use it with the run's setting, so they score as training did.
bool resolvesToBf16(const std::string& requested);
bool isPrecisionName(const std::string& name);
// True when bf16 matmuls run on native units here (AMX-BF16 or AVX512-BF16), and LATHE_CPU_ISA
// does not cap the kernels below AVX-512.
bool nativeBf16();
// True when `auto` means bf16 here: the CPU has AMX-BF16, or AVX512-BF16 whose products measure
// faster than fp32 ones (timed once, a few milliseconds, on the first call).
bool autoPicksBf16();

// While alive on this thread, Lathe's linear layers (kernels::linear) run their products in
// bf16 with fp32 results, and other eligible ops (matmul, bmm) in bf16 through LibTorch's CPU
// autocast, when `bf16` is true; does nothing otherwise. Casts of the weights are cached
// within the outermost scope and dropped when it ends (after each step's forward).
class MixedPrecision {
public:
    explicit MixedPrecision(bool bf16);
    ~MixedPrecision();
    MixedPrecision(const MixedPrecision&) = delete;
    MixedPrecision& operator=(const MixedPrecision&) = delete;

private:
    bool m_enabled;
    bool m_wasEnabled = false;
};

}  // namespace lathe::kernels
