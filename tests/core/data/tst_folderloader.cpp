#include "TestFiles.h"
#include "data/DataError.h"
#include "data/TextDataset.h"

#include <QtTest>

using namespace lathe;
using lathe::test::writeFile;

class TestFolderLoader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void loadsFolderPerClassTree()
    {
        QTemporaryDir dir;
        writeFile(dir, "imdb/pos/1_9.txt", "A wonderful film.");
        writeFile(dir, "imdb/pos/2_8.txt", "Loved it.");
        writeFile(dir, "imdb/neg/3_1.txt", "Dreadful.\nTruly.");
        writeFile(dir, "imdb/neg/notes.md", "ignored");
        const auto ds = loadDataset(dir.filePath(QStringLiteral("imdb")).toStdString());
        QCOMPARE(lathe::test::name(ds.format), lathe::test::name(DataFormat::Folder));
        QCOMPARE(ds.size(), std::size_t(3));
        QCOMPARE(ds.classes, (std::vector<std::string>{"neg", "pos"}));
        QCOMPARE(ds.texts[0], std::string("Dreadful.\nTruly."));
        QCOMPARE(ds.labels, (std::vector<int>{0, 1, 1}));
    }
    void loadsTextCorpusForLanguageModels()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "c.txt", "first line\r\n\n  \nsecond line\n");
        LoadOptions o;
        o.requireLabels = false;
        const auto ds = loadDataset(path, o);
        QCOMPARE(ds.texts, (std::vector<std::string>{"first line", "second line"}));
        QVERIFY(!ds.labelled());
    }
    void textCorpusCannotTrainAClassifier()
    {
        QTemporaryDir dir;
        const auto path = writeFile(dir, "c.txt", "a line\n");
        QVERIFY_THROWS_EXCEPTION(DataError, loadDataset(path));
    }
    void reportsBadTrees_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("no class folders") << "root/readme.txt" << QByteArray("x") << "has no class subfolders";
        QTest::newRow("invalid utf-8") << "root/pos/a.txt" << QByteArray("ok\nbad \xFF") << "a.txt:2: invalid UTF-8 byte 0xFF (byte offset 7)";
        QTest::newRow("binary") << "root/pos/a.txt" << QByteArray("\0\1\2", 3) << "a.txt:1: this looks like a binary file";
    }
    void reportsBadTrees()
    {
        QFETCH(QString, file);
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        writeFile(dir, file, content);
        writeFile(dir, "root/neg/b.txt", "fine");
        if (file == QLatin1String("root/readme.txt"))
            QDir(dir.filePath(QStringLiteral("root/neg"))).removeRecursively();
        try {
            loadDataset(dir.filePath(QStringLiteral("root")).toStdString(), {DataFormat::Folder});
            QFAIL("expected a DataError");
        } catch (const DataError& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(expected), e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestFolderLoader)
#include "tst_folderloader.moc"
