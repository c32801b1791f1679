#include "TestFiles.h"
#include "data/DataError.h"
#include "kernels/Precision.h"
#include "train/Checkpoint.h"
#include "util/PeakMemory.h"

#include <QtTest>

#include <zlib.h>

#include <filesystem>
#include <fstream>

using namespace lathe;

namespace {
RunConfig tinyConfig()
{
    RunConfig c;
    c.name = "ckpt";
    c.model.width = 8;
    c.model.heads = 2;
    c.model.layers = 1;
    c.model.feedForward = 16;
    c.model.maxLength = 6;
    c.model.vocabularySize = 12;
    c.model.numClasses = 2;
    c.model.dropout = 0;
    return c;
}

// A checkpoint of an untrained tiny model at dir/c.pt, as training leaves one.
std::string savedTinyCheckpoint(const QTemporaryDir& dir)
{
    const auto path = dir.filePath(QStringLiteral("c.pt")).toStdString();
    const auto config = tinyConfig();
    const std::vector<std::string> texts = {"a"};
    auto tok = trainTokenizer({"word", 12, 1}, texts, {0});
    auto model = buildModel(config.model);
    saveCheckpoint(path, config, *tok, {"a", "b"}, 1, *model, nullptr);
    return path;
}

QByteArray fileBytes(const std::string& path)
{
    QFile f(QString::fromStdString(path));
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

void overwrite(const std::string& path, const QByteArray& bytes)
{
    QFile f(QString::fromStdString(path));
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), bytes.size());
}

// Where the first BINUNICODE opcode of a short lower-case name starts: X, a 4-byte length, the
// name. -1 when there is none.
qsizetype firstPickledName(const QByteArray& bytes)
{
    for (qsizetype i = 0; i + 5 < bytes.size(); ++i) {
        const int n = static_cast<unsigned char>(bytes[i + 1]);
        if (bytes[i] != 'X' || n < 3 || n > 40 || bytes[i + 2] || bytes[i + 3] || bytes[i + 4] || i + 5 + n > bytes.size())
            continue;
        bool name = true;
        for (int k = 0; k < n; ++k)
            name = name && ((bytes[i + 5 + k] >= 'a' && bytes[i + 5 + k] <= 'z') || bytes[i + 5 + k] == '_');
        if (name)
            return i;
    }
    return -1;
}

void putLe32(QByteArray& bytes, qsizetype at, std::uint32_t v)
{
    for (int k = 0; k < 4; ++k)
        bytes[at + k] = static_cast<char>((v >> (8 * k)) & 0xff);
}

std::uint32_t le16(const QByteArray& bytes, qsizetype at)
{
    return static_cast<unsigned char>(bytes[at]) | (static_cast<unsigned char>(bytes[at + 1]) << 8);
}

std::uint32_t le32(const QByteArray& bytes, qsizetype at)
{
    return le16(bytes, at) | (le16(bytes, at + 2) << 16);
}

// Writes the CRC-32 of a stored zip entry's bytes as they are now where readers look for it (its
// central directory record, and the data descriptor LibTorch's writer puts after the data), as a
// file crafted to pass the checksums would have it.
bool rewriteChecksum(QByteArray& zip, const QByteArray& entry)
{
    for (qsizetype at = zip.indexOf(entry); at >= 0; at = zip.indexOf(entry, at + 1)) {
        if (at < 46 || zip.mid(at - 46, 4) != QByteArray("PK\x01\x02", 4))
            continue;
        const qsizetype record = at - 46;
        const std::uint32_t size = le32(zip, record + 20);
        const qsizetype local = le32(zip, record + 42);
        const qsizetype data = local + 30 + le16(zip, local + 26) + le16(zip, local + 28);
        const auto crc = static_cast<std::uint32_t>(::crc32(0, reinterpret_cast<const Bytef*>(zip.constData() + data), size));
        putLe32(zip, record + 16, crc);
        if (le16(zip, local + 6) & 0x8) {  // a data descriptor follows the data
            const qsizetype descriptor = data + size;
            putLe32(zip, zip.mid(descriptor, 4) == QByteArray("PK\x07\x08", 4) ? descriptor + 4 : descriptor, crc);
        } else {
            putLe32(zip, local + 14, crc);
        }
        return true;
    }
    return false;
}
// Where the central directory record of the first entry stored with this compression method (0
// stored, 8 deflated) starts, and its name; -1 when there is none.
qsizetype firstCentralRecord(const QByteArray& zip, std::uint32_t method, QByteArray* name)
{
    for (qsizetype at = zip.indexOf(QByteArray("PK\x01\x02", 4)); at >= 0 && at + 46 <= zip.size();
         at = zip.indexOf(QByteArray("PK\x01\x02", 4), at + 4)) {
        if (le16(zip, at + 10) != method)
            continue;
        *name = zip.mid(at + 46, le16(zip, at + 28));
        return at;
    }
    return -1;
}
}  // namespace

