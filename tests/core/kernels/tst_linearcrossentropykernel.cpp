// kernels::linearCrossEntropy (the output layer and the loss in blocks of rows) against
// cross_entropy(at::linear(...)) computed in double: the loss and the gradients of x, weight
// and bias on every ISA path, on odd shapes, several blocks with a partial last one, ignored
// rows, a frozen weight, a scaled upstream gradient, one and two threads; under mixed precision
// against the same computation on bf16-rounded operands.
#include "IsaLevels.h"
#include "kernels/Gemm.h"
#include "kernels/Kernels.h"
#include "kernels/Precision.h"

#include <ATen/Parallel.h>
#include <QtTest>

using namespace lathe;
using lathe::test::forEachIsa;

namespace {
struct Case {
    std::int64_t rows, width, classes;
    bool bias;
    std::int64_t blockRows;  // 0: the default
};

QString describe(const Case& c)
{
    return QStringLiteral("%1 rows x %2 -> %3 classes%4, blocks of %5")
        .arg(c.rows)
        .arg(c.width)
        .arg(c.classes)
        .arg(c.bias ? QStringLiteral(" +b") : QString())
        .arg(c.blockRows);
}

struct Result {
    torch::Tensor loss, x, w, b;
};

struct Inputs {
    torch::Tensor x, w, b, target;
};

// Targets in range, every third row ignored (id 0 is the ignored class, as <pad> is).
Inputs inputs(const Case& c, std::uint64_t seed)
{
    torch::manual_seed(static_cast<std::int64_t>(seed));
    Inputs in;
    in.x = torch::randn({c.rows, c.width});
    in.w = torch::randn({c.classes, c.width}) * 0.3;
    in.b = c.bias ? torch::randn({c.classes}) : torch::Tensor();
    in.target = torch::randint(1, std::max<std::int64_t>(c.classes, 2), {c.rows}).clamp_max(c.classes - 1);
    for (std::int64_t i = 0; i < c.rows; i += 3)
        in.target[i] = 0;
    return in;
}

Result run(const Inputs& in, bool fused, std::int64_t blockRows, double upstream = 1.0, bool weightGrad = true)
{
    const auto dtype = fused ? torch::kFloat : torch::kDouble;
    // Copies: to() with the same type would hand back the inputs themselves.
    auto x = in.x.to(dtype).clone().requires_grad_();
    auto w = in.w.to(dtype).clone().requires_grad_(weightGrad);
    auto b = in.b.defined() ? in.b.to(dtype).clone().requires_grad_() : torch::Tensor();
    auto loss = fused ? kernels::linearCrossEntropy(x, w, b, in.target, 0, blockRows)
                      : kernels::reference::linearCrossEntropy(x, w, b, in.target, 0);
    (loss * upstream).backward();
    return {loss.detach(), x.grad(), w.grad(), b.defined() ? b.grad() : torch::Tensor()};
}

double maxDiff(const torch::Tensor& a, const torch::Tensor& b)
{
    return (a.to(torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>();
}

bool close(const torch::Tensor& got, const torch::Tensor& expected, double tolerance)
{
    return got.defined() && torch::allclose(got.to(torch::kDouble), expected.to(torch::kDouble), tolerance, tolerance);
}

void compare(const Case& c, const Result& got, const Result& expected, double tolerance, const QString& where)
{
    const auto what = describe(c) + where;
    QVERIFY2(close(got.loss, expected.loss, tolerance),
             qPrintable(what + QStringLiteral(": loss %1 against %2")
                                   .arg(got.loss.item<double>())
                                   .arg(expected.loss.item<double>())));
    QVERIFY2(close(got.x, expected.x, tolerance),
             qPrintable(what + QStringLiteral(": x's gradient differs by %1").arg(maxDiff(got.x, expected.x))));
    QVERIFY2(close(got.w, expected.w, tolerance),
             qPrintable(what + QStringLiteral(": weight's gradient differs by %1").arg(maxDiff(got.w, expected.w))));
    if (c.bias)
        QVERIFY2(close(got.b, expected.b, tolerance),
                 qPrintable(what + QStringLiteral(": bias's gradient differs by %1").arg(maxDiff(got.b, expected.b))));
}

const std::vector<Case> kCases = {
    {4, 1, 2, false, 0},         // the smallest layer: one input, two classes
    {2, 1, 2, true, 0},          // one predicting row
    {5, 7, 3, true, 0},          // narrower than any vector register
    {37, 33, 1001, true, 16},    // three blocks, the last partial; classes past a vector multiple
    {130, 128, 8000, false, 0},  // a word vocabulary, the default block
    {64, 24, 17, true, 1},       // a block per row
};
}  // namespace

class TestLinearCrossEntropyKernel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesCrossEntropyOfLinearOnEveryPath()
    {
        forEachIsa([&](kernels::Isa isa) {
            for (const auto& c : kCases) {
                const auto in = inputs(c, 7);
                compare(c, run(in, true, c.blockRows), run(in, false, 0), 2e-5,
                        QStringLiteral(" (%1)").arg(QString::fromLatin1(kernels::isaName(isa))));
                if (QTest::currentTestFailed())
                    return;
            }
        });
    }

    void ignoredRowsGetNoGradientAndNoRowGivesZero()
    {
        const Case c{12, 8, 10, true, 4};
        const auto in = inputs(c, 3);
        const auto got = run(in, true, c.blockRows);
        for (std::int64_t i = 0; i < c.rows; i += 3)
            QVERIFY2(got.x[i].abs().max().item<float>() == 0.0f, qPrintable(QStringLiteral("row %1").arg(i)));
        QVERIFY(got.x[1].abs().max().item<float>() > 0.0f);

        // Every row ignored: loss 0 and zero gradients (cross_entropy's mean over nothing is NaN).
        auto all = in;
        all.target = torch::zeros({c.rows}, torch::kLong);
        const auto none = run(all, true, 0);
        QCOMPARE(none.loss.item<float>(), 0.0f);
        QCOMPARE(none.x.abs().max().item<float>(), 0.0f);
        QCOMPARE(none.w.abs().max().item<float>(), 0.0f);
        QCOMPARE(none.b.abs().max().item<float>(), 0.0f);
    }

    void scalesItsGradientsByTheUpstreamOne()
    {
        const Case c{20, 16, 50, true, 8};
        const auto in = inputs(c, 5);
        const auto once = run(in, true, c.blockRows);
        const auto thrice = run(in, true, c.blockRows, 3.0);
        QVERIFY(torch::allclose(thrice.x, once.x * 3, 1e-6, 1e-7));
        QVERIFY(torch::allclose(thrice.w, once.w * 3, 1e-6, 1e-7));
        QVERIFY(torch::allclose(thrice.b, once.b * 3, 1e-6, 1e-7));
    }

    void frozenWeightGetsNoGradient()
    {
        const Case c{20, 16, 50, false, 8};
        const auto in = inputs(c, 6);
        const auto got = run(in, true, c.blockRows, 1.0, false);
        QVERIFY(!got.w.defined());
        const auto expected = run(in, false, 0, 1.0, false);
        QVERIFY2(close(got.x, expected.x, 2e-5), qPrintable(QString::number(maxDiff(got.x, expected.x))));
    }

    void agreesAcrossThreadCountsAndBlockSizes()
    {
        const int before = at::get_num_threads();
        const Case c{300, 64, 700, true, 0};
        const auto in = inputs(c, 8);
        at::set_num_threads(1);
        const auto one = run(in, true, 0);
        const auto small = run(in, true, 32);
        at::set_num_threads(2);
        const auto two = run(in, true, 0);
        at::set_num_threads(before);
        compare(c, two, one, 1e-5, QStringLiteral(" (2 threads against 1)"));
        compare(c, small, one, 1e-5, QStringLiteral(" (blocks of 32 against one block)"));
    }

    void mixedPrecisionTakesBf16Operands()
    {
        const Case c{70, 64, 500, true, 32};
        const auto in = inputs(c, 9);
        if (!kernels::bf16gemmFits(false, true, 32, c.classes, c.width, c.width, c.width, c.classes, true))
            QSKIP("oneDNN has no bf16 path on this CPU: mixed precision runs the fp32 products");
        const auto rounded = [](const torch::Tensor& t) { return t.to(torch::kBFloat16).to(torch::kFloat); };
        auto expectedIn = in;
        expectedIn.x = rounded(in.x);
        expectedIn.w = rounded(in.w);
        const auto expected = run(expectedIn, false, 0);
        Result got;
        {
            kernels::MixedPrecision mixed(true);
            got = run(in, true, c.blockRows);
        }
        // The loss from products of the rounded operands (fp32 accumulation): close to the double
        // reference; the gradients go through a bf16 rounding of the logits' gradient.
        QVERIFY2(close(got.loss, expected.loss, 1e-4), qPrintable(QString::number(maxDiff(got.loss, expected.loss))));
        QVERIFY2(close(got.x, expected.x, 1e-2), qPrintable(QString::number(maxDiff(got.x, expected.x))));
        QVERIFY2(close(got.w, expected.w, 1e-2), qPrintable(QString::number(maxDiff(got.w, expected.w))));
        QVERIFY2(close(got.b, expected.b, 1e-4), qPrintable(QString::number(maxDiff(got.b, expected.b))));
        // The fp32 result is not what mixed precision gave: the bf16 path ran.
        QVERIFY(!torch::equal(got.loss, run(in, true, c.blockRows).loss));
    }

    void takesAnyIgnoreIndexAndLeadingShape()
    {
        // x [2, 5, 8] (a batch of sequences), targets [2, 5] with -100 as the ignored value, and
        // a frozen input: only the weight's gradient is asked for.
        torch::manual_seed(12);
        auto x = torch::randn({2, 5, 8});
        auto w = (torch::randn({11, 8}) * 0.3).requires_grad_();
        auto target = torch::randint(0, 11, {2, 5}, torch::kLong);
        target[0][1] = -100;
        target[1][4] = -100;
        auto loss = kernels::linearCrossEntropy(x, w, {}, target, -100);
        auto gw = torch::autograd::grad({loss}, {w})[0];
        auto wd = w.detach().to(torch::kDouble).requires_grad_();
        auto expected = kernels::reference::linearCrossEntropy(x.to(torch::kDouble), wd, {}, target, -100);
        auto gwd = torch::autograd::grad({expected}, {wd})[0];
        QVERIFY(close(loss.detach(), expected.detach(), 2e-5));
        QVERIFY2(close(gw, gwd, 2e-5), qPrintable(QString::number(maxDiff(gw, gwd))));
    }

    void nanLogitsGiveANanLoss()
    {
        const Case c{6, 4, 9, false, 0};
        auto in = inputs(c, 10);
        in.x[2][1] = std::numeric_limits<float>::quiet_NaN();
        forEachIsa([&](kernels::Isa) {
            auto loss = kernels::linearCrossEntropy(in.x, in.w, {}, in.target, 0);
            QVERIFY(std::isnan(loss.item<float>()));
        });
    }

    void rejectsATargetOutsideTheClasses()
    {
        const Case c{4, 4, 5, false, 0};
        auto in = inputs(c, 11);
        in.target[1] = 5;
        QVERIFY_THROWS_EXCEPTION(c10::Error, kernels::linearCrossEntropy(in.x, in.w, {}, in.target, 0));
    }
};

QTEST_GUILESS_MAIN(TestLinearCrossEntropyKernel)
#include "tst_linearcrossentropykernel.moc"
