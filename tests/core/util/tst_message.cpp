#include "data/DataError.h"
#include "util/Message.h"

#include <QtTest>

using lathe::DataError;
using lathe::Message;

class TestMessage : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void argumentsTakeTheirPlacesInEnglish()
    {
        const Message m(LATHE_TR("Test", "row %1 has %2 fields, '%3' %4"), std::size_t{12}, -3, "x", 0.25);
        QCOMPARE(m.english(), std::string("row 12 has -3 fields, 'x' 0.25"));
        QCOMPARE(std::string(m.context()), std::string("Test"));
        QCOMPARE(m.text(), std::string("row %1 has %2 fields, '%3' %4"));
        QCOMPARE(m.args().size(), std::size_t{4});
        QVERIFY(!m.args()[0].context());  // arguments that are not messages are verbatim
    }
    void aPercentWithoutItsArgumentStaysAsItIs()
    {
        QCOMPARE(lathe::fillTemplate("100% of %1, %2 and %9", {"all"}), std::string("100% of all, %2 and %9"));
        // An argument holding "%1" is not substituted again.
        QCOMPARE(lathe::fillTemplate("%1 and %2", {"%2", "b"}), std::string("%2 and b"));
        // Verbatim text is never filled, whatever it contains.
        QCOMPARE(Message::verbatim("50%1 off").english(), std::string("50%1 off"));
    }
    void messagesNest()
    {
        const Message inner(LATHE_TR("Test", "step %1"), 7);
        const Message outer(LATHE_TR("Test", "stopped at %1: %2"), inner, LATHE_TR("Test", "no space"));
        QCOMPARE(outer.english(), std::string("stopped at step 7: no space"));
        QVERIFY(outer.args()[0].context());
        QCOMPARE(outer.args()[1].text(), std::string("no space"));
    }
    void linesJoinInOrderWhateverTheirNumber()
    {
        std::vector<Message> lines;
        std::string expected;
        for (int i = 1; i <= 12; ++i) {
            lines.emplace_back(LATHE_TR("Test", "problem %1"), i);
            expected += (i > 1 ? "\n" : "") + std::string("problem ") + std::to_string(i);
        }
        QCOMPARE(lathe::joinLines(lines).english(), expected);
        QVERIFY(lathe::joinLines({}).empty());
        QCOMPARE(lathe::joinLines({lines[2]}).english(), std::string("problem 3"));
    }
    void aDataErrorSaysFileLineOffsetAndHintInTheEnglishOfBefore()
    {
        const DataError e("data.csv", 4, Message(LATHE_TR("Data", "this row has %1 fields but the header has %2"), 3, 2),
                          LATHE_TR("Data", "Quote fields"), 120);
        QCOMPARE(std::string(e.what()),
                 std::string("data.csv:4: this row has 3 fields but the header has 2 (byte offset 120). Quote fields"));
        QCOMPARE(e.problem(), std::string("this row has 3 fields but the header has 2"));
        QCOMPARE(e.hint(), std::string("Quote fields"));
        const DataError bare("data.csv", 0, LATHE_TR("Data", "the file is empty"));
        QCOMPARE(std::string(bare.what()), std::string("data.csv: the file is empty"));
        // Catchable as what lathe-cli treats as bad input, with its message kept.
        try {
            throw bare;
        } catch (const std::invalid_argument& caught) {
            QCOMPARE(lathe::messageOf(caught).english(), std::string("data.csv: the file is empty"));
        }
    }
    void anExceptionWithoutAMessageIsShownAsItIs()
    {
        const std::runtime_error plain("LibTorch said no");
        const auto m = lathe::messageOf(plain);
        QVERIFY(!m.context());
        QCOMPARE(m.english(), std::string("LibTorch said no"));
    }
    void aStoredMessageReadsBackWithItsTemplateAndArguments()
    {
        const Message m(LATHE_TR("Trainer", "stopped at step %1 of %2"), 17, Message(LATHE_TR("Trainer", "run %1"), "x"));
        const auto back = Message::fromJson(m.toJson());
        QCOMPARE(std::string(back.context()), std::string("Trainer"));
        QCOMPARE(back.text(), m.text());
        QCOMPARE(back.args().size(), std::size_t(2));
        QVERIFY(!back.args()[0].context());  // a number stays verbatim
        QCOMPARE(std::string(back.args()[1].context()), std::string("Trainer"));
        QCOMPARE(back.english(), m.english());
    }
    void aStoredMessageRefusesWhatItDidNotWrite()
    {
        for (const char* junk : {"", "not json", "[]", "{}", R"({"text": 3})", R"({"text": "a", "args": "b"})",
                                 R"({"text": "a", "context": 1})", R"({"text": "a", "args": [{"nope": 1}]})"}) {
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Message::fromJson(junk));
        }
        std::string deep;
        for (int i = 0; i < 200; ++i)
            deep += R"({"text": "%1", "args": [)";
        deep += R"({"text": "x"})";
        for (int i = 0; i < 200; ++i)
            deep += "]}";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, Message::fromJson(deep));
    }
};

QTEST_APPLESS_MAIN(TestMessage)
#include "tst_message.moc"
