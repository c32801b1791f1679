// model/FastText.h: the fastText-style classifier's features (tokens, hashed word n-grams,
// hashed character n-grams of each token), its gradients, and a run of it on the bundled sample
// whose checkpoint carries the n-gram table.
#include "QuickConfig.h"
#include "model/FastText.h"
#include "store/RunStore.h"
#include "tokenize/Tokenizer.h"
#include "train/Checkpoint.h"
#include "train/Training.h"

#include <QtTest>

#include <set>

using namespace lathe;

namespace {
ModelConfig small(int wordNgrams, int charMax)
{
    ModelConfig c;
    c.family = "fasttext";
    c.vocabularySize = 12;
    c.numClasses = 3;
    c.width = 8;
    c.dropout = 0.0;
    c.buckets = 101;
    c.wordNgrams = wordNgrams;
    c.charNgramMin = 3;
    c.charNgramMax = charMax;
    return c;
}

std::shared_ptr<FastTextClassifierImpl> build(const ModelConfig& c)
{
    return std::dynamic_pointer_cast<FastTextClassifierImpl>(buildModel(c));
}

std::set<std::int64_t> rowOf(const torch::Tensor& subwords, int id)
{
    std::set<std::int64_t> out;
    for (int k = 0; k < subwords.size(1); ++k)
        if (const auto v = subwords[id][k].item<std::int64_t>(); v >= 0)
            out.insert(v);
    return out;
}
}  // namespace

