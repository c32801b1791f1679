// BERT-style masking: the share of targets, the 80/10/10 split of what replaces them, special
// tokens left alone, a target in every sequence, and masks that follow the seed.
#include "tokenize/Tokenizer.h"
#include "train/Masking.h"

#include <QtTest>

using namespace lathe;

namespace {
constexpr std::int64_t kVocabulary = 500;

// Rows of <bos> then regular tokens, padded at the end to different lengths.
torch::Tensor batch(std::int64_t rows, std::int64_t cols)
{
    torch::manual_seed(11);
    auto ids = torch::randint(Tokenizer::kEos + 1, kVocabulary, {rows, cols}, torch::kLong);
    ids.select(1, 0).fill_(Tokenizer::kBos);
    for (std::int64_t r = 0; r < rows; ++r)
        ids[r].slice(0, cols - r % 7).fill_(Tokenizer::kPad);
    return ids;
}
}  // namespace

class TestMasking : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hidesFifteenPercentEightyTenTen()
    {
        const auto ids = batch(400, 64);
        const auto m = maskTokens(ids, kVocabulary, 5);
        const auto chosen = m.target.ne(0);
        const double real = ids.ne(Tokenizer::kPad).logical_and(ids.ne(Tokenizer::kBos)).sum().item<double>();
        const double share = chosen.sum().item<double>() / real;
        QVERIFY2(std::abs(share - kMaskShare) < 0.01, qPrintable(QString::number(share)));
        QCOMPARE(m.targets, chosen.sum().item<std::int64_t>());
        // Targets are the original tokens.
        QVERIFY(m.target.masked_select(chosen).equal(ids.masked_select(chosen)));
        const double n = chosen.sum().item<double>();
        const double asMask = m.input.eq(kVocabulary).logical_and(chosen).sum().item<double>() / n;
        const double kept = m.input.eq(ids).logical_and(chosen).sum().item<double>() / n;
        const double replaced = 1.0 - asMask - kept;
        QVERIFY2(std::abs(asMask - 0.8) < 0.02, qPrintable(QString::number(asMask)));
        // A random replacement equals the original token once in ~500 draws: "kept" is ~10%.
        QVERIFY2(std::abs(kept - 0.1) < 0.015, qPrintable(QString::number(kept)));
        QVERIFY2(std::abs(replaced - 0.1) < 0.015, qPrintable(QString::number(replaced)));
        // Replacements are regular tokens; nothing that was not chosen changed.
        const auto swapped = m.input.ne(ids).logical_and(m.input.ne(kVocabulary));
        QVERIFY(m.input.masked_select(swapped).ge(Tokenizer::kEos + 1).all().item<bool>());
        QVERIFY(m.input.masked_select(chosen.logical_not()).equal(ids.masked_select(chosen.logical_not())));
    }
    void leavesPaddingAndBosAlone()
    {
        const auto ids = batch(200, 32);
        const auto m = maskTokens(ids, kVocabulary, 9);
        const auto special = ids.eq(Tokenizer::kPad).logical_or(ids.eq(Tokenizer::kBos));
        QVERIFY(m.target.masked_select(special).eq(0).all().item<bool>());
        QVERIFY(m.input.masked_select(special).equal(ids.masked_select(special)));
    }
    void everySequenceGetsATarget()
    {
        // Two real tokens each: with 15% alone, about 72% of rows would get none.
        auto ids = torch::full({300, 6}, Tokenizer::kPad, torch::kLong);
        ids.select(1, 0).fill_(Tokenizer::kBos);
        ids.select(1, 1).fill_(10);
        ids.select(1, 2).fill_(11);
        const auto m = maskTokens(ids, kVocabulary, 1);
        QVERIFY(m.target.ne(0).sum(1).ge(1).all().item<bool>());
        // Both positions get picked as the forced target, not always the first.
        QVERIFY(m.target.select(1, 1).ne(0).any().item<bool>());
        QVERIFY(m.target.select(1, 2).ne(0).any().item<bool>());
        // A row of padding alone gets none and does not break the rest.
        ids[0].fill_(Tokenizer::kPad);
        QCOMPARE(maskTokens(ids, kVocabulary, 1).target[0].ne(0).sum().item<std::int64_t>(), std::int64_t{0});
    }
    void masksFollowTheSeed()
    {
        const auto ids = batch(50, 40);
        const auto a = maskTokens(ids, kVocabulary, 3), b = maskTokens(ids, kVocabulary, 3);
        QVERIFY(a.input.equal(b.input));
        QVERIFY(a.target.equal(b.target));
        QVERIFY(!maskTokens(ids, kVocabulary, 4).target.equal(a.target));
    }
};

QTEST_APPLESS_MAIN(TestMasking)
#include "tst_masking.moc"
