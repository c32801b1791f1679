// kernels::lstm (the fused LSTM directions) against at::lstm computed in double: outputs and
// the gradients of the input and all four weights, on every ISA path, on odd shapes, one step,
// one sequence, the benchmark's shape, one and two directions on one and two threads, frozen
// weights; doubles take the at::lstm fallback. Under mixed precision the forward products round
// their operands to bf16, checked against the same recurrence in ATen rounding at those points.
#include "IsaLevels.h"
#include "kernels/Gemm.h"
#include "kernels/Kernels.h"
#include "kernels/Precision.h"

#include <ATen/Parallel.h>
#include <QtTest>

using namespace lathe;
using lathe::test::forEachIsa;

namespace {
struct Shape {
    std::int64_t B, T, C, H;
};

QString describe(const Shape& s)
{
    return QStringLiteral("B %1, T %2, C %3, H %4").arg(s.B).arg(s.T).arg(s.C).arg(s.H);
}

std::vector<torch::Tensor> weightsFor(const Shape& s, std::uint64_t seed, bool requiresGrad = true)
{
    torch::manual_seed(seed);
    const double bound = 1.0 / std::sqrt(static_cast<double>(s.H));
    std::vector<torch::Tensor> w{torch::rand({4 * s.H, s.C}), torch::rand({4 * s.H, s.H}), torch::rand({4 * s.H}),
                                 torch::rand({4 * s.H})};
    for (auto& t : w)
        t = ((t * 2 - 1) * bound).requires_grad_(requiresGrad);
    return w;
}

double maxDiff(const torch::Tensor& a, const torch::Tensor& b)
{
    return (a.to(torch::kDouble) - b.to(torch::kDouble)).abs().max().item<double>();
}

// Compares every direction's output and gradients with at::lstm in double.
void compare(const Shape& s, int directions, const QString& where, double tolerance = 2e-5)
{
    std::vector<torch::Tensor> xs;
    std::vector<std::vector<torch::Tensor>> ws;
    for (int d = 0; d < directions; ++d) {
        torch::manual_seed(100 + d);
        xs.push_back(torch::randn({s.B, s.T, s.C}).requires_grad_(true));
        ws.push_back(weightsFor(s, 7 + d));
    }
    const auto outs = kernels::lstm(xs, ws);
    QCOMPARE(static_cast<int>(outs.size()), directions);
    const auto what = where + QStringLiteral(", ") + describe(s);
    torch::Tensor loss = torch::zeros({});
    std::vector<torch::Tensor> upstream;
    for (int d = 0; d < directions; ++d) {
        QCOMPARE(outs[d].sizes(), (torch::IntArrayRef{s.B, s.T, s.H}));
        upstream.push_back(torch::randn({s.B, s.T, s.H}));
        loss = loss + (outs[d] * upstream[d]).sum();
    }
    loss.backward();
    for (int d = 0; d < directions; ++d) {
        auto xd = xs[d].detach().to(torch::kDouble).requires_grad_(true);
        std::vector<torch::Tensor> wd;
        for (const auto& w : ws[d])
            wd.push_back(w.detach().to(torch::kDouble).requires_grad_(true));
        auto ref = kernels::reference::lstm(xd, wd);
        (ref * upstream[d].to(torch::kDouble)).sum().backward();
        const auto dir = what + QStringLiteral(", direction %1").arg(d);
        const double fwd = maxDiff(outs[d].detach(), ref.detach());
        QVERIFY2(fwd < tolerance, qPrintable(dir + QStringLiteral(": output off by %1").arg(fwd)));
        const double gx = maxDiff(xs[d].grad(), xd.grad());
        QVERIFY2(gx < tolerance, qPrintable(dir + QStringLiteral(": input gradient off by %1").arg(gx)));
        for (int i = 0; i < 4; ++i) {
            QVERIFY2(ws[d][i].grad().defined(), qPrintable(dir + QStringLiteral(": weight %1 has no gradient").arg(i)));
            // Weight gradients sum over B·T products: relative to their size.
            const double scale = std::max(1.0, wd[i].grad().abs().max().item<double>());
            const double gw = maxDiff(ws[d][i].grad(), wd[i].grad()) / scale;
            QVERIFY2(gw < tolerance, qPrintable(dir + QStringLiteral(": weight %1's gradient off by %2").arg(i).arg(gw)));
        }
    }
}
}  // namespace

