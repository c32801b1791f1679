// Aligned line files: blank lines kept, CRLF and a final line break handled, a BOM dropped,
// missing, UTF-16 and non-UTF-8 files refused with the file (and line) named.
#include "TestFiles.h"
#include "data/DataError.h"
#include "data/LineFile.h"

#include <QtTest>

using namespace lathe;
using lathe::test::writeFile;

class TestLineFile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keepsBlankLinesAndDropsLineBreaks()
    {
        QTemporaryDir dir;
        QCOMPARE(readLines(writeFile(dir, "a.txt", "one\r\n\r\nthree\n")),
                 (std::vector<std::string>{"one", "", "three"}));
        QCOMPARE(readLines(writeFile(dir, "b.txt", "\xEF\xBB\xBFno final break")),
                 (std::vector<std::string>{"no final break"}));
        QCOMPARE(readLines(writeFile(dir, "c.txt", "\n\n")), (std::vector<std::string>{"", ""}));
        QVERIFY(readLines(writeFile(dir, "d.txt", "")).empty());
        QCOMPARE(readLines(writeFile(dir, "e.txt", "中文\n")), (std::vector<std::string>{"中文"}));
    }
    void refusesWhatIsNotUtf8Text()
    {
        QTemporaryDir dir;
        const std::vector<std::pair<std::string, QString>> cases = {
            {writeFile(dir, "latin1.txt", "ok\ncaf\xE9\n"), QStringLiteral("latin1.txt:2: invalid UTF-8 byte 0xE9")},
            {writeFile(dir, "utf16.txt", QByteArray("\xFF\xFEo\0k\0", 6)), QStringLiteral("utf16.txt:1: the file is UTF-16")},
            {dir.filePath(QStringLiteral("missing.txt")).toStdString(), QStringLiteral("missing.txt: no such file or folder")},
            {dir.path().toStdString(), QStringLiteral(": is a folder, not a file")},
        };
        for (const auto& [path, expected] : cases) {
            try {
                readLines(path);
                QFAIL("expected a DataError");
            } catch (const DataError& e) {
                QVERIFY2(QString::fromStdString(e.what()).contains(expected), e.what());
            }
        }
    }
};

QTEST_APPLESS_MAIN(TestLineFile)
#include "tst_linefile.moc"
