// Parameter importance by PED-ANOVA (study/Importance.cpp).
#include "study/Importance.h"

#include <QtTest>

#include <cmath>

using namespace lathe::study;

namespace {
std::vector<Trial> randomTrials(const SearchSpace& space, int n, const std::function<double(const Assignment&)>& f)
{
    RandomSampler random(11);
    std::vector<Trial> out;
    for (int i = 0; i < n; ++i) {
        auto a = *random.sample(space, out, {}, i);
        out.push_back({i, TrialState::Complete, a, f(a), {}});
    }
    return out;
}

double importanceOf(const std::vector<ParameterImportance>& all, const char* name)
{
    for (const auto& i : all)
        if (i.name == name)
            return i.importance;
    return -1;
}
}  // namespace

class TestImportance : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void theParameterThatDecidesTheValueIsTheImportantOne()
    {
        const auto space = SearchSpace::fromJson(R"({
            "lr": {"type": "float", "low": 1e-4, "high": 1e-1, "log": true},
            "dropout": {"type": "float", "low": 0, "high": 0.5},
            "layers": {"type": "int", "low": 1, "high": 4},
            "optimizer": {"type": "categorical", "choices": ["adamw", "sgd", "adam"]}})",
                                                 "s");
        const auto trials = randomTrials(space, 300, [](const Assignment& a) {
            return std::pow(std::log10(a.at("lr").get<double>()) + 2.5, 2);  // only lr matters
        });
        const auto imp = pedAnovaImportance(space, trials);
        QCOMPARE(imp.size(), std::size_t(4));
        QCOMPARE(imp.front().name, std::string("lr"));
        QVERIFY2(imp.front().importance > 0.8, qPrintable(QString::number(imp.front().importance)));
        double total = 0;
        for (const auto& i : imp)
            total += i.importance;
        QVERIFY(std::abs(total - 1) < 1e-9);
        QCOMPARE(imp.front().trials, 300);
    }

    void aCategoricalThatDecidesIsFound()
    {
        const auto space = SearchSpace::fromJson(R"({
            "x": {"type": "float", "low": 0, "high": 1},
            "optimizer": {"type": "categorical", "choices": ["adamw", "sgd", "adam"]}})",
                                                 "s");
        const auto trials = randomTrials(space, 200, [](const Assignment& a) {
            return a.at("optimizer") == "sgd" ? 0.0 : 1.0;  // x plays no part (ties go by trial number)
        });
        const auto imp = pedAnovaImportance(space, trials);
        QCOMPARE(imp.front().name, std::string("optimizer"));
        QVERIFY(importanceOf(imp, "optimizer") > importanceOf(imp, "x"));
    }

    void tooFewTrialsSayNothing()
    {
        const auto space = SearchSpace::fromJson(R"({"x": {"type": "float", "low": 0, "high": 1}})", "s");
        auto trials = randomTrials(space, 3, [](const Assignment& a) { return a.at("x").get<double>(); });
        QVERIFY(pedAnovaImportance(space, trials).empty());
        // Failed and running trials do not count.
        trials.push_back({3, TrialState::Failed, {{"x", 0.5}}, std::nullopt, {}});
        trials.push_back({4, TrialState::Running, {{"x", 0.5}}, std::nullopt, {}});
        QVERIFY(pedAnovaImportance(space, trials).empty());
    }
};

QTEST_GUILESS_MAIN(TestImportance)
#include "tst_importance.moc"
