// lathe-cli system: what the engine runs on here (CPU, kernels' ISA, BLAS and its threading,
// default threads, what --precision auto means), for bug reports and benchmark headers.
#include "cli/Commands.h"
#include "kernels/Cpu.h"
#include "kernels/Gemm.h"
#include "kernels/Precision.h"
#include "kernels/Threads.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

namespace lathe::cli {

void addSystem(CLI::App& app, std::function<int()>& run)
{
    auto json = std::make_shared<bool>(false);
    auto* sub = app.add_subcommand("system", "The CPU, instruction sets, BLAS and threads the engine uses here");
    sub->add_flag("--json", *json, "One JSON object");
    sub->callback([&run, json] {
        run = [json] {
            kernels::applyComputeThreads(0);
            const nlohmann::json j{{"cpu", kernels::cpuModelName()},
                                   {"cores", kernels::availableCores()},
                                   {"isa_detected", kernels::isaName(kernels::detectedIsa())},
                                   {"isa_active", kernels::isaName(kernels::activeIsa())},
                                   {"amx_bf16", kernels::hasAmxBf16()},
                                   {"avx512_bf16", kernels::hasAvx512Bf16()},
                                   {"precision_auto", kernels::resolvePrecision("auto")},
                                   {"bf16_speedup", kernels::nativeBf16() ? kernels::bf16Speedup() : 0.0},
                                   {"blas", kernels::blasSummary()},
                                   {"blas_kernels", kernels::blasCore()},
                                   {"blas_kernels_fit", kernels::blasKernelsFit(kernels::blasCore())},
                                   {"gemm", kernels::gemmSummary()},
                                   {"kernel_loop_threads", kernels::kernelLoopThreads()}};
            if (*json) {
                std::cout << j.dump() << "\n";
                return kExitOk;
            }
            std::cout << "cpu        " << kernels::cpuSummary() << "\n"
                      << "blas       " << kernels::blasSummary() << "\n"
                      << "matmuls    " << kernels::gemmSummary() << ", kernel loops on "
                      << kernels::kernelLoopThreads() << " threads\n"
                      << "threads    auto: chosen by timing steps, up to " << kernels::availableCores()
                      << " (LATHE_CPU_ISA=scalar|avx2|avx512 caps the kernels and oneDNN)\n"
                      << "precision  auto = " << kernels::resolvePrecision("auto");
            if (kernels::nativeBf16() && !kernels::hasAmxBf16())
                std::cout << fmt::format(" (bf16 products measured {:.2f}x fp32 here)", kernels::bf16Speedup());
            std::cout << "\n";
            return kExitOk;
        };
    });
}

}  // namespace lathe::cli
