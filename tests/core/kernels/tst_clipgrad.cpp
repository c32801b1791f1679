// kernels::clipGradNorm against torch::nn::utils::clip_grad_norm_: the same total norm and the
// same clipped gradients (clipping and not), odd sizes (a scalar, shorter than a vector, past one
// block), parameters without a gradient skipped, the same bits for one and two threads, and a
// non-finite gradient reported without touching the gradients.
#include "kernels/ClipGrad.h"

#include <QtTest>

#include <cmath>

using namespace lathe;

namespace {
std::vector<torch::Tensor> parameters(double scale)
{
    torch::manual_seed(11);
    std::vector<torch::Tensor> ps;
    for (auto shape : std::vector<std::vector<std::int64_t>>{{1}, {7}, {130, 257}, {40000}, {3, 5}}) {
        auto p = torch::randn(shape, torch::requires_grad());
        p.mutable_grad() = torch::randn(shape) * scale;
        ps.push_back(p);
    }
    ps.push_back(torch::randn({4}, torch::requires_grad()));  // no gradient
    return ps;
}

std::vector<torch::Tensor> grads(const std::vector<torch::Tensor>& ps)
{
    std::vector<torch::Tensor> g;
    for (const auto& p : ps)
        g.push_back(p.grad().defined() ? p.grad().clone() : torch::Tensor());
    return g;
}
}  // namespace

class TestClipGrad : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesTorchWhetherItClipsOrNot()
    {
        for (double maxNorm : {0.5, 1e6, double(INFINITY)}) {
            auto mine = parameters(0.1), theirs = parameters(0.1);
            const double a = kernels::clipGradNorm(mine, maxNorm);
            const double b = kernels::reference::clipGradNorm(theirs, maxNorm);
            QVERIFY2(std::abs(a - b) <= 1e-5 * b, qPrintable(QStringLiteral("%1 against %2").arg(a).arg(b)));
            for (std::size_t i = 0; i < mine.size(); ++i) {
                QCOMPARE(mine[i].grad().defined(), theirs[i].grad().defined());
                if (mine[i].grad().defined())
                    QVERIFY(torch::allclose(mine[i].grad(), theirs[i].grad(), 1e-5, 1e-8));
            }
            if (maxNorm == 0.5) {
                // Clipped: the new norm is the limit.
                double squares = 0;
                for (const auto& p : mine)
                    if (p.grad().defined())
                        squares += p.grad().pow(2).sum().item<double>();
                QVERIFY(std::abs(std::sqrt(squares) - 0.5) < 1e-5);
            } else {
                const auto before = grads(parameters(0.1));
                for (std::size_t i = 0; i < mine.size(); ++i)
                    if (mine[i].grad().defined())
                        QVERIFY(torch::equal(mine[i].grad(), before[i]));
            }
        }
    }

    void sameBitsForOneAndTwoThreads()
    {
        const int threads = at::get_num_threads();
        std::vector<double> norms;
        std::vector<std::vector<torch::Tensor>> clipped;
        for (int t : {1, 2}) {
            at::set_num_threads(t);
            auto ps = parameters(1.0);
            norms.push_back(kernels::clipGradNorm(ps, 1.0));
            clipped.push_back(grads(ps));
        }
        at::set_num_threads(threads);
        QCOMPARE(norms[0], norms[1]);
        for (std::size_t i = 0; i < clipped[0].size(); ++i)
            if (clipped[0][i].defined())
                QVERIFY(torch::equal(clipped[0][i], clipped[1][i]));
    }

    void aNonFiniteGradientIsReportedAndLeftAlone()
    {
        for (float bad : {NAN, INFINITY}) {
            auto ps = parameters(1.0);
            ps[2].mutable_grad()[5][9] = bad;
            const auto before = grads(ps);
            const double norm = kernels::clipGradNorm(ps, 1.0);
            QVERIFY(!std::isfinite(norm));
            for (std::size_t i = 0; i < ps.size(); ++i)
                if (before[i].defined())
                    QVERIFY(torch::equal(ps[i].grad().nan_to_num(0, 0, 0), before[i].nan_to_num(0, 0, 0)));
        }
    }

    void aGradientItCannotTakeGoesThePlainWay()
    {
        auto mine = parameters(1.0), theirs = parameters(1.0);
        mine[2].mutable_grad() = mine[2].grad().t();  // not contiguous
        theirs[2].mutable_grad() = theirs[2].grad().t();
        QCOMPARE(kernels::clipGradNorm(mine, 0.5), kernels::reference::clipGradNorm(theirs, 0.5));
        QVERIFY(torch::equal(mine[2].grad(), theirs[2].grad()));
    }
};

QTEST_APPLESS_MAIN(TestClipGrad)
#include "tst_clipgrad.moc"
