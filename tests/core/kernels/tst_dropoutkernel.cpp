// The fused dropout kernel: Philox4x32-10 bits (known answer), masks equal to the plain-ATen
// reference on every ISA path and any size, the same for 1 and 2 threads, keep-rate 1 − p,
// fresh masks every step, and gradients that match the reference's.
#include "IsaLevels.h"
#include "kernels/Kernels.h"

#include <ATen/Parallel.h>

#include <QtTest>

#include <cmath>

using namespace lathe;
using lathe::test::forEachIsa;

namespace {
// Sizes around the kernel's 64-element blocks, a prime, and one larger than a thread's grain.
const std::vector<std::int64_t> kSizes{1, 3, 63, 64, 65, 1000, 4099, 100003};

torch::Tensor keptOf(const torch::Tensor& y) { return y.ne(0); }
}  // namespace

class TestDropoutKernel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { torch::manual_seed(3); }

    void philoxMatchesItsKnownAnswer()
    {
        // Random123's known-answer vector for Philox4x32-10 with counter 0 and key 0.
        forEachIsa([](kernels::Isa) {
            unsigned words[64];
            kernels::active().philoxBlock(0, 0, words);
            QCOMPARE(words[0], 0x6627e8d5u);
            QCOMPARE(words[16], 0xe169c58du);
            QCOMPARE(words[32], 0xbc57ac4cu);
            QCOMPARE(words[48], 0x9b00dbd8u);
        });
        // The ATen reference computes the same words for a stream's key: element 0 is kept at a
        // threshold equal to its word and dropped one above.
        unsigned words[64];
        kernels::active().philoxBlock(kernels::philoxKey(0), 0, words);
        QVERIFY(kernels::reference::keepMask(1, 0, words[0]).item<bool>());
        QVERIFY(!kernels::reference::keepMask(1, 0, words[0] + 1).item<bool>());
    }

    void masksEqualTheReferenceOnEveryPathAndSize()
    {
        forEachIsa([](kernels::Isa) {
            for (auto n : kSizes) {
                auto x = torch::rand({n}) + 0.5;  // never zero, so zeros mark dropped elements
                const std::uint64_t seed = 0x1234567890abcdefULL + static_cast<std::uint64_t>(n);
                auto y = kernels::dropoutWithSeed(x, 0.3, seed);
                auto expected = kernels::reference::dropout(x, 0.3, seed);
                QVERIFY2(torch::equal(keptOf(y), keptOf(expected)), qPrintable(QString::number(n)));
                QVERIFY(torch::allclose(y, expected, 1e-6, 1e-6));
            }
        });
    }

    void residualFormAddsTheInput()
    {
        forEachIsa([](kernels::Isa) {
            auto x = torch::randn({7, 33}), r = torch::randn({7, 33});
            auto y = kernels::dropoutWithSeed(x, 0.25, 99, r);
            QVERIFY(torch::allclose(y, kernels::reference::dropout(x, 0.25, 99, r), 1e-6, 1e-6));
        });
    }

    void nonContiguousInputIsTakenInLogicalOrder()
    {
        auto x = torch::rand({40, 70}).t() + 0.5;
        QVERIFY(!x.is_contiguous());
        auto y = kernels::dropoutWithSeed(x, 0.5, 7);
        QVERIFY(torch::allclose(y, kernels::reference::dropout(x.contiguous(), 0.5, 7), 1e-6, 1e-6));
    }

    void sameMasksForOneAndTwoThreads()
    {
        const int before = at::get_num_threads();
        auto x = torch::rand({1 << 20}) + 0.5;
        at::set_num_threads(1);
        auto one = kernels::dropoutWithSeed(x, 0.1, 42);
        at::set_num_threads(2);
        auto two = kernels::dropoutWithSeed(x, 0.1, 42);
        at::set_num_threads(before);
        QVERIFY(torch::equal(one, two));
    }

    void keepRateIsWithinThreeSigmaOfOneMinusP()
    {
        const std::int64_t n = 10'000'000;
        for (double p : {0.1, 0.5}) {
            auto y = kernels::dropoutWithSeed(torch::ones({n}), p, 2024);
            const double kept = y.ne(0).sum().item<double>();
            const double sigma = std::sqrt(n * p * (1 - p));
            QVERIFY2(std::abs(kept - n * (1 - p)) < 3 * sigma,
                     qPrintable(QStringLiteral("p %1: kept %2 of %3").arg(p).arg(kept).arg(n)));
            // Kept elements are scaled so the expectation is unchanged.
            QVERIFY(std::abs(y.max().item<double>() - 1 / (1 - p)) < 1e-6);
        }
    }

    void keepCountsVaryAsIndependentDrawsDo()
    {
        // Over 40 streams (seeds 1..40, the low-entropy kind) the keep count's z-scores must have
        // the variance of independent draws: correlated bits would widen it. Mean z² of 40
        // independent N(0,1) is 1 ± 0.22; the bounds are ~3.5 standard errors.
        const std::int64_t n = 1'000'000;
        const double p = 0.1, sigma = std::sqrt(n * p * (1 - p));
        double sumSquares = 0;
        for (std::uint64_t seed = 1; seed <= 40; ++seed) {
            const double kept = kernels::dropoutWithSeed(torch::ones({n}), p, seed).ne(0).sum().item<double>();
            const double z = (kept - n * (1 - p)) / sigma;
            sumSquares += z * z;
        }
        const double meanSquare = sumSquares / 40;
        QVERIFY2(meanSquare > 0.3 && meanSquare < 1.8, qPrintable(QString::number(meanSquare)));
    }

    void consecutiveStepsDrawDifferentMasks()
    {
        auto x = torch::ones({4096});
        const auto maskAt = [&](std::int64_t step) {
            kernels::DropoutStreams::StepScope scope(11, step);
            return keptOf(kernels::dropout(x, 0.1, true));
        };
        QVERIFY(torch::equal(maskAt(5), maskAt(5)));  // a step's masks repeat (resume)
        QVERIFY(!torch::equal(maskAt(5), maskAt(6)));
        // Two calls within one step get different streams.
        kernels::DropoutStreams::StepScope scope(11, 5);
        auto first = keptOf(kernels::dropout(x, 0.1, true));
        QVERIFY(!torch::equal(first, keptOf(kernels::dropout(x, 0.1, true))));
    }

    void evaluationAndZeroRateLeaveTheInput()
    {
        auto x = torch::randn({100});
        QVERIFY(torch::equal(kernels::dropout(x, 0.5, false), x));
        QVERIFY(torch::equal(kernels::dropout(x, 0.0, true), x));
        QVERIFY(torch::equal(kernels::dropout(x, 1.0, true), torch::zeros_like(x)));
    }

    void gradientsMatchTheReference()
    {
        forEachIsa([](kernels::Isa) {
            for (auto n : {std::int64_t{1}, std::int64_t{65}, std::int64_t{5000}}) {
                auto x = torch::randn({n}, torch::requires_grad()), r = torch::randn({n}, torch::requires_grad());
                auto w = torch::randn({n});
                (kernels::dropoutWithSeed(x, 0.2, 5, r) * w).sum().backward();
                auto xr = x.detach().to(torch::kDouble).requires_grad_(), rr = r.detach().to(torch::kDouble).requires_grad_();
                (kernels::reference::dropout(xr, 0.2, 5, rr) * w.to(torch::kDouble)).sum().backward();
                QVERIFY(torch::allclose(x.grad().to(torch::kDouble), xr.grad(), 1e-6, 1e-6));
                QVERIFY(torch::allclose(r.grad().to(torch::kDouble), rr.grad(), 1e-6, 1e-6));
            }
        });
    }

    void doublesUseTheReference()
    {
        auto x = torch::rand({300}, torch::kDouble) + 0.5;
        auto y = kernels::dropoutWithSeed(x, 0.3, 8);
        QCOMPARE(y.scalar_type(), torch::kDouble);
        QVERIFY(torch::equal(keptOf(y), keptOf(kernels::dropoutWithSeed(x.to(torch::kFloat), 0.3, 8))));
    }
};

QTEST_APPLESS_MAIN(TestDropoutKernel)
#include "tst_dropoutkernel.moc"
