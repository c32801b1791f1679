#include "train/PickleScan.h"

#include <QtTest>

#include <string>

using lathe::pickleOverrun;

namespace {
std::optional<std::size_t> scan(const std::string& s)
{
    return pickleOverrun(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());
}
std::string bytes(std::initializer_list<int> b)
{
    std::string s;
    for (int c : b)
        s.push_back(static_cast<char>(c));
    return s;
}
}  // namespace

class TestPickleScan : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void aWellFormedStreamPasses()
    {
        // PROTO 2, EMPTY_DICT, BINUNICODE "ab", BININT1 7, SETITEM, SHORT_BINUNICODE "c", GLOBAL, STOP
        const std::string s = bytes({0x80, 2, '}', 'X', 2, 0, 0, 0}) + "ab" + bytes({'K', 7, 's', 0x8c, 1}) + "c" +
                              "ctorch._utils\n_rebuild\n" + bytes({'J', 1, 2, 3, 4, 'G'}) + std::string(8, '\0') + ".";
        QCOMPARE(scan(s), std::optional<std::size_t>());
    }
    void aStringLongerThanTheStreamIsFoundAtItsOpcode()
    {
        const std::string s = bytes({0x80, 2, 'X', 0x04, 0xfe, 0xff, 0xff}) + "head.";
        QCOMPARE(scan(s), std::optional<std::size_t>(2));
    }
    void eachCountedOpcodeIsChecked()
    {
        for (int op : {int('U'), int('C'), 0x8a, 0x8c})
            QCOMPARE(scan(bytes({op, 5, 'a', 'b'})), std::optional<std::size_t>(0));
        for (int op : {int('T'), int('X'), int('B'), 0x8b})
            QCOMPARE(scan(bytes({op, 5, 0, 0, 0, 'a'})), std::optional<std::size_t>(0));
        for (int op : {0x8d, 0x8e, 0x96})
            QCOMPARE(scan(bytes({op, 0, 0, 0, 0, 0, 0, 0, 0x80, 'a'})), std::optional<std::size_t>(0));
    }
    void aTruncatedFixedArgumentOrLineIsFound()
    {
        QCOMPARE(scan(bytes({'(', 'J', 1, 2})), std::optional<std::size_t>(1));
        QCOMPARE(scan(bytes({'N', 'G', 1})), std::optional<std::size_t>(1));
        QCOMPARE(scan(std::string("ctorch\nno newline")), std::optional<std::size_t>(0));
        QCOMPARE(scan(std::string("(K")), std::optional<std::size_t>(1));
    }
    void theWalkEndsAtStopAndAtAnUnknownOpcode()
    {
        QCOMPARE(scan(std::string(".") + bytes({'X', 0xff, 0xff, 0xff, 0xff})), std::optional<std::size_t>());
        QCOMPARE(scan(bytes({0xff, 'X', 0xff, 0xff, 0xff, 0xff})), std::optional<std::size_t>());
        QCOMPARE(scan(std::string()), std::optional<std::size_t>());
    }
};

QTEST_APPLESS_MAIN(TestPickleScan)
#include "tst_picklescan.moc"
