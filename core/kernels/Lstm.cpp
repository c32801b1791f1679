// LSTM directions as one autograd function: per direction one matrix product for every step's
// input projection, then per step one product (h·W_hhᵀ, added in place onto that step's gates)
// and one fused cell (kernels/isa: sigmoid, tanh, c and h in one pass). Backward runs the cell
// backward and one product per step, then the weights' and the input's gradients as one product
// each over all steps. ATen's LSTM makes ~10 autograd nodes per step and direction instead,
// which is what the benchmark model's step spent its time on (the products are ~15% of it).
// Two directions run at once on two threads: a step's products are too small to split. Under
// mixed precision the forward products (the input projection and each step's h·W_hhᵀ) take
// bf16 operands with fp32 results; the cell, the state and backward stay fp32.
#include "kernels/Gemm.h"
#include "kernels/Kernels.h"
#include "kernels/Parallel.h"

#include <vector>

namespace lathe::kernels {

namespace {
using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

constexpr int kMaxDirections = 2;
constexpr int kWeightsPerDirection = 4;  // w_ih, w_hh, b_ih, b_hh

struct Shape {
    std::int64_t B, T, C, H;
};

// Runs fn(d) for every direction, at once when there are threads for it.
template <typename Fn>
void forEachDirection(int directions, Fn&& fn)
{
    if (directions > 1 && at::get_num_threads() > 1 && !at::in_parallel_region())
        parallelFor(0, directions, 1, [&](std::int64_t b, std::int64_t e) {
            for (auto d = b; d < e; ++d)
                fn(static_cast<int>(d));
        });
    else
        for (int d = 0; d < directions; ++d)
            fn(d);
}

struct LstmFunction : torch::autograd::Function<LstmFunction> {
    // inputs: x per direction, then each direction's four weights; a missing second direction
    // travels as empty tensors (custom functions take no undefined inputs).
    static variable_list forward(AutogradContext* ctx, const torch::Tensor& x0, const torch::Tensor& x1,
                                 const torch::Tensor& wih0, const torch::Tensor& whh0, const torch::Tensor& bih0,
                                 const torch::Tensor& bhh0, const torch::Tensor& wih1, const torch::Tensor& whh1,
                                 const torch::Tensor& bih1, const torch::Tensor& bhh1)
    {
        const int D = x1.numel() > 0 ? 2 : 1;
        const torch::Tensor xs[kMaxDirections] = {x0.contiguous(), D > 1 ? x1.contiguous() : x1};
        const torch::Tensor w[kMaxDirections][kWeightsPerDirection] = {{wih0.contiguous(), whh0.contiguous(), bih0, bhh0},
                                                                       {wih1.contiguous(), whh1.contiguous(), bih1, bhh1}};
        const Shape s{x0.size(0), x0.size(1), x0.size(2), whh0.size(1)};
        const auto BT = s.B * s.T, G4 = 4 * s.H;
        const bool bf16 = mixedPrecisionOn() && bf16gemmFits(false, true, s.B, G4, s.H, s.H, s.H, s.T * G4);
        torch::Tensor gates[kMaxDirections], cells[kMaxDirections], outs[kMaxDirections], whhBf16[kMaxDirections];
        for (int d = 0; d < D; ++d) {
            gates[d] = torch::empty({s.B, s.T, G4}, x0.options());
            gates[d].view({BT, G4}).copy_((w[d][2] + w[d][3]).expand({BT, G4}));
            const bool done = bf16 && bf16gemm(false, true, BT, G4, s.C, bf16Bits(toBf16(xs[d])), s.C, bf16Bits(toBf16(w[d][0])),
                                               s.C, nullptr, true, gates[d].data_ptr<float>(), G4);
            if (!done)
                sgemm(false, true, BT, G4, s.C, 1.0f, xs[d].data_ptr<float>(), s.C, w[d][0].data_ptr<float>(), s.C,
                      1.0f, gates[d].data_ptr<float>(), G4);
            cells[d] = torch::empty({s.B, s.T, s.H}, x0.options());
            outs[d] = torch::empty({s.B, s.T, s.H}, x0.options());
            if (bf16)
                whhBf16[d] = toBf16(w[d][1]);
        }
        const auto& k = active();
        forEachDirection(D, [&](int d) {
            float* g = gates[d].data_ptr<float>();
            float* c = cells[d].data_ptr<float>();
            float* h = outs[d].data_ptr<float>();
            const float* whh = w[d][1].data_ptr<float>();
            // The step's h rounded to bf16, one contiguous [B, H] block.
            std::vector<std::uint16_t> hPrev(bf16 ? static_cast<std::size_t>(s.B * s.H) : 0);
            for (std::int64_t t = 0; t < s.T; ++t) {
                bool done = false;
                if (t > 0 && bf16) {
                    for (std::int64_t b = 0; b < s.B; ++b)
                        k.toBf16(h + b * s.T * s.H + (t - 1) * s.H, hPrev.data() + b * s.H, 0, s.H);
                    done = bf16gemm(false, true, s.B, G4, s.H, hPrev.data(), s.H, bf16Bits(whhBf16[d]), s.H, nullptr, true,
                                    g + t * G4, s.T * G4);
                }
                if (t > 0 && !done)
                    sgemm(false, true, s.B, G4, s.H, 1.0f, h + (t - 1) * s.H, s.T * s.H, whh, s.H, 1.0f, g + t * G4,
                          s.T * G4);
                LstmStep step;
                step.gates = g + t * G4;
                step.cPrev = t > 0 ? c + (t - 1) * s.H : nullptr;
                step.c = c + t * s.H;
                step.h = h + t * s.H;
                step.gatesStride = s.T * G4;
                step.stateStride = s.T * s.H;
                step.hidden = static_cast<int>(s.H);
                k.lstmStep(step, 0, s.B);
            }
        });
        ctx->save_for_backward({xs[0], xs[1], w[0][0], w[0][1], w[1][0], w[1][1], gates[0], gates[1], cells[0],
                                cells[1], outs[0], D > 1 ? outs[1] : x1});
        ctx->saved_data["directions"] = std::int64_t{D};
        ctx->set_materialize_grads(false);
        return {outs[0], D > 1 ? outs[1] : torch::empty({0}, x0.options())};
    }

