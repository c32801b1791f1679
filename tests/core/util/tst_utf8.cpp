#include "util/Utf8.h"

#include <QtTest>

using namespace lathe;

class TestUtf8 : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void acceptsValidText()
    {
        QCOMPARE(utf8::findInvalid("plain ascii"), utf8::npos);
        QCOMPARE(utf8::findInvalid("中文 and émoji 😀"), utf8::npos);
    }
    void findsStartOfFirstInvalidSequence()
    {
        QCOMPARE(utf8::findInvalid("ab\xFF" "cd"), std::size_t(2));
        QCOMPARE(utf8::findInvalid("\xC0\xAF"), std::size_t(0));       // overlong
        QCOMPARE(utf8::findInvalid("a\xED\xA0\x80"), std::size_t(1));  // surrogate: the sequence starts at ED
        QCOMPARE(utf8::findInvalid("ok\xE4\xB8"), std::size_t(2));     // truncated at the end
    }
    void streamValidatorHandlesSplitSequences()
    {
        utf8::StreamValidator v;
        const std::string s = "中";  // E4 B8 AD
        QCOMPARE(v.feed(s.substr(0, 1)), utf8::npos);
        QVERIFY(v.incomplete());
        QCOMPARE(v.feed(s.substr(1)), utf8::npos);
        QVERIFY(!v.incomplete());
    }
    void streamValidatorPointsBackAcrossChunks()
    {
        utf8::StreamValidator v;
        QCOMPARE(v.feed("ab\xE4"), utf8::npos);
        QCOMPARE(v.feed("\xB8x"), std::size_t(1));  // 'x' cannot continue E4 B8
        QCOMPARE(v.badBack(), std::size_t(2));
        QCOMPARE(int(v.badByte()), 0xE4);
    }
    void replacesAndCounts()
    {
        std::string s = "a\xFF" "b\xFE";
        QCOMPARE(utf8::replaceInvalid(s), std::size_t(2));
        QCOMPARE(s, std::string("a\xEF\xBF\xBD" "b\xEF\xBF\xBD"));
    }
    void decodesCodePoints()
    {
        const auto cps = utf8::decode("a中😀");
        QCOMPARE(cps.size(), std::size_t(3));
        QCOMPARE(static_cast<unsigned>(cps[1]), 0x4E2Du);
        QCOMPARE(utf8::encode(cps[2]), std::string("😀"));
    }
};

QTEST_APPLESS_MAIN(TestUtf8)
#include "tst_utf8.moc"
