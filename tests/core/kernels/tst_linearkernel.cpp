// kernels::linear (oneDNN sgemm forward and backward) against at::linear: outputs and all three
// gradients on odd shapes, with and without bias, a frozen weight, a frozen input, and one and
// two threads; the fallback (double) gives at::linear's results exactly. Under mixed precision
// the products take bf16-rounded operands and return fp32, checked against the same products of
// the rounded values in fp32; the rounding kernel matches LibTorch's bit for bit on every ISA.
#include "IsaLevels.h"
#include "kernels/Gemm.h"
#include "kernels/Kernels.h"
#include "kernels/Precision.h"

#include <ATen/Parallel.h>
#include <QtTest>

#include <cstring>

using namespace lathe;
using lathe::test::forEachIsa;

namespace {
struct Case {
    std::vector<std::int64_t> input;  // x's sizes; the last is `in`
    std::int64_t out;
    bool bias;
};

QString describe(const Case& c)
{
    QStringList dims;
    for (auto d : c.input)
        dims << QString::number(d);
    return QStringLiteral("x [%1] -> %2%3").arg(dims.join(u','), QString::number(c.out), c.bias ? u" +b" : u"");
}

double maxDiff(const torch::Tensor& a, const torch::Tensor& b)
{
    return (a - b).abs().max().item<double>();
}

void compare(const Case& c, bool weightGrad, bool inputGrad)
{
    torch::manual_seed(11);
    const auto in = c.input.back();
    auto x = torch::randn(c.input).requires_grad_(inputGrad);
    auto w = (torch::randn({c.out, in}) * 0.2).requires_grad_(weightGrad);
    auto b = c.bias ? torch::randn({c.out}).requires_grad_(true) : torch::Tensor();
    auto upstream = torch::randn([&] {
        auto s = c.input;
        s.back() = c.out;
        return s;
    }());

    auto y = kernels::linear(x, w, b);
    auto yRef = at::linear(x, w, b);
    QCOMPARE(y.sizes(), yRef.sizes());
    const auto what = describe(c);
    QVERIFY2(torch::allclose(y, yRef, 1e-4, 1e-5), qPrintable(what + QStringLiteral(": forward differs by %1")
                                                                     .arg(maxDiff(y, yRef))));
    if (!inputGrad && !weightGrad && !c.bias)
        return;
    std::vector<torch::Tensor> wrt;
    if (inputGrad)
        wrt.push_back(x);
    if (weightGrad)
        wrt.push_back(w);
    if (c.bias)
        wrt.push_back(b);
    const auto got = torch::autograd::grad({y}, wrt, {upstream});
    const auto expected = torch::autograd::grad({yRef}, wrt, {upstream});
    for (std::size_t i = 0; i < got.size(); ++i) {
        QVERIFY2(got[i].defined(), qPrintable(what + QStringLiteral(": gradient %1 missing").arg(i)));
        QVERIFY2(torch::allclose(got[i], expected[i], 1e-4, 1e-4),
                 qPrintable(what + QStringLiteral(": gradient %1 differs by %2").arg(i).arg(maxDiff(got[i], expected[i]))));
    }
}

const std::vector<Case> kCases = {
    {{1}, 1, false},            // a single element
    {{5, 7}, 3, true},          // smaller than any vector register
    {{2, 9, 33}, 17, true},     // 3-d input, odd everything
    {{3, 128, 128}, 384, true}, // the benchmark model's qkv projection
    {{4096, 130}, 1, false},    // many rows, one output
};
}  // namespace

