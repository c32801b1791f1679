// kernels::linear (oneDNN sgemm forward and backward) against at::linear: outputs and all three
// gradients on odd shapes, with and without bias, a frozen weight, a frozen input, and one and
// two threads; the fallbacks (autocast, double) give at::linear's results exactly.
#include "kernels/Kernels.h"

#include <ATen/Parallel.h>
#include <ATen/autocast_mode.h>
#include <QtTest>

using namespace lathe;

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

    void fallsBackToAtLinearUnderAutocastAndForDoubles()
    {
        torch::manual_seed(4);
        auto x = torch::randn({8, 16});
        auto w = torch::randn({4, 16});
        auto b = torch::randn({4});
        QVERIFY(torch::equal(kernels::linear(x.to(torch::kDouble), w.to(torch::kDouble), b.to(torch::kDouble)),
                             at::linear(x.to(torch::kDouble), w.to(torch::kDouble), b.to(torch::kDouble))));
        at::autocast::set_cpu_enabled(true);
        at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
        auto y = kernels::linear(x, w, b);
        at::autocast::set_cpu_enabled(false);
        at::autocast::clear_cache();
        QCOMPARE(y.scalar_type(), at::kBFloat16);  // the autocast path, not ours
    }
};

QTEST_APPLESS_MAIN(TestLinearKernel)
#include "tst_linearkernel.moc"
