// Search spaces of hyperparameter studies: every kind of parameter read from JSON and written
// back the same, conditions ordered after what they depend on and evaluated against earlier
// values and fixed settings, membership (range, step, choices), and each invalid space refused
// with a message that names the file, the parameter and what to change.
#include "study/SearchSpace.h"
#include "util/Message.h"

#include <QtTest>

using namespace lathe;
using namespace lathe::study;

class TestSearchSpace : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsEveryKindAndWritesItBack()
    {
        const auto space = SearchSpace::fromJson(R"({
            "lr": {"type": "float", "low": 1e-4, "high": 1e-2, "log": true},
            "dropout": {"type": "float", "low": 0, "high": 0.5, "step": 0.1},
            "layers": {"type": "int", "low": 1, "high": 4},
            "batch": {"type": "int", "low": 8, "high": 128, "log": true},
            "width": {"type": "categorical", "choices": [64, 128, 256]},
            "model": {"type": "categorical", "choices": ["transformer", "bilstm"]},
            "heads": {"type": "int", "low": 1, "high": 8, "step": 1, "when": {"model": "transformer"}}})",
                                                 "space.json");
        QCOMPARE(space.parameters().size(), std::size_t(7));
        const auto* lr = space.find("lr");
        QVERIFY(lr && lr->kind == ParamKind::Float && lr->log && lr->step == 0);
        QCOMPARE(space.find("layers")->step, 1.0);
        QCOMPARE(space.find("width")->choices.size(), std::size_t(3));
        const auto again = SearchSpace::fromJson(space.toJson().dump(), "again.json");
        QCOMPARE(again.toJson(), space.toJson());
    }

    void aConditionComesAfterWhatItNamesAndFollowsIt()
    {
        // "heads" is listed before "model" (JSON objects are unordered): it must be placed after.
        const auto space = SearchSpace::fromJson(R"({
            "a_heads": {"type": "int", "low": 1, "high": 8, "when": {"model": ["transformer", "gpt"]}},
            "model": {"type": "categorical", "choices": ["transformer", "gpt", "bilstm"]},
            "hidden": {"type": "int", "low": 32, "high": 256, "when": {"family": "bilstm"}}})",
                                                 "space.json");
        std::vector<std::string> order;
        for (const auto& p : space.parameters())
            order.push_back(p.name);
        QVERIFY(std::find(order.begin(), order.end(), "model") < std::find(order.begin(), order.end(), "a_heads"));
        const auto& heads = *space.find("a_heads");
        QVERIFY(space.active(heads, {{"model", "gpt"}}, {}));
        QVERIFY(!space.active(heads, {{"model", "bilstm"}}, {}));
        QVERIFY(!space.active(heads, {}, {}));
        // A condition on a fixed setting of the study.
        const auto& hidden = *space.find("hidden");
        QVERIFY(space.active(hidden, {}, {{"family", "bilstm"}}));
        QVERIFY(!space.active(hidden, {}, {{"family", "transformer"}}));
        QVERIFY(!space.active(hidden, {}, {}));
    }

    void membershipFollowsRangeStepAndChoices()
    {
        const auto space = SearchSpace::fromJson(R"({"d": {"type": "float", "low": 0, "high": 0.5, "step": 0.1},
            "n": {"type": "int", "low": 2, "high": 10, "step": 2}, "w": {"type": "categorical", "choices": [64, "x"]}})",
                                                 "s.json");
        QVERIFY(SearchSpace::contains(*space.find("d"), 0.3));
        QVERIFY(!SearchSpace::contains(*space.find("d"), 0.35));
        QVERIFY(!SearchSpace::contains(*space.find("d"), 0.6));
        QVERIFY(SearchSpace::contains(*space.find("n"), 6));
        QVERIFY(!SearchSpace::contains(*space.find("n"), 7));
        QVERIFY(SearchSpace::contains(*space.find("w"), 64.0));
        QVERIFY(SearchSpace::contains(*space.find("w"), "x"));
        QVERIFY(!SearchSpace::contains(*space.find("w"), "y"));
    }

    void anInvalidSpaceIsRefusedWithWhatToChange_data()
    {
        QTest::addColumn<QString>("json");
        QTest::addColumn<QString>("message");
        QTest::newRow("not json") << "{" << "s.json: not valid JSON";
        QTest::newRow("empty") << "{}" << "s.json: a search space must be a JSON object of parameters";
        QTest::newRow("no type") << R"({"lr": {"low": 1}})" << "s.json: parameter 'lr': \"type\" must be";
        QTest::newRow("low above high") << R"({"lr": {"type": "float", "low": 1, "high": 0.1}})"
                                        << "parameter 'lr': low (1) must not be above high (0.1)";
        QTest::newRow("log at zero") << R"({"lr": {"type": "float", "low": 0, "high": 1, "log": true}})"
                                     << "a log scale needs low above 0";
        QTest::newRow("fractional int") << R"({"n": {"type": "int", "low": 1.5, "high": 4}})" << "whole numbers";
        QTest::newRow("step and log") << R"({"x": {"type": "float", "low": 1, "high": 2, "step": 0.5, "log": true}})"
                                      << "'step' and 'log' cannot be used together";
        QTest::newRow("off step") << R"({"x": {"type": "float", "low": 0, "high": 1, "step": 0.3}})"
                                  << "high (1) is not low (0) plus a whole number of steps (0.3)";
        QTest::newRow("log not a flag") << R"({"lr": {"type": "float", "low": 1, "high": 2, "log": "yes"}})"
                                        << "'log' must be true or false";
        QTest::newRow("type not a string") << R"({"lr": {"type": 3, "low": 1, "high": 2}})" << "\"type\" must be";
        QTest::newRow("beyond a double") << R"({"lr": {"type": "float", "low": 1, "high": 1e400}})" << "not valid JSON";
        QTest::newRow("huge int") << R"({"n": {"type": "int", "low": 0, "high": 1e19}})" << "within ±2^53";
        QTest::newRow("no choices") << R"({"w": {"type": "categorical", "choices": []}})" << "non-empty list";
        QTest::newRow("twice") << R"({"w": {"type": "categorical", "choices": [1, 1]}})" << "listed twice";
        QTest::newRow("typo") << R"({"x": {"type": "float", "low": 0, "hihg": 1}})" << "unknown key 'hihg'";
        QTest::newRow("missing high") << R"({"x": {"type": "float", "low": 0}})" << "'high' is missing";
        QTest::newRow("cycle") << R"({"a": {"type": "int", "low": 0, "high": 1, "when": {"b": 1}},
                                      "b": {"type": "int", "low": 0, "high": 1, "when": {"a": 1}}})"
                               << "depend on each other";
        QTest::newRow("impossible condition")
            << R"({"m": {"type": "categorical", "choices": ["a"]}, "h": {"type": "int", "low": 1, "high": 2, "when": {"m": "b"}}})"
            << "parameter 'h': its condition names m = \"b\", a value 'm' never takes";
    }

    void anInvalidSpaceIsRefusedWithWhatToChange()
    {
        QFETCH(QString, json);
        QFETCH(QString, message);
        try {
            SearchSpace::fromJson(json.toStdString(), "s.json");
            QFAIL("accepted");
        } catch (const UserError& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(message), e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestSearchSpace)
#include "tst_searchspace.moc"
