// kernels::layerNorm against at::layer_norm computed in double: output and the gradients of
// input, weight and bias on every ISA path, widths below, at and past the vector widths, one row
// and many (split across threads); the same bits for one and two threads; constant rows; the
// module overload reads the module's eps; bf16 input and doubles take the documented paths.
#include "IsaLevels.h"
#include "kernels/Kernels.h"
#include "kernels/Precision.h"

#include <QtTest>

using namespace lathe;
using lathe::test::forEachIsa;

namespace {
struct Grads {
    torch::Tensor y, x, w, b;
};

Grads run(const torch::Tensor& x0, const torch::Tensor& w0, const torch::Tensor& b0, const torch::Tensor& up,
          double eps, bool fused)
{
    auto x = x0.clone().requires_grad_();
    auto w = w0.clone().requires_grad_();
    auto b = b0.clone().requires_grad_();
    auto y = fused ? kernels::layerNorm(x, w, b, eps) : at::layer_norm(x, {x.size(-1)}, w, b, eps);
    (y * up).sum().backward();
    return {y.detach(), x.grad(), w.grad(), b.grad()};
}

double maxDiff(const torch::Tensor& a, const torch::Tensor& b)
{
    return (a.to(torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>();
}
}  // namespace

class TestLayerNormKernel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void forwardAndGradientsMatchTorchOnEveryPath()
    {
        forEachIsa([](kernels::Isa isa) {
            for (auto shape : std::vector<std::vector<std::int64_t>>{{1, 1}, {3, 7}, {2, 5, 16}, {4, 130}, {32, 128, 128}}) {
                torch::manual_seed(static_cast<std::uint64_t>(shape.back()));
                auto x = torch::randn(shape) * 3.0 + 1.5;
                const auto W = shape.back();
                auto w = torch::randn({W});
                auto b = torch::randn({W});
                auto up = torch::randn(shape);
                const auto ours = run(x, w, b, up, 1e-5, true);
                const auto ref = run(x.to(torch::kDouble), w.to(torch::kDouble), b.to(torch::kDouble),
                                     up.to(torch::kDouble), 1e-5, false);
                const auto what = QStringLiteral("%1, width %2, %3 values")
                                      .arg(QString::fromLatin1(kernels::isaName(isa)))
                                      .arg(W)
                                      .arg(x.numel());
                // The parameter gradients sum over up to 4096 rows in fp32.
                const double rows = static_cast<double>(x.numel() / W);
                QVERIFY2(maxDiff(ours.y, ref.y) < 1e-5, qPrintable(what + QStringLiteral(": output")));
                QVERIFY2(maxDiff(ours.x, ref.x) < 5e-5, qPrintable(what + QStringLiteral(": input gradient")));
                QVERIFY2(maxDiff(ours.w, ref.w) < 2e-6 * rows + 1e-5, qPrintable(what + QStringLiteral(": weight gradient")));
                QVERIFY2(maxDiff(ours.b, ref.b) < 2e-6 * rows + 1e-5, qPrintable(what + QStringLiteral(": bias gradient")));
            }
        });
    }

    void oneAndTwoThreadsGiveTheSameBits()
    {
        torch::manual_seed(3);
        auto x = torch::randn({1000, 96});
        auto w = torch::randn({96});
        auto b = torch::randn({96});
        auto up = torch::randn({1000, 96});
        const int before = at::get_num_threads();
        at::set_num_threads(1);
        const auto one = run(x, w, b, up, 1e-5, true);
        at::set_num_threads(2);
        const auto two = run(x, w, b, up, 1e-5, true);
        at::set_num_threads(before);
        QVERIFY(torch::equal(one.y, two.y));
        QVERIFY(torch::equal(one.x, two.x));
        QVERIFY(torch::equal(one.w, two.w));
        QVERIFY(torch::equal(one.b, two.b));
    }

    void constantRowIsTheBiasWithFiniteGradients()
    {
        auto x = torch::full({2, 40}, 7.25f);
        auto w = torch::randn({40});
        auto b = torch::randn({40});
        const auto ours = run(x, w, b, torch::randn({2, 40}), 1e-5, true);
        QVERIFY(torch::allclose(ours.y, b.expand({2, 40}), 1e-6, 1e-6));
        QVERIFY(torch::isfinite(ours.x).all().item<bool>());
        QVERIFY(torch::isfinite(ours.w).all().item<bool>());
    }

    void moduleOverloadUsesItsParametersAndEps()
    {
        torch::nn::LayerNorm ln(torch::nn::LayerNormOptions({24}).eps(0.5));
        torch::NoGradGuard noGrad;
        ln->weight.normal_();
        ln->bias.normal_();
        auto x = torch::randn({5, 24}) * 0.3;
        QVERIFY(torch::allclose(kernels::layerNorm(x, ln), ln(x), 1e-5, 1e-6));
        // eps = 0.5 against 1e-5 changes a row of this spread visibly: the module's eps is used.
        QVERIFY(!torch::allclose(kernels::layerNorm(x, ln->weight, ln->bias, 1e-5), ln(x), 1e-3, 1e-3));
    }

    void toBf16WritesTheRoundedOutputInInferenceUnderMixedPrecisionOnly()
    {
        // Widths below one vector, between, and past the kernel's 64-value chunks.
        forEachIsa([](kernels::Isa isa) {
            for (std::int64_t W : {5, 24, 64, 130, 300}) {
                torch::nn::LayerNorm ln(torch::nn::LayerNormOptions({W}));
                {
                    torch::NoGradGuard noGrad;
                    ln->weight.normal_();
                    ln->bias.normal_();
                }
                auto x = torch::randn({3, 37, W}) * 2.0 + 0.7;
                const auto exact = kernels::layerNorm(x, ln).detach();
                torch::Tensor inference, training, plain;
                {
                    kernels::MixedPrecision mixed(true);
                    training = kernels::layerNormToBf16(x, ln);
                    torch::NoGradGuard noGrad;
                    inference = kernels::layerNormToBf16(x, ln);
                }
                {
                    torch::NoGradGuard noGrad;
                    plain = kernels::layerNormToBf16(x, ln);
                }
                const auto what = QStringLiteral("%1, width %2").arg(QLatin1String(kernels::isaName(isa))).arg(W);
                QCOMPARE(training.scalar_type(), torch::kFloat);
                QCOMPARE(plain.scalar_type(), torch::kFloat);
                QVERIFY2(torch::equal(training.detach(), exact), qPrintable(what));
                QVERIFY2(torch::equal(plain, exact), qPrintable(what));
                QCOMPARE(inference.scalar_type(), torch::kBFloat16);
                // The fp32 result rounded once; the variance summed in another order may move a
                // value across a rounding boundary (one bf16 step).
                const auto rounded = exact.to(torch::kBFloat16).to(torch::kFloat);
                const double off = (inference.to(torch::kFloat) - rounded).abs().max().item<double>();
                QVERIFY2(torch::allclose(inference.to(torch::kFloat), rounded, 8e-3, 1e-5),
                         qPrintable(what + QStringLiteral(": off by %1").arg(off)));
            }
        });
    }

    void bf16InputIsComputedInFp32AndDoublesUseTorch()
    {
        auto x = torch::randn({4, 32});
        auto w = torch::randn({32});
        auto b = torch::randn({32});
        auto y = kernels::layerNorm(x.to(torch::kBFloat16), w, b, 1e-5);
        QCOMPARE(y.scalar_type(), torch::kFloat);
        QVERIFY(torch::allclose(y, at::layer_norm(x.to(torch::kBFloat16).to(torch::kFloat), {32}, w, b, 1e-5), 1e-5, 1e-5));
        auto xd = x.to(torch::kDouble);
        auto wd = w.to(torch::kDouble);
        auto bd = b.to(torch::kDouble);
        QVERIFY(torch::equal(kernels::layerNorm(xd, wd, bd, 1e-5), at::layer_norm(xd, {32}, wd, bd, 1e-5)));
    }
};

QTEST_APPLESS_MAIN(TestLayerNormKernel)
#include "tst_layernormkernel.moc"
