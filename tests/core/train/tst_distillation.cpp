// Knowledge distillation: the loss against hand-computed values, and a student taught by a
// trained teacher on the bundled dataset against the same student trained alone.
#include "QuickConfig.h"
#include "data/DataError.h"
#include "store/RunStore.h"
#include "train/Distillation.h"
#include "train/Training.h"

#include <QtTest>

#include <cmath>
#include <vector>

using namespace lathe;

namespace {
// log-softmax of one row, by hand.
std::vector<double> logSoftmax(const std::vector<double>& z, double t)
{
    double m = -1e300;
    for (double v : z)
        m = std::max(m, v / t);
    double sum = 0;
    for (double v : z)
        sum += std::exp(v / t - m);
    std::vector<double> out;
    for (double v : z)
        out.push_back(v / t - m - std::log(sum));
    return out;
}

RunConfig student(std::uint64_t seed)
{
    auto c = lathe::test::quickConfig(300, 300);
    c.model.width = 16;
    c.model.feedForward = 32;
    c.model.maxLength = 64;
    c.train.seed = seed;
    return c;
}
}  // namespace

class TestDistillation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void lossMatchesHandComputedValues()
    {
        const std::vector<std::vector<double>> s{{1, 2, 3}, {0.5, 0, -1}}, t{{3, 2, 1}, {1, 0, -1}};
        const std::vector<std::int64_t> y{2, 0};
        const double alpha = 0.3, T = 2.0;
        double ce = 0, kl = 0;
        for (std::size_t i = 0; i < 2; ++i) {
            ce += -logSoftmax(s[i], 1)[static_cast<std::size_t>(y[i])] / 2;
            const auto p = logSoftmax(t[i], T), q = logSoftmax(s[i], T);
            for (std::size_t c = 0; c < 3; ++c)
                kl += std::exp(p[c]) * (p[c] - q[c]) / 2;
        }
        const double expected = alpha * ce + (1 - alpha) * T * T * kl;
        const auto terms = distillationLoss(torch::tensor({1.0, 2.0, 3.0, 0.5, 0.0, -1.0}).view({2, 3}),
                                            torch::tensor({3.0, 2.0, 1.0, 1.0, 0.0, -1.0}).view({2, 3}),
                                            torch::tensor(y), alpha, T);
        QVERIFY2(std::abs(terms.loss.item<double>() - expected) < 1e-6,
                 qPrintable(QStringLiteral("%1 vs %2").arg(terms.loss.item<double>()).arg(expected)));
        QVERIFY(std::abs(terms.ce.item<double>() - ce) < 1e-6);
        QVERIFY(std::abs(terms.kl.item<double>() - kl) < 1e-6);
        // alpha = 1 is plain cross-entropy; a student equal to its teacher has no KL.
        const auto same = torch::tensor({1.0, 2.0, 3.0}).view({1, 3});
        const auto equal = distillationLoss(same, same, torch::tensor(std::vector<std::int64_t>{0}), 0.0, 3.0);
        QVERIFY(std::abs(equal.kl.item<double>()) < 1e-9);
        const auto hard = distillationLoss(same, same * 5, torch::tensor(std::vector<std::int64_t>{0}), 1.0, 3.0);
        QVERIFY(std::abs(hard.loss.item<double>() - hard.ce.item<double>()) < 1e-9);
    }
    void paddingTargetsCountInNeitherTerm()
    {
        torch::manual_seed(3);
        auto s = torch::randn({1, 3, 5}), t = torch::randn({1, 3, 5});
        const auto targets = torch::tensor(std::vector<std::int64_t>{2, 4, 0}).view({1, 3});  // last is <pad>
        const auto all = distillationLoss(s, t, targets, 0.5, 2.0, 0);
        const auto firstTwo = distillationLoss(s.slice(1, 0, 2), t.slice(1, 0, 2), targets.slice(1, 0, 2), 0.5, 2.0, 0);
        QVERIFY(std::abs(all.loss.item<double>() - firstTwo.loss.item<double>()) < 1e-6);
    }
    void aDistilledStudentBeatsTheSameStudentAlone()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        auto teacherConfig = lathe::test::quickConfig(300, 300);
        teacherConfig.model.width = 64;
        teacherConfig.model.heads = 4;
        teacherConfig.model.layers = 2;
        teacherConfig.model.feedForward = 128;
        teacherConfig.model.maxLength = 64;
        const auto teacher = train({teacherConfig, &store});
        QVERIFY(teacher.validation.at("accuracy") > 0.9);
        double alone = 0, distilled = 0;
        QString table;
        for (std::uint64_t seed : {1, 2, 3}) {
            const auto a = train({student(seed), &store});
            auto c = student(seed);
            c.train.teacherRun = teacher.runId;
            c.train.distillAlpha = 0.5;
            c.train.distillTemperature = 2.0;
            const auto d = train({c, &store});
            QCOMPARE(store.run(d.runId)->parentId, teacher.runId);
            QVERIFY(store.run(d.runId)->tags.find("distilled") != std::string::npos);
            QCOMPARE(store.metrics(d.runId, "train/distill_kl").size(), std::size_t(300));
            alone += a.validation.at("accuracy") / 3;
            distilled += d.validation.at("accuracy") / 3;
            table += QStringLiteral("seed %1: alone %2, distilled %3; ")
                         .arg(seed)
                         .arg(a.validation.at("accuracy"), 0, 'f', 3)
                         .arg(d.validation.at("accuracy"), 0, 'f', 3);
        }
        qInfo("teacher %.3f; %s", teacher.validation.at("accuracy"), qPrintable(table));
        // Measured here: the distilled student is ahead on average (see the line above).
        QVERIFY2(distilled > alone, qPrintable(table));
    }
    void aTeacherOfAnotherKindOrShorterContextIsRefused()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        auto lm = lathe::test::quickConfig(5, 5);
        lm.data.path = lathe::test::sourcePath("resources/sample/stories.txt");
        lm.model.family = "gpt";
        const auto teacher = train({lm, &store});
        auto c = student(1);
        c.train.maxSteps = 5;
        c.train.teacherRun = teacher.runId;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, train({c, &store}));
        const auto classifier = train({lathe::test::quickConfig(5, 5), &store});  // maxLength 24
        c.train.teacherRun = classifier.runId;
        try {
            train({c, &store});
            QFAIL("a student with a longer context than its teacher trained");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(std::string(e.what()).find("use at most 24") != std::string::npos, e.what());
        }
        c.train.teacherRun = 999;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, train({c, &store}));
        c.train.teacherRun = classifier.runId;
        c.model.maxLength = 24;
        c.data.path = lathe::test::sourcePath("resources/sample/stories.txt");
        c.data.format = "text";
        c.model.family = "gpt";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, train({c, &store}));
    }
};

QTEST_GUILESS_MAIN(TestDistillation)
#include "tst_distillation.moc"
