#pragma once
// What the CPU can run, decided once at run time, so one binary runs on any x86-64 machine.
// Torch-free: widgets/ and the CLI may report it.
#include <string>

namespace lathe::kernels {

// Instruction-set levels our kernels have code paths for, lowest to highest.
enum class Isa { Scalar = 0, Avx2 = 1, Avx512 = 2 };

// The best level this CPU (and its OS) supports.
Isa detectedIsa();
// The level kernels use: the detected one, capped by the environment variable
// LATHE_CPU_ISA=scalar|avx2|avx512 (read once) or by setIsaCap (tests).
Isa activeIsa();
// Caps the active level (never above the detected one); returns the previous cap.
Isa setIsaCap(Isa cap);

const char* isaName(Isa isa);
// Parses scalar|avx2|avx512; false for anything else.
bool parseIsa(const std::string& text, Isa& out);

// Native bf16 arithmetic: AVX512_BF16 or AMX-BF16 (oneDNN runs bf16 matmuls on them).
bool hasAvx512Bf16();
bool hasAmxBf16();
// The CPU's model name (/proc/cpuinfo), e.g. "AMD EPYC 7B13"; "unknown CPU" if unreadable.
std::string cpuModelName();
// One line for logs and benchmarks: model, cores, detected and active ISA, bf16 units.
std::string cpuSummary();

}  // namespace lathe::kernels
