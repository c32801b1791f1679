// Fused multi-head self-attention (BLAS per head in place, masks, softmax and dropout by our
// kernel) against the plain-ATen reference computed in double: forward, backward and the
// probabilities handed out for inspection, on every ISA path and for odd shapes. Under mixed
// precision, against the same computation in ATen with bf16 rounding at the same points.
#include "IsaLevels.h"
#include "kernels/Gemm.h"
#include "kernels/Kernels.h"
#include "kernels/Precision.h"

#include <QtTest>

using namespace lathe;
using lathe::test::forEachIsa;

namespace {
struct Shape {
    std::int64_t batch, tokens, heads, headWidth;
};
const std::vector<Shape> kShapes{{1, 1, 1, 4}, {2, 5, 2, 3}, {3, 17, 4, 8}, {2, 33, 1, 16}, {2, 128, 4, 32}};

torch::Tensor paddingFor(const Shape& s)
{
    auto pad = torch::zeros({s.batch, s.tokens}, torch::kBool);
    for (std::int64_t b = 1; b < s.batch; ++b)
        pad.index_put_({b, torch::indexing::Slice(std::max<std::int64_t>(1, s.tokens - 3 * b), torch::indexing::None)},
                       true);
    return pad;
}
}  // namespace

class TestSelfAttentionKernel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::manual_seed(6); }

    void forwardBackwardAndProbabilitiesMatchTheReference()
    {
        forEachIsa([](kernels::Isa isa) {
            for (const auto& s : kShapes)
                for (bool causal : {false, true})
                    for (double p : {0.0, 0.2}) {
                        const auto D = s.heads * s.headWidth;
                        auto qkv = torch::randn({s.batch, s.tokens, 3 * D}, torch::requires_grad());
                        auto pad = paddingFor(s);
                        auto w = torch::randn({s.batch, s.tokens, D});
                        torch::Tensor probs, probsRef;
                        auto y = kernels::selfAttentionWithSeed(qkv, pad, int(s.heads), causal, p, 91, &probs);
                        (y * w).sum().backward();
                        auto ref = qkv.detach().to(torch::kDouble).requires_grad_();
                        auto yr = kernels::reference::selfAttention(ref, pad, int(s.heads), causal, p, 91, &probsRef);
                        (yr * w.to(torch::kDouble)).sum().backward();
                        const auto what = QStringLiteral("%1 [%2,%3,%4x%5] causal %6 p %7")
                                              .arg(QLatin1String(kernels::isaName(isa))).arg(s.batch).arg(s.tokens).arg(s.heads)
                                              .arg(s.headWidth).arg(causal).arg(p);
                        QVERIFY2(torch::allclose(y.to(torch::kDouble), yr, 1e-4, 1e-5), qPrintable(what));
                        QVERIFY2(torch::allclose(probs.to(torch::kDouble), probsRef, 1e-5, 1e-6), qPrintable(what));
                        QVERIFY2(torch::allclose(qkv.grad().to(torch::kDouble), ref.grad(), 1e-3, 1e-4),
                                 qPrintable(what + QStringLiteral(": max grad difference %1")
                                                       .arg((qkv.grad().to(torch::kDouble) - ref.grad())
                                                                .abs().max().item<double>())));
                    }
        });
    }

    void underMixedPrecisionTheProductsRoundTheirOperandsToBf16()
    {
        // Rounded forward, exact gradient (q, k, v, the dropped probabilities), and exact forward,
        // rounded gradient (dS, dC): where the fused kernel rounds, and nothing else.
        const auto rounded = [](const torch::Tensor& x) {
            return x.detach().to(torch::kBFloat16).to(torch::kFloat) + (x - x.detach());
        };
        const auto gradRounded = [](const torch::Tensor& x) {
            auto r = x.to(torch::kBFloat16).to(torch::kFloat);
            return x.detach() + (r - r.detach());
        };
        for (const auto& s : {Shape{3, 17, 4, 8}, Shape{2, 128, 4, 32}})
            for (bool causal : {false, true})
                for (double p : {0.0, 0.2}) {
                    const auto D = s.heads * s.headWidth;
                    auto qkv = torch::randn({s.batch, s.tokens, 3 * D}, torch::requires_grad());
                    auto pad = paddingFor(s);
                    auto w = torch::randn({s.batch, s.tokens, D});
                    torch::Tensor y;
                    {
                        kernels::MixedPrecision mixed(true);
                        y = kernels::selfAttentionWithSeed(qkv, pad, int(s.heads), causal, p, 91);
                    }
                    QCOMPARE(y.scalar_type(), torch::kFloat);
                    (y * w).sum().backward();
                    const auto fp32 = kernels::selfAttentionWithSeed(qkv.detach(), pad, int(s.heads), causal, p, 91);

                    auto ref = qkv.detach().clone().requires_grad_();
                    const auto B = s.batch, T = s.tokens, H = s.heads, dh = s.headWidth;
                    auto parts = ref.view({B, T, 3, H, dh}).permute({2, 0, 3, 1, 4});
                    auto scores = gradRounded(torch::matmul(rounded(parts[0]), rounded(parts[1]).transpose(-2, -1)));
                    auto probs = kernels::reference::attentionProbabilities(scores, pad, causal,
                                                                            1.0 / std::sqrt(double(dh)), p, 91);
                    auto yr = gradRounded(torch::matmul(rounded(probs), rounded(parts[2]))).transpose(1, 2).reshape({B, T, D});
                    (yr * w).sum().backward();

                    const auto what = QStringLiteral("[%1,%2,%3x%4] causal %5 p %6").arg(B).arg(T).arg(H).arg(dh).arg(causal).arg(p);
                    if (!kernels::bf16gemmFits(false, true, T, T, dh, 3 * D, 3 * D, T)) {
                        // No bf16 products here: the fp32 path ran.
                        QVERIFY2(torch::allclose(y, fp32, 1e-5, 1e-6), qPrintable(what));
                        continue;
                    }
                    const double offRounded = (y - yr).abs().max().item<double>();
                    const double offFp32 = (y - fp32).abs().max().item<double>();
                    QVERIFY2(offRounded < 2e-3 && offRounded < 0.25 * offFp32,
                             qPrintable(what + QStringLiteral(": %1 from the rounded reference, %2 from fp32").arg(offRounded).arg(offFp32)));
                    const double gradOff = (qkv.grad() - ref.grad()).abs().max().item<double>();
                    const double gradScale = ref.grad().abs().max().item<double>();
                    QVERIFY2(gradOff < 5e-3 * gradScale,
                             qPrintable(what + QStringLiteral(": gradient %1 from the rounded reference (largest %2)").arg(gradOff).arg(gradScale)));
                }
    }

    void aBf16ProjectionStaysBf16ThroughTraining()
    {
        // linearToBf16 -> attention -> output projection under mixed precision with gradients:
        // q, k, v, the context and their gradients travel in bf16, rounded where the fp32-qkv
        // path rounds them anyway, so the results agree with it to the products' last bits
        // (and the projection's bias gradient sums the rounded gradient).
        for (bool causal : {false, true})
            for (double p : {0.0, 0.2}) {
                const Shape s{2, 40, 4, 8};
                const auto D = s.heads * s.headWidth;
                torch::manual_seed(61);
                auto x = torch::randn({s.batch, s.tokens, D}, torch::requires_grad());
                auto w = (torch::randn({3 * D, D}) * 0.2).requires_grad_();
                auto b = (torch::randn({3 * D}) * 0.1).requires_grad_();
                auto wo = (torch::randn({D, D}) * 0.2).requires_grad_();
                auto pad = paddingFor(s);
                auto upstream = torch::randn({s.batch, s.tokens, D});
                const auto run = [&](bool bf16Qkv) {
                    for (auto* t : {&x, &w, &b, &wo})
                        t->mutable_grad() = torch::Tensor();
                    kernels::MixedPrecision mixed(true);
                    const auto qkv = bf16Qkv ? kernels::linearToBf16(x, w, b) : kernels::linear(x, w, b);
                    const auto context = kernels::selfAttentionWithSeed(qkv, pad, int(s.heads), causal, p, 17);
                    const auto y = kernels::linear(context, wo);
                    y.backward(upstream);
                    return std::vector<torch::Tensor>{qkv.detach(), context.detach(), y.detach(), x.grad(),
                                                      w.grad(),     b.grad(),         wo.grad()};
                };
                const auto fp32Qkv = run(false);
                const auto bf16Qkv = run(true);
                const auto what = QStringLiteral("causal %1 p %2").arg(causal).arg(p);
                if (!kernels::bf16gemmFits(false, false, s.tokens, s.headWidth, s.tokens, s.tokens, 3 * D, D, false,
                                           true)) {
                    QCOMPARE(bf16Qkv[0].scalar_type(), torch::kFloat);  // no bf16 products here
                    continue;
                }
                QCOMPARE(bf16Qkv[0].scalar_type(), torch::kBFloat16);
                QCOMPARE(bf16Qkv[1].scalar_type(), torch::kBFloat16);
                QCOMPARE(fp32Qkv[1].scalar_type(), torch::kFloat);
                const char* names[] = {"qkv", "context", "output", "x grad", "w grad", "b grad", "wo grad"};
                for (std::size_t i = 0; i < fp32Qkv.size(); ++i) {
                    const auto got = bf16Qkv[i].to(torch::kFloat), want = fp32Qkv[i].to(torch::kFloat);
                    const double off = (got - want).abs().max().item<double>() / want.abs().max().item<double>();
                    QVERIFY2(off < 1e-2, qPrintable(what + QStringLiteral(": %1 off by %2").arg(QLatin1String(names[i])).arg(off)));
                }
            }
    }

    void inferenceUnderMixedPrecisionMatchesTheTrainingForward()
    {
        // Without gradients or probabilities the scores stay in a per-thread buffer: same
        // products, same softmax (written straight in bf16 by each ISA's kernel), and the
        // context of the forward that keeps them, rounded to bf16 for the output projection. A
        // causal head of 128 tokens or more runs in blocks of 64 query rows against the keys
        // each can see (200: a short last block; 256: the GPT benchmark's length).
        const Shape shapes[] = {{3, 40, 4, 8}, {2, 128, 2, 16}, {2, 200, 2, 16}, {1, 256, 4, 32}};
        forEachIsa([&](kernels::Isa isa) {
        for (std::size_t c = 0; c < 2 * std::size(shapes); ++c) {
            const auto& s = shapes[c / 2];
            const bool causal = c % 2 == 1;
            auto qkv = torch::randn({s.batch, s.tokens, 3 * s.heads * s.headWidth});
            auto pad = paddingFor(s);
            const auto fp32 = kernels::reference::selfAttention(qkv, pad, int(s.heads), causal, 0.0, 0);
            torch::Tensor probs, kept, lean;
            {
                kernels::MixedPrecision mixed(true);
                kept = kernels::selfAttention(qkv, pad, int(s.heads), causal, 0.3, false, &probs);
                torch::NoGradGuard noGrad;
                lean = kernels::selfAttention(qkv, pad, int(s.heads), causal, 0.3, false);
            }
            const auto D = 3 * s.heads * s.headWidth;
            if (!kernels::bf16gemmFits(false, true, s.tokens, s.tokens, s.headWidth, D, D, s.tokens)) {
                QVERIFY(torch::allclose(lean, kept, 1e-6, 1e-6));
                continue;
            }
            QCOMPARE(lean.scalar_type(), torch::kBFloat16);
            const auto rounded = kept.to(torch::kBFloat16).to(torch::kFloat);
            // Equal but where the two products' last bits put a value on the other side of a
            // bf16 rounding boundary: one bf16 step (2^-7 relative at most).
            QVERIFY2(torch::allclose(lean.to(torch::kFloat), rounded, 8e-3, 1e-6),
                     qPrintable(QStringLiteral("%1, T %2 causal %3: %4").arg(QLatin1String(kernels::isaName(isa)))
                                    .arg(s.tokens).arg(causal)
                                    .arg((lean.to(torch::kFloat) - rounded).abs().max().item<double>())));
            // And both ran bf16 products.
            QVERIFY(!torch::allclose(kept, fp32, 1e-6, 1e-6));
        }
        });
    }

    void evaluationHasNoDropoutAndHandsOutTheProbabilities()
    {
        auto qkv = torch::randn({2, 9, 3 * 8});
        torch::Tensor probs;
        torch::NoGradGuard noGrad;
        auto a = kernels::selfAttention(qkv, {}, 2, true, 0.5, false, &probs);
        auto b = kernels::reference::selfAttention(qkv, {}, 2, true, 0.0, 0);
        QVERIFY(torch::allclose(a, b, 1e-5, 1e-6));
        QCOMPARE(probs.sizes().vec(), (std::vector<std::int64_t>{2, 2, 9, 9}));
        QVERIFY(torch::allclose(probs.sum(-1), torch::ones({2, 2, 9}), 1e-5, 1e-6));
    }

    void oneAndTwoThreadPathsAgree()
    {
        // Threads split the heads between them; same step stream, same masks: same results,
        // outputs and gradients.
        const int before = at::get_num_threads();
        auto qkv = torch::randn({3, 21, 3 * 12});
        auto pad = paddingFor({3, 21, 3, 4});
        auto upstream = torch::randn({3, 21, 12});
        const auto run = [&](int threads) {
            at::set_num_threads(threads);
            kernels::DropoutStreams::StepScope scope(4, 7);
            torch::Tensor probs;
            auto x = qkv.clone().requires_grad_();
            auto y = kernels::selfAttention(x, pad, 3, true, 0.2, true, &probs);
            (y * upstream).sum().backward();
            return std::make_tuple(y.detach(), probs, x.grad());
        };
        const auto [one, probsOne, gradOne] = run(1);
        const auto [two, probsTwo, gradTwo] = run(2);
        at::set_num_threads(before);
        QVERIFY(torch::allclose(one, two, 1e-5, 1e-6));
        QVERIFY(torch::allclose(probsOne, probsTwo, 1e-5, 1e-6));
        QVERIFY(torch::allclose(gradOne, gradTwo, 1e-5, 1e-6));
    }

    void trainingDrawsItsMaskFromTheStepStream()
    {
        auto qkv = torch::randn({2, 16, 3 * 8});
        const auto at = [&](std::int64_t step) {
            kernels::DropoutStreams::StepScope scope(9, step);
            return kernels::selfAttention(qkv, {}, 2, false, 0.3, true);
        };
        QVERIFY(torch::equal(at(3), at(3)));
        QVERIFY(!torch::equal(at(3), at(4)));
    }
};

QTEST_APPLESS_MAIN(TestSelfAttentionKernel)
#include "tst_selfattentionkernel.moc"
