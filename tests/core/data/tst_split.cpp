#include "data/Split.h"

#include <QtTest>

#include <set>

using namespace lathe;

namespace {
TextDataset labelled(int perClassA, int perClassB)
{
    TextDataset ds;
    ds.classes = {"a", "b"};
    for (int i = 0; i < perClassA + perClassB; ++i) {
        ds.texts.push_back("t" + std::to_string(i));
        ds.labels.push_back(i < perClassA ? 0 : 1);
    }
    return ds;
}
}  // namespace

class TestSplit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void keepsClassProportions()
    {
        const auto ds = labelled(800, 200);
        const auto s = splitDataset(ds, {0.1, 0.1, 7});
        QCOMPARE(s.train.size() + s.validation.size() + s.test.size(), std::size_t(1000));
        int valB = 0;
        for (auto i : s.validation)
            valB += ds.labels[i];
        QCOMPARE(s.validation.size(), std::size_t(100));
        QCOMPARE(valB, 20);
        std::set<std::size_t> all(s.train.begin(), s.train.end());
        all.insert(s.validation.begin(), s.validation.end());
        all.insert(s.test.begin(), s.test.end());
        QCOMPARE(all.size(), std::size_t(1000));
    }
    void isDeterministicPerSeed()
    {
        const auto ds = labelled(50, 50);
        QCOMPARE(splitDataset(ds, {0.2, 0.1, 3}).validation, splitDataset(ds, {0.2, 0.1, 3}).validation);
        QVERIFY(splitDataset(ds, {0.2, 0.1, 3}).validation != splitDataset(ds, {0.2, 0.1, 4}).validation);
    }
    void tinyClassesKeepATrainingExample()
    {
        const auto ds = labelled(1, 3);
        const auto s = splitDataset(ds, {0.5, 0.5, 1});
        QVERIFY(std::count(s.train.begin(), s.train.end(), std::size_t(0)) == 1);
    }
    void fingerprintFollowsContentAndOptions()
    {
        auto ds = labelled(5, 5);
        const auto f = datasetFingerprint(ds, "{}");
        QCOMPARE(f.size(), std::size_t(32));
        QCOMPARE(datasetFingerprint(ds, "{}"), f);
        QVERIFY(datasetFingerprint(ds, "{\"x\":1}") != f);
        ds.labels[0] = 1;
        QVERIFY(datasetFingerprint(ds, "{}") != f);
    }
    void fingerprintOfPairsFollowsTheirTargets()
    {
        TextDataset ds;
        ds.texts = {"twelve", "three hundred five"};
        ds.targets = {"12", "305"};
        const auto f = datasetFingerprint(ds, "{}");
        ds.targets[1] = "350";
        QVERIFY(datasetFingerprint(ds, "{}") != f);
        ds.targets.clear();
        QVERIFY(datasetFingerprint(ds, "{}") != f);
    }
};

QTEST_APPLESS_MAIN(TestSplit)
#include "tst_split.moc"