    static variable_list backward(AutogradContext* ctx, variable_list grads)
    {
        const auto v = ctx->get_saved_variables();
        const int D = static_cast<int>(ctx->saved_data["directions"].toInt());
        const torch::Tensor xs[kMaxDirections] = {v[0], v[1]};
        const torch::Tensor wih[kMaxDirections] = {v[2], v[4]}, whh[kMaxDirections] = {v[3], v[5]};
        const torch::Tensor gates[kMaxDirections] = {v[6], v[7]}, cells[kMaxDirections] = {v[8], v[9]},
                            outs[kMaxDirections] = {v[10], v[11]};
        const Shape s{xs[0].size(0), xs[0].size(1), xs[0].size(2), whh[0].size(1)};
        const auto BT = s.B * s.T, G4 = 4 * s.H;
        torch::Tensor gradOut[kMaxDirections], gradGates[kMaxDirections];
        for (int d = 0; d < D; ++d) {
            gradOut[d] = grads[d].defined() ? grads[d].contiguous() : torch::zeros_like(outs[d]);
            gradGates[d] = torch::empty_like(gates[d]);
        }
        const auto& k = active();
        forEachDirection(D, [&](int d) {
            auto gradC = torch::zeros({s.B, s.H}, outs[d].options());
            // dL/dh through the recurrence: nothing comes back into the last step.
            auto gradHNext = torch::zeros({s.B, s.H}, outs[d].options());
            const float* g = gates[d].data_ptr<float>();
            const float* c = cells[d].data_ptr<float>();
            const float* gh = gradOut[d].data_ptr<float>();
            float* gg = gradGates[d].data_ptr<float>();
            const float* w = whh[d].data_ptr<float>();
            for (auto t = s.T - 1; t >= 0; --t) {
                LstmStepBackward step;
                step.gates = g + t * G4;
                step.cPrev = t > 0 ? c + (t - 1) * s.H : nullptr;
                step.c = c + t * s.H;
                step.gradH = gh + t * s.H;
                step.gradHNext = gradHNext.data_ptr<float>();
                step.gradC = gradC.data_ptr<float>();
                step.gradGates = gg + t * G4;
                step.gatesStride = s.T * G4;
                step.stateStride = s.T * s.H;
                step.hidden = static_cast<int>(s.H);
                k.lstmStepBackward(step, 0, s.B);
                if (t > 0)
                    sgemm(false, false, s.B, s.H, G4, 1.0f, gg + t * G4, s.T * G4, w, s.H, 0.0f,
                          gradHNext.data_ptr<float>(), s.H);
            }
        });
        variable_list out(2 + kMaxDirections * kWeightsPerDirection);
        for (int d = 0; d < D; ++d) {
            const float* gg = gradGates[d].data_ptr<float>();
            const int first = 2 + d * kWeightsPerDirection;
            if (ctx->needs_input_grad(d)) {
                out[d] = torch::empty_like(xs[d]);
                sgemm(false, false, BT, s.C, G4, 1.0f, gg, G4, wih[d].data_ptr<float>(), s.C, 0.0f,
                      out[d].data_ptr<float>(), s.C);
            }
            if (ctx->needs_input_grad(first)) {
                out[first] = torch::empty_like(wih[d]);
                sgemm(true, false, G4, s.C, BT, 1.0f, gg, G4, xs[d].data_ptr<float>(), s.C, 0.0f,
                      out[first].data_ptr<float>(), s.C);
            }
            if (ctx->needs_input_grad(first + 1)) {
                // Σ over steps t ≥ 1 of dGates_tᵀ · h_{t-1}: in the [B·T] row order h_{t-1} is the
                // row before, so one product over rows 1.. pairs every row with the previous one,
                // and a second takes back the B − 1 pairs that cross from one sequence to the next.
                out[first + 1] = torch::zeros_like(whh[d]);
                const float* h = outs[d].data_ptr<float>();
                float* dw = out[first + 1].data_ptr<float>();
                if (s.T > 1) {
                    sgemm(true, false, G4, s.H, BT - 1, 1.0f, gg + G4, G4, h, s.H, 0.0f, dw, s.H);
                    sgemm(true, false, G4, s.H, s.B - 1, -1.0f, gg + s.T * G4, s.T * G4, h + (s.T - 1) * s.H,
                          s.T * s.H, 1.0f, dw, s.H);
                }
            }
            if (ctx->needs_input_grad(first + 2) || ctx->needs_input_grad(first + 3)) {
                auto bias = gradGates[d].view({BT, G4}).sum(0);
                if (ctx->needs_input_grad(first + 2))
                    out[first + 2] = bias;
                if (ctx->needs_input_grad(first + 3))
                    out[first + 3] = bias.clone();
            }
        }
        return out;
    }
};

bool lstmFuses(const std::vector<torch::Tensor>& inputs, const std::vector<std::vector<torch::Tensor>>& weights)
{
    if (inputs.empty() || inputs.size() > kMaxDirections || weights.size() != inputs.size())
        return false;
    for (std::size_t d = 0; d < inputs.size(); ++d) {
        const auto& x = inputs[d];
        const auto& w = weights[d];
        if (!isFloatCpu(x) || x.dim() != 3 || x.size(0) == 0 || x.size(1) == 0 || w.size() != kWeightsPerDirection)
            return false;
        if (!std::all_of(w.begin(), w.end(), isFloatCpu) || !x.sizes().equals(inputs[0].sizes()))
            return false;
        const auto H = w[1].size(1);
        if (w[0].sizes() != torch::IntArrayRef{4 * H, x.size(2)} || w[1].sizes() != torch::IntArrayRef{4 * H, H} ||
            w[2].sizes() != torch::IntArrayRef{4 * H} || w[3].sizes() != torch::IntArrayRef{4 * H} ||
            H != weights[0][1].size(1))
            return false;
    }
    return true;
}
}  // namespace

std::vector<torch::Tensor> lstm(const std::vector<torch::Tensor>& inputs, const std::vector<std::vector<torch::Tensor>>& weights)
{
    if (!lstmFuses(inputs, weights)) {
        std::vector<torch::Tensor> out;
        for (std::size_t d = 0; d < inputs.size(); ++d)
            out.push_back(reference::lstm(inputs[d], weights[d]));
        return out;
    }
    const auto none = torch::empty({0}, inputs[0].options());
    const bool two = inputs.size() == 2;
    const auto& w0 = weights[0];
    const auto& w1 = two ? weights[1] : std::vector<torch::Tensor>(kWeightsPerDirection, none);
    auto outs = LstmFunction::apply(inputs[0], two ? inputs[1] : none, w0[0], w0[1], w0[2], w0[3], w1[0], w1[1], w1[2],
                                    w1[3]);
    if (!two)
        outs.pop_back();
    return outs;
}

namespace reference {
torch::Tensor lstm(const torch::Tensor& x, const std::vector<torch::Tensor>& weights)
{
    const auto hidden = weights[1].size(1);
    auto zeros = torch::zeros({1, x.size(0), hidden}, x.options());
    return std::get<0>(at::lstm(x, {zeros, zeros}, weights, weights.size() == kWeightsPerDirection, 1, 0.0,
                                torch::GradMode::is_enabled(), false, true));
}
}  // namespace reference

}  // namespace lathe::kernels
