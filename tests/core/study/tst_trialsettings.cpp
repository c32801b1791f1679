// From a study's fixed settings and a trial's values to the trial's run (study/TrialSettings.cpp).
#include "study/TrialSettings.h"

#include <QtTest>

using namespace lathe;
using namespace lathe::study;

class TestTrialSettings : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void flagNamesAndPathsNameSettings()
    {
        QCOMPARE(settingPath("lr"), std::make_optional(std::string("train.learningRate")));
        QCOMPARE(settingPath("batch_size"), std::make_optional(std::string("train.batchSize")));
        QCOMPARE(settingPath("batch-size"), std::make_optional(std::string("train.batchSize")));
        QCOMPARE(settingPath("ffn"), std::make_optional(std::string("model.feedForward")));
        QCOMPARE(settingPath("model.hidden"), std::make_optional(std::string("model.hidden")));
        QVERIFY(!settingPath("colour"));
        QVERIFY(!settingPath("model.colour"));
        QVERIFY(!settingPath("weights.lr"));
    }

    void aTrialGetsItsValuesOverTheFixedSettings()
    {
        RunConfig fixed;
        fixed.data.path = "topics.csv";
        fixed.train.maxSteps = 300;
        fixed.model.width = 64;
        const auto c = trialConfig(fixed, {{"lr", 0.003}, {"width", 128}, {"model.layers", 3}, {"dropout", 0.2},
                                           {"optimizer", "sgd"}});
        QCOMPARE(c.train.learningRate, 0.003);
        QCOMPARE(c.model.width, 128);
        QCOMPARE(c.model.layers, 3);
        QCOMPARE(c.model.dropout, 0.2);
        QCOMPARE(c.train.optimizer, std::string("sgd"));
        QCOMPARE(c.data.path, std::string("topics.csv"));
        QCOMPARE(c.train.maxSteps, std::int64_t(300));
        // Searched epochs replace the fixed step count, as --epochs does.
        QCOMPARE(trialConfig(fixed, {{"epochs", 2}}).train.maxSteps, std::int64_t(0));
    }

    void anInvalidCombinationIsRefusedWithTheReason()
    {
        RunConfig fixed;
        fixed.data.path = "topics.csv";
        try {
            trialConfig(fixed, {{"width", 100}, {"heads", 3}});
            QFAIL("heads that do not divide the width must be refused");
        } catch (const UserError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("head")), e.what());
        }
    }

    void conditionsSeeTheFixedSettingsUnderBothNames()
    {
        RunConfig fixed;
        fixed.model.family = "bilstm";
        fixed.train.batchSize = 16;
        const auto c = conditionSettings(fixed);
        QCOMPARE(c["model"], nlohmann::json("bilstm"));
        QCOMPARE(c["model.family"], nlohmann::json("bilstm"));
        QCOMPARE(c["batch-size"], nlohmann::json(16));
        QCOMPARE(c["batch_size"], nlohmann::json(16));
        // So a space can make heads a Transformer-only parameter.
        const auto space = SearchSpace::fromJson(
            R"({"heads": {"type": "int", "low": 1, "high": 4, "when": {"model": ["transformer", "gpt"]}}})", "s.json");
        QVERIFY(!space.active(space.parameters()[0], {}, c));
        fixed.model.family = "gpt";
        QVERIFY(space.active(space.parameters()[0], {}, conditionSettings(fixed)));
    }

    void aSpaceOfNonSettingsIsRefusedNamingTheFile()
    {
        const auto bad = SearchSpace::fromJson(R"({"colour": {"type": "float", "low": 0, "high": 1}})", "s.json");
        try {
            checkTrainingSpace(bad, "space.json");
            QFAIL("an unknown setting must be refused");
        } catch (const UserError& e) {
            const auto what = QString::fromUtf8(e.what());
            QVERIFY2(what.contains(QStringLiteral("space.json: parameter 'colour'")), e.what());
            QVERIFY2(what.contains(QStringLiteral("lr")), e.what());
        }
        const auto seed = SearchSpace::fromJson(R"({"train.seed": {"type": "int", "low": 1, "high": 9}})", "s.json");
        QVERIFY_THROWS_EXCEPTION(UserError, checkTrainingSpace(seed, "space.json"));
        const auto good = SearchSpace::fromJson(R"({"lr": {"type": "float", "low": 1e-4, "high": 1e-2, "log": true},
                                                    "hidden": {"type": "int", "low": 32, "high": 256, "log": true}})",
                                                "s.json");
        checkTrainingSpace(good, "space.json");
    }
};

QTEST_GUILESS_MAIN(TestTrialSettings)
#include "tst_trialsettings.moc"
