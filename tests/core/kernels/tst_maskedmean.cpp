// kernels::maskedMean (the classifier's mean over tokens without padding) against its ATen
// reference: output and input gradient on odd shapes (T = 1, widths below and past a vector,
// more sequences than threads), padding anywhere, a sequence of padding only, the same bits for
// one and two threads, and bf16 input upcast first.
#include "kernels/MaskedMean.h"

#include <QtTest>

using namespace lathe;

namespace {
struct Result {
    torch::Tensor y, gx;
};

Result run(const torch::Tensor& x0, const torch::Tensor& ids, const torch::Tensor& up, bool fused)
{
    auto x = x0.clone().requires_grad_();
    auto y = fused ? kernels::maskedMean(x, ids) : kernels::reference::maskedMean(x, ids);
    (y * up).sum().backward();
    return {y.detach(), x.grad()};
}

torch::Tensor idsWithPadding(std::int64_t B, std::int64_t T)
{
    auto ids = torch::randint(1, 50, {B, T}, torch::kLong);
    ids.masked_fill_(torch::rand({B, T}) < 0.3, 0);
    ids[0].fill_(0);  // padding only
    return ids;
}
}  // namespace

class TestMaskedMean : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void forwardAndGradientMatchTheReference()
    {
        torch::manual_seed(3);
        for (auto [B, T, D] : std::vector<std::array<std::int64_t, 3>>{{1, 1, 1}, {3, 1, 7}, {5, 17, 130}, {33, 128, 128}}) {
            const auto x = torch::randn({B, T, D});
            const auto ids = idsWithPadding(B, T);
            const auto up = torch::randn({B, D});
            const auto a = run(x, ids, up, true), b = run(x, ids, up, false);
            const auto shape = QStringLiteral("[%1, %2, %3]").arg(B).arg(T).arg(D);
            QVERIFY2(torch::allclose(a.y, b.y, 1e-5, 1e-6), qPrintable(shape));
            QVERIFY2(torch::allclose(a.gx, b.gx, 1e-6, 1e-7), qPrintable(shape));
            QVERIFY(a.y[0].abs().max().item<float>() == 0);  // padding only: zeros
            QVERIFY(a.gx[0].abs().max().item<float>() == 0);
        }
    }

    void sameBitsForOneAndTwoThreads()
    {
        torch::manual_seed(4);
        const auto x = torch::randn({9, 40, 33});
        const auto ids = idsWithPadding(9, 40);
        const auto up = torch::randn({9, 33});
        const int threads = at::get_num_threads();
        at::set_num_threads(1);
        const auto one = run(x, ids, up, true);
        at::set_num_threads(2);
        const auto two = run(x, ids, up, true);
        at::set_num_threads(threads);
        QVERIFY(torch::equal(one.y, two.y));
        QVERIFY(torch::equal(one.gx, two.gx));
    }

    void bf16InputIsUpcastFirst()
    {
        torch::manual_seed(5);
        const auto x = torch::randn({4, 6, 10}).to(torch::kBFloat16);
        const auto ids = idsWithPadding(4, 6);
        const auto y = kernels::maskedMean(x, ids);
        QCOMPARE(y.scalar_type(), torch::kFloat);
        QVERIFY(torch::allclose(y, kernels::reference::maskedMean(x.to(torch::kFloat), ids), 1e-5, 1e-6));
    }
};

QTEST_APPLESS_MAIN(TestMaskedMean)
#include "tst_maskedmean.moc"