class TestCheckpoint : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripReproducesEverything()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("c.pt")).toStdString();
        const auto config = tinyConfig();
        const std::vector<std::string> texts = {"a b c", "d e"};
        auto tok = trainTokenizer({"word", 12, 1}, texts, {0, 1});
        auto model = buildModel(config.model);
        model->eval();
        torch::optim::AdamW opt(model->parameters(), torch::optim::AdamWOptions(1e-3));
        model->forward(torch::tensor({{2, 4, 5}}, torch::kLong)).sum().backward();
        opt.step();
        saveCheckpoint(path, config, *tok, {"neg", "pos"}, 42, *model, &opt);

        auto back = loadCheckpoint(path);
        QCOMPARE(back.step, std::int64_t(42));
        QCOMPARE(back.classes, (std::vector<std::string>{"neg", "pos"}));
        QCOMPARE(back.config.toJson(), config.toJson());
        QCOMPARE(back.tokenizer->encode("a e"), tok->encode("a e"));
        back.model->eval();
        auto ids = torch::tensor({{2, 4, 5, 6}, {2, 7, 0, 0}}, torch::kLong);
        QVERIFY(torch::equal(back.model->forward(ids), model->forward(ids)));
        torch::optim::AdamW restored(back.model->parameters(), torch::optim::AdamWOptions(1e-3));
        restoreOptimizer(back, restored);
        QCOMPARE(restored.state().size(), opt.state().size());
        QVERIFY(!QFile::exists(QString::fromStdString(path) + QStringLiteral(".tmp")));
    }
    void theTrainingPrecisionIsRecordedAndFollowed()
    {
        // Evaluations, predictions and resumes run in the precision the run trained in, not in
        // what `auto`'s timing probe answers in their own process.
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("c.pt")).toStdString();
        auto config = tinyConfig();
        const std::vector<std::string> texts = {"a"};
        auto tok = trainTokenizer({"word", 12, 1}, texts, {0});
        auto model = buildModel(config.model);
        const auto saved = [&](const std::string& precision) {
            saveCheckpoint(path, config, *tok, {"a", "b"}, 1, *model, nullptr, precision);
            return readCheckpointHeader(path);
        };

        config.train.precision = "auto";
        QCOMPARE(saved("fp32").precision, std::string("fp32"));
        QCOMPARE(checkpointPrecision(saved("fp32")), std::string("fp32"));
        QCOMPARE(saved("bf16").precision, std::string("bf16"));
        // Under `auto`, bf16 only where this CPU runs it natively (else emulated, many times slower).
        QCOMPARE(checkpointPrecision(saved("bf16")), std::string(kernels::nativeBf16() ? "bf16" : "fp32"));
        // Written before it was recorded: the settings resolved here.
        QCOMPARE(saved("").precision, std::string());
        QCOMPARE(checkpointPrecision(saved("")), kernels::resolvePrecision("auto"));

        config.train.precision = "bf16";
        QCOMPARE(checkpointPrecision(saved("bf16")), std::string("bf16"));
        // What it recorded wins over what its settings would resolve to (on any CPU).
        QCOMPARE(checkpointPrecision(saved("fp32")), std::string("fp32"));
        QCOMPARE(checkpointPrecision(saved("")), std::string("bf16"));

        // A value no Lathe writes is a corrupt file.
        saveCheckpoint(path, config, *tok, {"a", "b"}, 1, *model, nullptr, "fp8");
        try {
            (void)readCheckpointHeader(path);
            QFAIL("an unknown precision must be refused");
        } catch (const DataError& e) {
            QVERIFY2(std::string(e.what()).find("settings are unreadable") != std::string::npos, e.what());
        }
    }
    void truncatedCheckpointSaysSo()
    {
        QTemporaryDir dir;
        const auto path = savedTinyCheckpoint(dir);
        std::filesystem::resize_file(path, std::filesystem::file_size(path) / 2);
        try {
            loadCheckpoint(path);
            QFAIL("a truncated checkpoint must be refused");
        } catch (const DataError& e) {
            const QString msg = QString::fromStdString(e.what());
            QVERIFY2(msg.contains(QStringLiteral("c.pt: the file is not a complete checkpoint")), e.what());
            QVERIFY2(msg.contains(QStringLiteral("Resume from an earlier checkpoint")), e.what());
        }
    }
    void aStringLongerThanItsPickleIsRefusedWithoutAllocatingIt_data()
    {
        QTest::addColumn<bool>("checksumsFixed");
        QTest::addColumn<QString>("problem");
        // As the fuzzer changed it: the entry's CRC-32 no longer matches.
        QTest::newRow("as damaged") << false << QStringLiteral("its entry archive/data.pkl does not match its checksum");
        // Checksums written again for the changed bytes: only the walk over the pickle sees it.
        QTest::newRow("checksums fixed") << true << QStringLiteral("its entry archive/data.pkl declares more data than it holds");
    }
    void aStringLongerThanItsPickleIsRefusedWithoutAllocatingIt()
    {
        // fuzz_checkpoint's finding: four bytes of a string's length in data.pkl set to ~4 GiB made
        // LibTorch zero-fill 4 GiB before it saw the stream end.
        QFETCH(bool, checksumsFixed);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const auto path = savedTinyCheckpoint(dir);
        QByteArray bytes = fileBytes(path);
        const qsizetype at = firstPickledName(bytes);
        QVERIFY2(at >= 0, "the checkpoint has no pickled name to corrupt");
        bytes[at + 2] = '\xfe';
        bytes[at + 3] = '\xff';
        bytes[at + 4] = '\xff';
        if (checksumsFixed)
            QVERIFY(rewriteChecksum(bytes, "archive/data.pkl"));
        overwrite(path, bytes);
        const PeakMemoryProbe probe;
        try {
            loadCheckpoint(path);
            QFAIL("a checkpoint whose pickle runs past its end must be refused");
        } catch (const DataError& e) {
            const QString msg = QString::fromStdString(e.what());
            QVERIFY2(msg.contains(QStringLiteral("c.pt: the checkpoint is damaged: ") + problem), e.what());
            QVERIFY2(msg.contains(QStringLiteral("Resume from an earlier checkpoint")), e.what());
        }
        if (probe.available())
            QVERIFY2(probe.riseBytes() < (std::int64_t(1) << 30), qPrintable(QString::number(probe.riseBytes())));
    }
    void aRecordDeclaringMoreThanItHoldsIsRefusedWithoutAllocatingIt_data()
    {
        QTest::addColumn<std::uint32_t>("method");
        QTest::addColumn<std::uint32_t>("declared");
        QTest::addColumn<QString>("problem");
        // fuzz_checkpoint's finding, as the fuzzer made it: a compressed code entry's size field
        // ff ff ff ff made LibTorch allocate 4 GiB for a few hundred bytes.
        QTest::newRow("compressed, 4 GiB") << 8U << 0xffffffffU << QStringLiteral("declares 4294967295 bytes, more than it can hold");
        QTest::newRow("compressed, 1 MB") << 8U << 1000000U << QStringLiteral("declares 1000000 bytes but holds ");
        QTest::newRow("stored, 4 GiB") << 0U << 0xffffffffU << QStringLiteral("declares 4294967295 bytes, more than it can hold");
    }
    void aRecordDeclaringMoreThanItHoldsIsRefusedWithoutAllocatingIt()
    {
        QFETCH(std::uint32_t, method);
        QFETCH(std::uint32_t, declared);
        QFETCH(QString, problem);
        QTemporaryDir dir;
        const auto path = savedTinyCheckpoint(dir);
        QByteArray bytes = fileBytes(path);
        QByteArray entry;
        const qsizetype record = firstCentralRecord(bytes, method, &entry);
        QVERIFY2(record >= 0, "the checkpoint has no entry stored that way");
        putLe32(bytes, record + 24, declared);  // the uncompressed size LibTorch allocates
        overwrite(path, bytes);
        const PeakMemoryProbe probe;
        try {
            loadCheckpoint(path);
            QFAIL("a checkpoint with an entry declaring more than it holds must be refused");
        } catch (const DataError& e) {
            const QString expected = QStringLiteral("c.pt: the checkpoint is damaged: its entry ") + QString::fromLatin1(entry) + QLatin1Char(' ') + problem;
            QVERIFY2(QString::fromStdString(e.what()).contains(expected), e.what());
        }
        if (probe.available())
            QVERIFY2(probe.riseBytes() < (std::int64_t(1) << 30), qPrintable(QString::number(probe.riseBytes())));
    }
    void theFuzzersFileIsRefused()
    {
        // The file fuzz_checkpoint wrote, kept in fuzz/findings/ (its entry
        // archive/code/__torch__/___torch_mangle_36.py declares 4 GiB).
        try {
            loadCheckpoint(test::sourcePath("fuzz/findings/checkpoint-oom-4GiB-record.pt"));
            QFAIL("the fuzzer's checkpoint must be refused");
        } catch (const DataError& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("checkpoint-oom-4GiB-record.pt: the checkpoint is damaged: its entry ")), e.what());
        }
    }
    void aChangedByteOfItsCodeIsRefusedBeforeLibTorchParsesIt()
    {
        // fuzz_checkpoint's second finding: LibTorch's TorchScript importer crashed (SIGSEGV) on
        // a checkpoint whose module code had a few bytes changed.
        QTemporaryDir dir;
        const auto path = savedTinyCheckpoint(dir);
        QByteArray bytes = fileBytes(path);
        const auto at = bytes.indexOf("__parameters__");
        QVERIFY2(at >= 0, "the checkpoint has no stored module code to change");
        bytes[at + 2] = 'q';
        overwrite(path, bytes);
        try {
            loadCheckpoint(path);
            QFAIL("a checkpoint with changed code must be refused");
        } catch (const DataError& e) {
            QVERIFY2(QString::fromStdString(e.what()).contains(QStringLiteral("c.pt: the checkpoint is damaged: its entry archive/code/")), e.what());
        }
    }
    void foreignFilesAreRefusedInPlainWords()
    {
        QTemporaryDir dir;
        // Not a zip at all, and a LibTorch archive that Lathe did not write.
        const auto text = dir.filePath(QStringLiteral("notes.pt")).toStdString();
        std::ofstream(text) << "these are my notes, not a model\n";
        const auto other = dir.filePath(QStringLiteral("other.pt")).toStdString();
        torch::serialize::OutputArchive a;
        a.write("weight", torch::ones({2, 2}));
        a.save_to(other);
        const std::pair<std::string, const char*> cases[] = {
            {text, "the file is not a complete checkpoint"},
            {other, "not a Lathe checkpoint (it has no lathe.format entry)"}};
        for (const auto& [path, expected] : cases) {
            try {
                loadCheckpoint(path);
                QFAIL("a foreign file must be refused");
            } catch (const DataError& e) {
                const std::string msg = e.what();
                QVERIFY2(msg.find(expected) != std::string::npos, e.what());
                QVERIFY2(msg.find("PytorchStreamReader") == std::string::npos && msg.find("c10") == std::string::npos,
                         e.what());
            }
        }
    }
    void aCheckpointCopiedFromAnotherRunIsRefused()
    {
        QTemporaryDir dir;
        const auto mine = dir.filePath(QStringLiteral("e-files/run-1/checkpoint.pt")).toStdString();
        const auto theirs = dir.filePath(QStringLiteral("e-files/run-2/checkpoint.pt")).toStdString();
        std::filesystem::create_directories(std::filesystem::path(mine).parent_path());
        std::filesystem::create_directories(std::filesystem::path(theirs).parent_path());
        const auto config = tinyConfig();
        const std::vector<std::string> texts = {"a"};
        auto tok = trainTokenizer({"word", 12, 1}, texts, {0});
        auto model = buildModel(config.model);
        saveCheckpoint(theirs, config, *tok, {"a", "b"}, 1, *model, nullptr);
        QCOMPARE(loadCheckpoint(theirs).step, std::int64_t(1));  // in its own folder it loads
        std::filesystem::copy_file(theirs, mine);
        try {
            loadCheckpoint(mine);
            QFAIL("run 2's checkpoint in run 1's folder must be refused");
        } catch (const DataError& e) {
            QVERIFY2(std::string(e.what()).find("saved by run 2, not run 1") != std::string::npos, e.what());
        }
    }
    void aTokenizerLargerThanItsModelIsRefused()
    {
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("c.pt")).toStdString();
        auto config = tinyConfig();
        const std::vector<std::string> texts = {"a b c d e f g h i j k l m n"};
        auto tok = trainTokenizer({"word", 100, 1}, texts, {0});
        QVERIFY(tok->vocabularySize() > config.model.vocabularySize);
        auto model = buildModel(config.model);
        saveCheckpoint(path, config, *tok, {"a", "b"}, 1, *model, nullptr);
        try {
            loadCheckpoint(path);
            QFAIL("token ids past the embedding table must be refused");
        } catch (const DataError& e) {
            QVERIFY2(std::string(e.what()).find("do not belong together") != std::string::npos, e.what());
        }
    }
    void entriesOfTheWrongTypeAreRefusedInPlainWords()
    {
        // A Lathe-shaped archive whose entry holds a value of another type (found by reading the
        // header reader for fuzz_checkpoint): LibTorch's conversion throws its own c10::Error text,
        // which must not reach the user; the run entry was read outside any guard.
        QTemporaryDir dir;
        const auto config = tinyConfig();
        const std::vector<std::string> texts = {"a"};
        auto tok = trainTokenizer({"word", 12, 1}, texts, {0});
        const std::pair<std::string, const char*> cases[] = {
            {"lathe.format", "settings are unreadable"}, {"lathe.step", "settings are unreadable"},
            {"lathe.run", "settings are unreadable"}, {"lathe.precision", "settings are unreadable"},
            {"lathe.tokenizer", "tokenizer is unreadable"}};
        for (const auto& [broken, expected] : cases) {
            const auto folder = dir.filePath(QStringLiteral("e-files/run-3")).toStdString();
            std::filesystem::create_directories(folder);
            const auto path = folder + "/checkpoint.pt";
            const auto entry = [&](const std::string& key, c10::IValue good) {
                return key == broken ? (good.isString() ? c10::IValue(std::int64_t(7)) : c10::IValue(std::string("seven")))
                                     : good;
            };
            torch::serialize::OutputArchive a;
            a.write("lathe.format", entry("lathe.format", c10::IValue(std::int64_t(1))));
            a.write("lathe.config", c10::IValue(config.toJson()));
            a.write("lathe.tokenizer", entry("lathe.tokenizer", c10::IValue(tok->toJson())));
            a.write("lathe.classes", c10::IValue(std::string("[\"a\", \"b\"]")));
            a.write("lathe.step", entry("lathe.step", c10::IValue(std::int64_t(1))));
            a.write("lathe.run", entry("lathe.run", c10::IValue(std::int64_t(3))));
            a.write("lathe.precision", entry("lathe.precision", c10::IValue(std::string("bf16"))));
            a.save_to(path);
            try {
                (void)readCheckpointHeader(path);
                QFAIL(qPrintable(QStringLiteral("a checkpoint whose %1 has the wrong type must be refused")
                                     .arg(QString::fromStdString(broken))));
            } catch (const DataError& e) {
                const std::string msg = e.what();
                QVERIFY2(msg.find(expected) != std::string::npos, e.what());
                QVERIFY2(msg.find("Expected") == std::string::npos && msg.find("c10") == std::string::npos, e.what());
            }
        }
    }
    void aRunFolderNumberPastTheIntegersIsNotARun()
    {
        QCOMPARE(runOfCheckpointPath("/x/run-12/checkpoint.pt"), std::int64_t(12));
        QCOMPARE(runOfCheckpointPath("/x/run-12/snapshots/step-5.pt"), std::int64_t(12));
        QCOMPARE(runOfCheckpointPath("/x/run-99999999999999999999999/checkpoint.pt"), std::int64_t(0));
        QCOMPARE(runOfCheckpointPath("/x/notes/checkpoint.pt"), std::int64_t(0));
    }
    void missingCheckpointSaysSo()
    {
        try {
            loadCheckpoint("/nonexistent/c.pt");
            QFAIL("expected a DataError");
        } catch (const DataError& e) {
            QVERIFY(QString::fromStdString(e.what()).contains(QStringLiteral("the checkpoint file is missing")));
        }
    }
};

QTEST_APPLESS_MAIN(TestCheckpoint)
#include "tst_checkpoint.moc"