class TestLstmKernel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesAtLstmOnEveryPath()
    {
        forEachIsa([](kernels::Isa isa) {
            const auto where = QString::fromLatin1(kernels::isaName(isa));
            for (const auto& s : {Shape{3, 7, 5, 6}, Shape{2, 5, 17, 33}})
                compare(s, 1, where);
        });
    }

    void oneStepAndOneSequence()
    {
        // T = 1: no recurrence at all (W_hh's gradient is zero); B = 1: no pair of rows crosses
        // from one sequence to the next.
        compare({4, 1, 8, 8}, 1, QStringLiteral("one step"));
        compare({1, 9, 8, 8}, 1, QStringLiteral("one sequence"));
        compare({1, 1, 3, 2}, 2, QStringLiteral("one of each"));
    }

    void twoDirectionsOnOneAndTwoThreads()
    {
        const int before = at::get_num_threads();
        for (int threads : {1, 2}) {
            at::set_num_threads(threads);
            compare({5, 11, 12, 16}, 2, QStringLiteral("%1 thread(s)").arg(threads));
        }
        at::set_num_threads(before);
    }

    void theBenchmarkShapeOverLongSequences()
    {
        compare({8, 128, 128, 128}, 2, QStringLiteral("benchmark shape"), 5e-5);
    }

    void frozenWeightsGetNoGradient()
    {
        const Shape s{3, 6, 4, 5};
        auto x = torch::randn({s.B, s.T, s.C}, torch::requires_grad());
        auto w = weightsFor(s, 3, false);
        auto out = kernels::lstm({x}, {w});
        out[0].sum().backward();
        QVERIFY(x.grad().defined());
        for (const auto& t : w)
            QVERIFY(!t.grad().defined());
        auto xd = x.detach().to(torch::kDouble).requires_grad_(true);
        std::vector<torch::Tensor> wd;
        for (const auto& t : w)
            wd.push_back(t.detach().to(torch::kDouble));
        kernels::reference::lstm(xd, wd).sum().backward();
        QVERIFY2(maxDiff(x.grad(), xd.grad()) < 2e-5, qPrintable(QString::number(maxDiff(x.grad(), xd.grad()))));
    }

    void underMixedPrecisionTheForwardProductsRoundTheirOperands()
    {
        const Shape s{5, 19, 24, 16};
        torch::manual_seed(31);
        auto x = torch::randn({s.B, s.T, s.C}).requires_grad_(true);
        auto w = weightsFor(s, 9);
        torch::Tensor out;
        {
            kernels::MixedPrecision mixed(true);
            out = kernels::lstm({x}, {w})[0];
        }
        const auto fp32 = kernels::lstm({x.detach()}, {{w[0].detach(), w[1].detach(), w[2].detach(), w[3].detach()}})[0];
        // The recurrence in ATen, rounding x, the weights and each step's h where the kernel does.
        const auto r = [](const torch::Tensor& t) { return t.detach().to(torch::kBFloat16).to(torch::kFloat); };
        const auto in = torch::matmul(r(x), r(w[0]).t()) + w[2].detach() + w[3].detach();
        auto h = torch::zeros({s.B, s.H}), c = torch::zeros({s.B, s.H});
        std::vector<torch::Tensor> hs;
        for (std::int64_t t = 0; t < s.T; ++t) {
            auto g = in.select(1, t) + (t > 0 ? torch::matmul(r(h), r(w[1]).t()) : torch::zeros({s.B, 4 * s.H}));
            auto parts = g.chunk(4, 1);
            c = torch::sigmoid(parts[1]) * c + torch::sigmoid(parts[0]) * torch::tanh(parts[2]);
            h = torch::sigmoid(parts[3]) * torch::tanh(c);
            hs.push_back(h);
        }
        const auto ref = torch::stack(hs, 1);
        if (!kernels::bf16gemmFits(false, true, s.B, 4 * s.H, s.H, s.H, s.H, s.T * 4 * s.H)) {
            QVERIFY(torch::allclose(out, fp32, 1e-6, 1e-6));  // no bf16 products here: fp32 ran
            return;
        }
        const double offRounded = maxDiff(out, ref), offFp32 = maxDiff(out, fp32);
        QVERIFY2(offRounded < 1e-3 && offRounded < 0.25 * offFp32,
                 qPrintable(QStringLiteral("%1 from the rounded recurrence, %2 from fp32").arg(offRounded).arg(offFp32)));
        // Backward stays fp32 and still reaches every input.
        out.sum().backward();
        QVERIFY(x.grad().defined() && w[0].grad().defined() && w[1].grad().defined());
    }

    void doublesTakeTheAtLstmPath()
    {
        const Shape s{2, 4, 3, 3};
        auto x = torch::randn({s.B, s.T, s.C}, torch::kDouble);
        std::vector<torch::Tensor> w;
        for (const auto& t : weightsFor(s, 5, false))
            w.push_back(t.to(torch::kDouble));
        QVERIFY(torch::equal(kernels::lstm({x}, {w})[0], kernels::reference::lstm(x, w)));
    }
};

QTEST_APPLESS_MAIN(TestLstmKernel)
#include "tst_lstmkernel.moc"