class TestFastText : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void characterNgramsAreFastTextsHashes()
    {
        // "<wh", "whe", "her", "ere", "re>": FNV-1a 32 of each, modulo the buckets (Python-checked).
        const std::vector<std::int64_t> expected{164508, 418277, 461105, 522814, 861312};
        QCOMPARE(charNgramBuckets("where", 3, 3, 1000003, 64), expected);
        // Lengths 3 to 4 of "<ab>": two trigrams; the only 4-gram is the whole word, left out.
        QCOMPARE(charNgramBuckets("ab", 3, 4, 1000003, 64).size(), std::size_t(2));
        // Code points, not bytes: "<né>" has two trigrams; bytes above 127 hash as fastText's signed
        // chars do (Python-checked).
        QCOMPARE(charNgramBuckets("n\xC3\xA9", 3, 3, 1000003, 64), (std::vector<std::int64_t>{56083, 13591}));
        // Length 1: the letters, not the end marks every word shares.
        QCOMPARE(charNgramBuckets("ab", 1, 1, 1000003, 64).size(), std::size_t(2));
        // The limit, and off.
        QCOMPARE(charNgramBuckets("extraordinarily", 3, 6, 1000003, 32).size(), std::size_t(32));
        QVERIFY(charNgramBuckets("where", 0, 0, 1000003, 64).empty());
    }

    void wordsWithCommonPartsShareBuckets()
    {
        auto c = small(1, 5);
        c.vocabularySize = 7;
        auto m = build(c);
        const auto tokenizer = trainTokenizer({"word", 7}, {"playing played xyz"}, {0});
        m->setSubwords(*tokenizer);
        int playing = -1, played = -1, xyz = -1;
        for (int id = 0; id < tokenizer->vocabularySize(); ++id) {
            const auto piece = tokenizer->piece(id);
            playing = piece == "playing" ? id : playing;
            played = piece == "played" ? id : played;
            xyz = piece == "xyz" ? id : xyz;
        }
        QVERIFY(playing > 0 && played > 0 && xyz > 0);
        std::set<std::int64_t> common;
        const auto a = rowOf(m->subwords, playing), b = rowOf(m->subwords, played);
        std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::inserter(common, common.end()));
        QVERIFY(common.size() >= 3);  // "<pl", "pla", "lay" and longer
        // "<xy", "xyz", "yz>", "<xyz", "xyz>" ("<xyz>" is the token itself).
        QCOMPARE(rowOf(m->subwords, xyz).size(), std::size_t(5));
        // The special tokens have no spelling.
        for (int id = 0; id <= Tokenizer::kEos; ++id)
            QVERIFY(rowOf(m->subwords, id).empty());
    }

    void wordOrderCountsOnlyThroughWordNgrams()
    {
        const auto forward = torch::tensor({{2, 5, 6, 7}}, torch::kLong), backward = torch::tensor({{2, 7, 6, 5}}, torch::kLong);
        torch::manual_seed(3);
        auto bag = build(small(1, 0));
        QVERIFY(torch::allclose(bag->features(forward), bag->features(backward)));
        torch::manual_seed(3);
        auto bigrams = build(small(2, 0));
        QVERIFY(!torch::allclose(bigrams->features(forward), bigrams->features(backward)));
    }

    void paddingIsNotAFeature()
    {
        torch::manual_seed(4);
        auto m = build(small(3, 0));
        const auto padded = torch::tensor({{2, 5, 6, 0, 0}, {2, 9, 0, 0, 0}}, torch::kLong);
        const auto a = m->features(padded);
        QVERIFY(torch::allclose(a[0], m->features(torch::tensor({{2, 5, 6}}, torch::kLong))[0]));
        QVERIFY(torch::allclose(a[1], m->features(torch::tensor({{2, 9}}, torch::kLong))[0]));
        // The mean of the rows: tokens 2 and 9 and the bigram bucket of (2, 9).
        const auto bucket = wordNgramBucket(2, std::vector<std::int64_t>{9}.data(), 1, 101);
        const auto expected = (m->tokens->weight[2] + m->tokens->weight[9] + m->ngrams->weight[bucket]) / 3;
        QVERIFY(torch::allclose(a[1], expected));
        // A sequence of padding alone is zeros, not NaN.
        QVERIFY(torch::equal(m->features(torch::zeros({1, 4}, torch::kLong)), torch::zeros({1, 8})));
    }

    void gradientsReachTheRowsUsed()
    {
        torch::manual_seed(5);
        auto m = build(small(2, 0));
        m->train();
        m->forward(torch::tensor({{2, 5, 6}}, torch::kLong)).sum().backward();
        const auto tokenGrad = m->tokens->weight.grad().abs().sum(1);
        QVERIFY(tokenGrad[5].item<float>() > 0 && tokenGrad[6].item<float>() > 0);
        QCOMPARE(tokenGrad[7].item<float>(), 0.0f);
        const auto gramGrad = m->ngrams->weight.grad().abs().sum(1);
        const std::vector<std::int64_t> next{5};
        QVERIFY(gramGrad[wordNgramBucket(2, next.data(), 1, 101)].item<float>() > 0);
        QCOMPARE(static_cast<int>((gramGrad > 0).sum().item<std::int64_t>()), 2);  // (2, 5) and (5, 6)
    }

    void learnsTheSampleAndItsCheckpointKeepsTheNgramTable()
    {
        QTemporaryDir dir;
        RunStore store(dir.filePath(QStringLiteral("e.db")).toStdString());
        auto c = lathe::test::quickConfig(150, 50);
        c.model.family = "fasttext";
        c.model.width = 32;
        c.model.buckets = 20000;
        c.train.learningRate = 2e-2;
        const auto o = train({c, &store, 0, 0, "", nullptr, nullptr});
        QCOMPARE(static_cast<int>(o.status), static_cast<int>(RunStatus::Completed));
        QVERIFY2(o.validation.at("accuracy") > 0.85, qPrintable(QString::number(o.validation.at("accuracy"))));
        // The checkpoint loads with its character n-gram table, and gives the same outputs.
        const auto ck = loadCheckpoint(o.checkpoint);
        auto* loaded = dynamic_cast<FastTextClassifierImpl*>(ck.model.get());
        QVERIFY(loaded);
        QVERIFY((loaded->subwords >= 0).sum().item<std::int64_t>() > 100);
        auto fresh = build(ck.config.model);
        QVERIFY((fresh->subwords >= 0).sum().item<std::int64_t>() == 0);
        fresh->setSubwords(*ck.tokenizer);
        QVERIFY(torch::equal(fresh->subwords, loaded->subwords));
    }
};

QTEST_APPLESS_MAIN(TestFastText)
#include "tst_fasttext.moc"
