#include "kernels/FusedAdamW.h"
#include "kernels/Kernels.h"
#include "kernels/Parallel.h"

#include <cmath>

namespace lathe::kernels {

namespace {
// Elements per task when one parameter's update is split across threads.
constexpr std::int64_t kGrain = 1 << 14;

bool fusable(const torch::Tensor& t)
{
    return isFloatCpu(t) && t.is_contiguous();
}
}  // namespace

torch::Tensor FusedAdamW::step(LossClosure closure)
{
    // Anything the kernel does not take (another device or dtype, sparse, amsgrad) goes the
    // plain way, for the whole step, so both never share one update.
    for (auto& group : param_groups_)
        for (auto& p : group.params())
            if (p.grad().defined() &&
                (static_cast<torch::optim::AdamWOptions&>(group.options()).amsgrad() || !fusable(p) ||
                 p.grad().is_sparse() || !fusable(p.grad())))
                return torch::optim::AdamW::step(std::move(closure));
    torch::NoGradGuard noGrad;
    torch::Tensor loss;
    if (closure) {
        at::AutoGradMode enable(true);
        loss = closure();
    }
    const auto& k = active();
    for (auto& group : param_groups_) {
        auto& options = static_cast<torch::optim::AdamWOptions&>(group.options());
        for (auto& p : group.params()) {
            if (!p.grad().defined())
                continue;
            const auto& grad = p.grad();
            const auto key = c10::guts::to_string(p.unsafeGetTensorImpl());
            auto& slot = state_[key];
            if (!slot) {
                auto state = std::make_unique<torch::optim::AdamWParamState>();
                state->step(0);
                state->exp_avg(torch::zeros_like(p, torch::MemoryFormat::Contiguous));
                state->exp_avg_sq(torch::zeros_like(p, torch::MemoryFormat::Contiguous));
                slot = std::move(state);
            }
            auto& state = static_cast<torch::optim::AdamWParamState&>(*slot);
            state.step(state.step() + 1);
            const auto [beta1, beta2] = options.betas();
            AdamWStep s;
            s.lr = static_cast<float>(options.lr());
            s.beta1 = static_cast<float>(beta1);
            s.beta2 = static_cast<float>(beta2);
            s.eps = static_cast<float>(options.eps());
            s.weightDecay = static_cast<float>(options.weight_decay());
            const auto t = static_cast<double>(state.step());
            s.biasCorrection1 = static_cast<float>(1 - std::pow(beta1, t));
            s.invSqrtBiasCorrection2 = static_cast<float>(1 / std::sqrt(1 - std::pow(beta2, t)));
            auto* param = p.data_ptr<float>();
            const auto* g = grad.data_ptr<float>();
            auto* m = state.exp_avg().data_ptr<float>();
            auto* v = state.exp_avg_sq().data_ptr<float>();
            parallelFor(0, p.numel(), kGrain,
                             [&](std::int64_t begin, std::int64_t end) { k.adamw(s, param, g, m, v, begin, end); });
        }
    }
    return loss;
}

}  // namespace lathe::kernels
