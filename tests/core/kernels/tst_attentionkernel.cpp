// The fused attention softmax (scale, padding and causal masks, softmax, dropout) against its
// plain-ATen reference computed in double: forward and backward, on every ISA path, for odd
// shapes (one token, lengths that are no multiple of the vector width, more keys than queries).
#include "IsaLevels.h"
#include "kernels/Kernels.h"

#include <QtTest>

using namespace lathe;
using lathe::test::forEachIsa;

namespace {
struct Shape {
    std::int64_t batch, heads, queries, keys;
};
const std::vector<Shape> kShapes{{1, 1, 1, 1}, {2, 3, 5, 5}, {2, 2, 17, 17}, {3, 4, 33, 33}, {2, 2, 128, 128},
                                 {2, 1, 3, 7}};

// Padding at the end of every sequence but the first (never all of a row's keys).
torch::Tensor paddingFor(const Shape& s)
{
    auto pad = torch::zeros({s.batch, s.keys}, torch::kBool);
    for (std::int64_t b = 1; b < s.batch; ++b)
        pad.index_put_({b, torch::indexing::Slice(std::max<std::int64_t>(1, s.keys - 2 * b), torch::indexing::None)},
                       true);
    return pad;
}

QString describe(const Shape& s, bool causal, bool padded)
{
    return QStringLiteral("[%1,%2,%3,%4] causal %5 padded %6")
        .arg(s.batch).arg(s.heads).arg(s.queries).arg(s.keys).arg(causal).arg(padded);
}
}  // namespace

class TestAttentionKernel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::manual_seed(4); }

    void forwardAndBackwardMatchTheReference()
    {
        forEachIsa([](kernels::Isa) {
            for (const auto& s : kShapes)
                for (bool causal : {false, true})
                    for (bool padded : {false, true}) {
                        auto scores = (torch::randn({s.batch, s.heads, s.queries, s.keys}) * 3).requires_grad_();
                        auto pad = padded ? paddingFor(s) : torch::Tensor();
                        auto w = torch::randn_like(scores);
                        const double scale = 0.35;
                        auto y = kernels::attentionProbabilitiesWithSeed(scores, pad, causal, scale, 0.0, 0);
                        (y * w).sum().backward();
                        auto ref = scores.detach().to(torch::kDouble).requires_grad_();
                        auto yr = kernels::reference::attentionProbabilities(ref, pad, causal, scale, 0.0, 0);
                        (yr * w.to(torch::kDouble)).sum().backward();
                        const auto what = describe(s, causal, padded);
                        QVERIFY2(torch::allclose(y.to(torch::kDouble), yr, 1e-5, 1e-6), qPrintable(what));
                        QVERIFY2(torch::allclose(scores.grad().to(torch::kDouble), ref.grad(), 1e-4, 1e-5),
                                 qPrintable(what));
                    }
        });
    }

    void dropoutInsideMatchesTheReference()
    {
        forEachIsa([](kernels::Isa) {
            for (const auto& s : {Shape{2, 2, 17, 17}, Shape{2, 4, 128, 128}}) {
                auto scores = torch::randn({s.batch, s.heads, s.queries, s.keys}, torch::requires_grad());
                auto pad = paddingFor(s);
                auto w = torch::randn_like(scores);
                auto y = kernels::attentionProbabilitiesWithSeed(scores, pad, true, 0.5, 0.1, 77);
                (y * w).sum().backward();
                auto ref = scores.detach().to(torch::kDouble).requires_grad_();
                auto yr = kernels::reference::attentionProbabilities(ref, pad, true, 0.5, 0.1, 77);
                (yr * w.to(torch::kDouble)).sum().backward();
                QVERIFY(torch::equal(y.ne(0), yr.ne(0)));
                QVERIFY(torch::allclose(y.to(torch::kDouble), yr, 1e-5, 1e-6));
                QVERIFY(torch::allclose(scores.grad().to(torch::kDouble), ref.grad(), 1e-4, 1e-5));
            }
        });
    }

    void rowsSumToOneAndBlockedKeysGetNothing()
    {
        const Shape s{3, 2, 9, 9};
        auto pad = paddingFor(s);
        auto p = kernels::attentionProbabilitiesWithSeed(torch::randn({3, 2, 9, 9}), pad, true, 1.0, 0.0, 0);
        QVERIFY(torch::allclose(p.sum(-1), torch::ones({3, 2, 9}), 1e-5, 1e-6));
        QCOMPARE(p.masked_select(pad.view({3, 1, 1, 9}).expand_as(p)).abs().max().item<float>(), 0.0f);
        QCOMPARE(p.triu(1).abs().max().item<float>(), 0.0f);  // no query sees a later key
    }

    void aRowWithNoVisibleKeyIsZeroNotNaN()
    {
        auto pad = torch::ones({1, 4}, torch::kBool);
        auto scores = torch::randn({1, 1, 4, 4}, torch::requires_grad());
        auto p = kernels::attentionProbabilitiesWithSeed(scores, pad, false, 1.0, 0.0, 0);
        QCOMPARE(p.abs().sum().item<float>(), 0.0f);
        p.sum().backward();
        QVERIFY(torch::isfinite(scores.grad()).all().item<bool>());
    }

    void trainingModeDrawsFromTheStepStream()
    {
        auto scores = torch::randn({2, 2, 16, 16});
        torch::Tensor before;
        const auto at = [&](std::int64_t step) {
            kernels::DropoutStreams::StepScope scope(3, step);
            return kernels::attentionProbabilities(scores, {}, false, 1.0, 0.2, true, &before);
        };
        QVERIFY(torch::equal(at(1), at(1)));
        QVERIFY(!torch::equal(at(1), at(2)));
        // The probabilities handed out for inspection are those before dropout.
        QVERIFY(torch::allclose(before.sum(-1), torch::ones({2, 2, 16}), 1e-5, 1e-6));
        // Evaluation: no dropout at all.
        auto eval = kernels::attentionProbabilities(scores, {}, false, 1.0, 0.2, false);
        QVERIFY(torch::allclose(eval, torch::softmax(scores, -1), 1e-5, 1e-6));
    }
};

QTEST_APPLESS_MAIN(TestAttentionKernel)
#include "tst_attentionkernel.moc"
