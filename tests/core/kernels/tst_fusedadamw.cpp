// The fused AdamW against torch::optim::AdamW: the same parameters after many steps on every
// ISA path (weight decay, bias correction, a changing learning rate), and optimizer state
// that either one can load from the other.
#include "IsaLevels.h"
#include "kernels/FusedAdamW.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace lathe;
using lathe::test::forEachIsa;

namespace {
// Odd sizes: a scalar, a vector shorter than a vector register, a matrix past one thread's grain.
std::vector<torch::Tensor> freshParameters()
{
    torch::manual_seed(5);
    return {torch::randn({1}, torch::requires_grad()), torch::randn({7}, torch::requires_grad()),
            torch::randn({130, 257}, torch::requires_grad())};
}

template <typename Optimizer>
std::vector<torch::Tensor> trained(int steps, Optimizer* keep = nullptr)
{
    auto params = freshParameters();
    Optimizer opt(params, torch::optim::AdamWOptions(3e-3).weight_decay(0.05));
    for (int s = 0; s < steps; ++s) {
        for (auto& group : opt.param_groups())
            group.options().set_lr(3e-3 * (1.0 - s / double(steps)));
        opt.zero_grad();
        torch::Tensor loss = torch::zeros({});
        for (auto& p : params)
            loss = loss + (p * p * p).sin().sum() + p.pow(2).sum() * 0.1;
        loss.backward();
        opt.step();
    }
    std::vector<torch::Tensor> out;
    for (auto& p : params)
        out.push_back(p.detach().clone());
    return out;
}
}  // namespace

class TestFusedAdamW : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesTorchAdamWOnEveryPath()
    {
        const auto expected = trained<torch::optim::AdamW>(60);
        forEachIsa([&](kernels::Isa) {
            const auto got = trained<kernels::FusedAdamW>(60);
            for (std::size_t i = 0; i < got.size(); ++i)
                QVERIFY2(torch::allclose(got[i], expected[i], 1e-5, 1e-6),
                         qPrintable(QStringLiteral("parameter %1: max difference %2")
                                        .arg(i)
                                        .arg((got[i] - expected[i]).abs().max().item<double>())));
        });
    }

    void stateLoadsIntoTorchAdamWAndBack()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("opt.pt")).toStdString();
        auto params = freshParameters();
        kernels::FusedAdamW fused(params, torch::optim::AdamWOptions(1e-2));
        for (int s = 0; s < 3; ++s) {
            fused.zero_grad();
            (params[2] * params[2]).sum().backward();
            fused.step();
        }
        torch::save(fused, path);
        torch::optim::AdamW plain(params, torch::optim::AdamWOptions(1e-2));
        torch::load(plain, path);
        const auto& state = static_cast<torch::optim::AdamWParamState&>(
            *plain.state().at(c10::guts::to_string(params[2].unsafeGetTensorImpl())));
        QCOMPARE(state.step(), std::int64_t(3));
        QVERIFY(state.exp_avg_sq().abs().sum().item<double>() > 0);
        kernels::FusedAdamW back(params, torch::optim::AdamWOptions(1e-2));
        torch::load(back, path);
        QCOMPARE(back.state().size(), plain.state().size());
    }

    void parametersWithoutGradientsAreLeftAlone()
    {
        auto params = freshParameters();
        const auto before = params[0].detach().clone();
        kernels::FusedAdamW opt(params, torch::optim::AdamWOptions(1e-2));
        (params[1] * 2).sum().backward();
        opt.step();
        QVERIFY(torch::equal(params[0].detach(), before));
        QVERIFY(!params[0].grad().defined());
    }
};

QTEST_APPLESS_MAIN(TestFusedAdamW)
#include "tst_fusedadamw.moc"
