// kernels::gelu against torch's erf GELU computed in double: forward and backward on every ISA
// path, lengths that are not a multiple of any vector width, one value and many (split across
// threads), magnitudes from the far tails to zero; bf16 input and doubles take the documented paths.
#include "IsaLevels.h"
#include "kernels/Kernels.h"

#include <QtTest>

using namespace lathe;
using lathe::test::forEachIsa;

namespace {
torch::Tensor inputs(std::int64_t n)
{
    torch::manual_seed(n);
    auto x = torch::randn({n}) * 3.0;
    // The tails and zero, where erf saturates or the polynomial is least accurate.
    const float special[] = {0.0f, -0.0f, 1e-8f, -1e-8f, 0.5f, -0.5f, 2.2f, -2.2f, 6.0f, -6.0f, 15.0f, -15.0f, 40.0f, -40.0f};
    for (std::int64_t i = 0; i < std::min<std::int64_t>(n, 14); ++i)
        x[i] = special[i];
    return x;
}
}  // namespace

class TestGeluKernel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void forwardAndBackwardMatchTorchOnEveryPath()
    {
        forEachIsa([](kernels::Isa isa) {
            for (std::int64_t n : {1, 7, 33, 1000, 100003}) {
                auto x = inputs(n).requires_grad_();
                auto y = kernels::gelu(x);
                auto upstream = torch::randn({n});
                (y * upstream).sum().backward();
                auto xd = x.detach().to(torch::kDouble).requires_grad_();
                auto yd = at::gelu(xd);
                (yd * upstream.to(torch::kDouble)).sum().backward();
                const auto what = QStringLiteral("%1, n = %2").arg(QString::fromLatin1(kernels::isaName(isa))).arg(n);
                const double fwd = (y.detach().to(torch::kDouble) - yd.detach()).abs().max().item<double>();
                const double bwd = (x.grad().to(torch::kDouble) - xd.grad()).abs().max().item<double>();
                // A&S 7.1.26 is good to 1.5e-7 in erf; with float rounding, a few e-6 at |x| <= 40.
                QVERIFY2(fwd < 5e-6, qPrintable(what + QStringLiteral(": forward off by %1").arg(fwd)));
                QVERIFY2(bwd < 5e-6, qPrintable(what + QStringLiteral(": backward off by %1").arg(bwd)));
            }
        });
    }

    void agreesWithTorchOnAFineGrid()
    {
        auto x = torch::linspace(-8.0, 8.0, 160001);
        const double diff = (kernels::gelu(x).to(torch::kDouble) - at::gelu(x.to(torch::kDouble))).abs().max().item<double>();
        QVERIFY2(diff < 2e-6, qPrintable(QString::number(diff)));
    }

    void nanStaysNan()
    {
        auto x = torch::tensor({1.0f, std::numeric_limits<float>::quiet_NaN(), -1.0f});
        auto y = kernels::gelu(x);
        QVERIFY(std::isnan(y[1].item<float>()));
        QVERIFY(!std::isnan(y[0].item<float>()) && !std::isnan(y[2].item<float>()));
    }

    void bf16InputIsComputedInFp32AndDoublesUseTorch()
    {
        auto x = torch::randn({64});
        auto y = kernels::gelu(x.to(torch::kBFloat16));
        QCOMPARE(y.scalar_type(), torch::kFloat);
        QVERIFY(torch::allclose(y, at::gelu(x.to(torch::kBFloat16).to(torch::kFloat)), 1e-5, 5e-6));
        auto xd = x.to(torch::kDouble);
        QVERIFY(torch::equal(kernels::gelu(xd), at::gelu(xd)));
    }
};

QTEST_APPLESS_MAIN(TestGeluKernel)
#include "tst_gelukernel.moc"