class TestLinearKernel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesAtLinearOnOddShapes()
    {
        for (const auto& c : kCases)
            compare(c, true, true);
    }

    void frozenWeightOrInputGetsNoGradientAndTheRestAreRight()
    {
        for (const auto& c : kCases) {
            compare(c, false, true);
            compare(c, true, false);
        }
        // Autograd asks only for what it needs: a frozen weight has no gradient afterwards.
        auto x = torch::randn({4, 6}, torch::requires_grad());
        auto w = torch::randn({3, 6});
        kernels::linear(x, w).sum().backward();
        QVERIFY(x.grad().defined());
        QVERIFY(!w.grad().defined());
    }

    void agreesAcrossThreadCounts()
    {
        const int before = at::get_num_threads();
        torch::manual_seed(3);
        auto x = torch::randn({256, 128});
        auto w = torch::randn({512, 128});
        at::set_num_threads(1);
        auto one = kernels::linear(x, w);
        at::set_num_threads(2);
        auto two = kernels::linear(x, w);
        at::set_num_threads(before);
        QVERIFY2(torch::allclose(one, two, 1e-5, 1e-5), qPrintable(QString::number(maxDiff(one, two))));
    }

    void fallsBackToAtLinearForDoubles()
    {
        torch::manual_seed(4);
        auto x = torch::randn({8, 16});
        auto w = torch::randn({4, 16});
        auto b = torch::randn({4});
        QVERIFY(torch::equal(kernels::linear(x.to(torch::kDouble), w.to(torch::kDouble), b.to(torch::kDouble)),
                             at::linear(x.to(torch::kDouble), w.to(torch::kDouble), b.to(torch::kDouble))));
    }

    void roundsToBf16AsLibTorchDoesOnEveryIsa()
    {
        torch::manual_seed(5);
        // Random magnitudes over the whole range, then the cases rounding can get wrong: ties
        // (low half 0x8000) with an even and an odd kept half, the largest finite value (rounds
        // to infinity), infinities, NaN, zeros of both signs and subnormals.
        auto x = (torch::randn({1037}) * torch::pow(2.0, torch::randint(-60, 60, {1037}).to(torch::kFloat))).contiguous();
        const std::vector<std::uint32_t> special = {0x3F808000u, 0x3F818000u, 0x7F7FFFFFu, 0x7F800000u, 0xFF800000u,
                                                    0x7FC00001u, 0xFFA00000u, 0x00000000u, 0x80000000u, 0x00000001u,
                                                    0x807FFFFFu, 0x3F80FFFFu, 0x3F807FFFu};
        std::memcpy(x.data_ptr<float>() + 100, special.data(), special.size() * sizeof(std::uint32_t));
        // NaN stays NaN (LibTorch's vector path writes 0xFFFF, its scalar path 0x7FC0; ours 0x7FC0):
        // every other value bit for bit.
        const auto sameBits = [](const torch::Tensor& got, const torch::Tensor& in) {
            const auto nan = torch::isnan(in);
            const auto expected = in.to(torch::kBFloat16).contiguous().view(torch::kShort);
            return torch::equal(got.view(torch::kShort).masked_fill(nan, 0), expected.masked_fill(nan, 0)) &&
                   torch::equal(torch::isnan(got.to(torch::kFloat)), nan);
        };
        lathe::test::forEachIsa([&](kernels::Isa isa) {
            const auto got = kernels::toBf16(x);
            QCOMPARE(got.scalar_type(), torch::kBFloat16);
            QVERIFY2(sameBits(got, x), kernels::isaName(isa));
        });
        // Not contiguous: rounded in its logical order.
        auto t = x.narrow(0, 0, 1036).view({28, 37}).t();
        QVERIFY(sameBits(kernels::toBf16(t), t.contiguous()));
    }

    void linearGeluIsOneBf16ProductInInferenceAndExactOtherwise()
    {
        torch::manual_seed(21);
        auto x = torch::randn({3, 37, 64});
        auto w = torch::randn({96, 64}) * 0.2;
        auto b = torch::randn({96});
        auto w2 = torch::randn({16, 96}) * 0.2;
        // With gradients (training), or without mixed precision: exactly gelu(linear(...)).
        QVERIFY(torch::equal(kernels::linearGelu(x, w, b), kernels::gelu(kernels::linear(x, w, b))));
        const auto rounded = [](const torch::Tensor& t) { return t.to(torch::kBFloat16).to(torch::kFloat); };
        // References first: under autocast ATen's own products would run in bf16.
        const auto expected = at::gelu(at::linear(rounded(x), rounded(w), b));
        torch::Tensor y, z, trained, trainedRef;
        {
            kernels::MixedPrecision mixed(true);
            trained = kernels::linearGelu(x, w, b);
            trainedRef = kernels::gelu(kernels::linear(x, w, b));
            torch::NoGradGuard noGrad;
            y = kernels::linearGelu(x, w, b);
            if (y.scalar_type() == torch::kBFloat16)
                z = kernels::linear(y, w2);
        }
        // Training under mixed precision returns the activation in bf16, as the next product reads it.
        QCOMPARE(trained.scalar_type(), torch::kBFloat16);
        QVERIFY(torch::equal(trained, trainedRef.to(torch::kBFloat16)));
        if (y.scalar_type() != torch::kBFloat16) {
            QVERIFY(!kernels::bf16gemmFits(false, true, 3 * 37, 96, 64, 64, 64, 96, true));  // no bf16 path here
            return;
        }
        // One bf16 rounding of the activation (8 bits of mantissa) off the fp32 result.
        QVERIFY2(torch::allclose(y.to(torch::kFloat), expected, 8e-3, 1e-3),
                 qPrintable(QString::number(maxDiff(y.to(torch::kFloat), expected))));
        // The next layer takes the bf16 activation as it is, and returns fp32.
        QCOMPARE(z.scalar_type(), torch::kFloat);
        const auto zRef = at::linear(y.to(torch::kFloat), rounded(w2));
        QVERIFY2(torch::allclose(z, zRef, 1e-4, 1e-4), qPrintable(QString::number(maxDiff(z, zRef))));
    }

    void linearToBf16WritesBf16UnderMixedPrecisionOnly()
    {
        torch::manual_seed(34);
        for (bool withBias : {true, false}) {
            auto x = torch::randn({2, 45, 64});
            auto w = torch::randn({192, 64}) * 0.2;
            auto b = withBias ? torch::randn({192}) : torch::Tensor();
            torch::Tensor inference, fp32Product, training;
            // Without mixed precision it is exactly kernels::linear.
            QVERIFY(torch::equal(kernels::linearToBf16(x, w, b), kernels::linear(x, w, b)));
            {
                kernels::MixedPrecision mixed(true);
                training = kernels::linearToBf16(x, w, b);
                torch::NoGradGuard noGrad;
                inference = kernels::linearToBf16(x, w, b);
                fp32Product = kernels::linear(x, w, b);
                // A bf16 input is taken as it is.
                if (inference.scalar_type() == torch::kBFloat16)
                    QCOMPARE(kernels::linearToBf16(x.to(torch::kBFloat16), w, b).scalar_type(), torch::kBFloat16);
            }
            if (!kernels::bf16gemmFits(false, true, 90, 192, 64, 64, 64, 192, withBias, true)) {
                QVERIFY(torch::equal(inference, fp32Product));  // no bf16 path here
                continue;
            }
            QCOMPARE(inference.scalar_type(), torch::kBFloat16);
            // With gradients the same bf16 result, through an autograd function
            // (tst_selfattentionkernel checks its gradients).
            QCOMPARE(training.scalar_type(), torch::kBFloat16);
            QVERIFY(torch::equal(training, inference));
            // The same bf16 product (bias added in fp32) rounded once: one bf16 step at most.
            const auto rounded = fp32Product.to(torch::kBFloat16).to(torch::kFloat);
            QVERIFY2(torch::allclose(inference.to(torch::kFloat), rounded, 8e-3, 1e-5),
                     qPrintable(QString::number(maxDiff(inference.to(torch::kFloat), rounded))));
        }
    }

    void linearGeluTrainsInBf16WithItsGradientsOnEveryPath()
    {
        const auto rounded = [](const torch::Tensor& t) { return t.detach().to(torch::kBFloat16).to(torch::kFloat); };
        const auto relative = [](const torch::Tensor& got, const torch::Tensor& want) {
            return maxDiff(got, want) / std::max(1e-6, want.abs().max().item<double>());
        };
        // Rows that are not a multiple of the bias gradient's 64-row blocks, widths below a vector.
        const std::vector<Case> cases = {{{3, 37, 64}, 96, true}, {{1, 1, 8}, 5, true}, {{2, 130, 32}, 48, true}};
        forEachIsa([&](kernels::Isa isa) {
            for (const auto& c : cases) {
                torch::manual_seed(31);
                const auto in = c.input.back();
                auto x = torch::randn(c.input).requires_grad_(true);
                auto w = (torch::randn({c.out, in}) * 0.3).requires_grad_(true);
                auto b = torch::randn({c.out}).requires_grad_(true);
                torch::Tensor y;
                {
                    kernels::MixedPrecision mixed(true);
                    y = kernels::linearGelu(x, w, b);
                }
                const auto what = describe(c) + QStringLiteral(" on ") + QString::fromLatin1(kernels::isaName(isa));
                QCOMPARE(y.scalar_type(), torch::kBFloat16);
                const auto pre = at::linear(rounded(x), rounded(w), b.detach());
                const auto yRef = at::gelu(pre);
                QVERIFY2(torch::allclose(y.to(torch::kFloat), yRef, 8e-3, 1e-3),
                         qPrintable(what + QStringLiteral(": forward differs by %1").arg(maxDiff(y.to(torch::kFloat), yRef))));
                auto upstream = torch::randn(y.sizes()).to(torch::kBFloat16);
                y.backward(upstream);
                // The pre-activation's gradient in fp32 from the bf16 upstream: the bias gradient
                // sums it; the products take it rounded to bf16.
                const auto gpre = at::gelu_backward(upstream.to(torch::kFloat), pre).reshape({-1, c.out});
                const auto gb = gpre.sum(0);
                const auto gx = rounded(gpre).mm(rounded(w)).view(x.sizes());
                const auto gw = rounded(gpre).t().mm(rounded(x).reshape({-1, in}));
                QCOMPARE(x.grad().scalar_type(), torch::kFloat);
                QVERIFY2(relative(b.grad(), gb) < 1e-4,
                         qPrintable(what + QStringLiteral(": bias gradient off by %1").arg(relative(b.grad(), gb))));
                QVERIFY2(relative(x.grad(), gx) < 2e-2,
                         qPrintable(what + QStringLiteral(": input gradient off by %1").arg(relative(x.grad(), gx))));
                QVERIFY2(relative(w.grad(), gw) < 2e-2,
                         qPrintable(what + QStringLiteral(": weight gradient off by %1").arg(relative(w.grad(), gw))));
            }
        });
    }

    void aFeedForwardUnderMixedPrecisionPassesBf16BetweenItsProducts()
    {
        // up -> GELU (bf16) -> down: the down product's input gradient comes back in bf16 and the
        // whole chain stays within bf16 rounding of the fp32 computation.
        torch::manual_seed(32);
        auto x = torch::randn({4, 50, 64}).requires_grad_(true);
        auto w1 = (torch::randn({256, 64}) * 0.15).requires_grad_(true);
        auto b1 = (torch::randn({256}) * 0.1).requires_grad_(true);
        auto w2 = (torch::randn({64, 256}) * 0.08).requires_grad_(true);
        auto b2 = torch::randn({64}).requires_grad_(true);
        auto upstream = torch::randn({4, 50, 64});
        const auto run = [&](bool mixedOn) {
            for (auto* t : {&x, &w1, &b1, &w2, &b2})
                t->mutable_grad() = torch::Tensor();
            torch::Tensor y;
            {
                kernels::MixedPrecision mixed(mixedOn);
                y = kernels::linear(kernels::linearGelu(x, w1, b1), w2, b2);
            }
            y.backward(upstream);
            return std::vector<torch::Tensor>{y.detach(), x.grad(), w1.grad(), b1.grad(), w2.grad(), b2.grad()};
        };
        const auto exact = run(false);
        const auto mixed = run(true);
        QCOMPARE(mixed[0].scalar_type(), torch::kFloat);
        const char* names[] = {"output", "x", "up weight", "up bias", "down weight", "down bias"};
        for (std::size_t i = 0; i < exact.size(); ++i) {
            const double off = maxDiff(mixed[i], exact[i]) / exact[i].abs().max().item<double>();
            // A few bf16 roundings (2^-8 each) of operands and gradients.
            QVERIFY2(off < 3e-2, qPrintable(QStringLiteral("%1 off by %2").arg(QLatin1String(names[i])).arg(off)));
        }
    }

    void linearGeluBiasGradientIsTheSameForAnyThreadCount()
    {
        const int before = at::get_num_threads();
        torch::manual_seed(33);
        auto x = torch::randn({8, 129, 128}).requires_grad_(true);
        auto w = (torch::randn({512, 128}) * 0.1).requires_grad_(true);
        auto b = torch::randn({512}).requires_grad_(true);
        auto upstream = torch::randn({8, 129, 512}).to(torch::kBFloat16);
        std::vector<torch::Tensor> grads;
        for (int threads : {1, 2}) {
            at::set_num_threads(threads);
            b.mutable_grad() = torch::Tensor();
            kernels::MixedPrecision mixed(true);
            kernels::linearGelu(x, w, b).backward(upstream);
            grads.push_back(b.grad().clone());
        }
        at::set_num_threads(before);
        QVERIFY(torch::equal(grads[0], grads[1]));
    }

    void underMixedPrecisionProductsTakeBf16OperandsAndReturnFp32()
    {
        const auto rounded = [](const torch::Tensor& t) { return t.detach().to(torch::kBFloat16).to(torch::kFloat); };
        for (const auto& c : kCases) {
            torch::manual_seed(12);
            const auto in = c.input.back();
            auto x = torch::randn(c.input).requires_grad_(true);
            auto w = (torch::randn({c.out, in}) * 0.2).requires_grad_(true);
            auto b = c.bias ? torch::randn({c.out}).requires_grad_(true) : torch::Tensor();
            torch::Tensor y;
            {
                kernels::MixedPrecision mixed(true);
                y = kernels::linear(x, w, b);
            }
            const auto what = describe(c);
            QCOMPARE(y.scalar_type(), torch::kFloat);
            // The product of the rounded operands, accumulated in fp32 (in another order).
            const auto yRef = at::linear(rounded(x), rounded(w), c.bias ? b.detach() : torch::Tensor());
            QVERIFY2(torch::allclose(y, yRef, 1e-4, 1e-4),
                     qPrintable(what + QStringLiteral(": forward differs by %1").arg(maxDiff(y, yRef))));
            // And it is not the fp32 product: the operands really were rounded.
            if (x.numel() * w.numel() > 1000)
                QVERIFY2(!torch::allclose(y, at::linear(x.detach(), w.detach(), c.bias ? b.detach() : torch::Tensor()),
                                          1e-6, 1e-6),
                         qPrintable(what));
            auto upstream = torch::randn(y.sizes());
            y.backward(upstream);
            const auto g = rounded(upstream).reshape({-1, c.out});
            const auto gx = g.mm(rounded(w)).view(x.sizes());
            const auto gw = g.t().mm(rounded(x).reshape({-1, in}));
            QVERIFY2(torch::allclose(x.grad(), gx, 1e-4, 1e-4),
                     qPrintable(what + QStringLiteral(": input gradient differs by %1").arg(maxDiff(x.grad(), gx))));
            QVERIFY2(torch::allclose(w.grad(), gw, 1e-4, 1e-3),
                     qPrintable(what + QStringLiteral(": weight gradient differs by %1").arg(maxDiff(w.grad(), gw))));
            if (c.bias)
                QVERIFY2(torch::allclose(b.grad(), upstream.reshape({-1, c.out}).sum(0), 1e-4, 1e-4), qPrintable(what));
        }
    }
};

QTEST_APPLESS_MAIN(TestLinearKernel)
#include "tst_linearkernel.moc"
