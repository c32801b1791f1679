#include "tokenize/Tokenizer.h"

#include <QtTest>

using namespace lathe;

namespace {
std::vector<std::size_t> all(const std::vector<std::string>& v)
{
    std::vector<std::size_t> idx(v.size());
    for (std::size_t i = 0; i < idx.size(); ++i)
        idx[i] = i;
    return idx;
}
}  // namespace

class TestTokenizers : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void wordSplitLowercasesAndSeparatesPunctuation()
    {
        QCOMPARE(splitWords("Hello, World! It's 2026."),
                 (std::vector<std::string>{"hello", ",", "world", "!", "it's", "2026", "."}));
        QCOMPARE(splitWords("我爱 NLP"), (std::vector<std::string>{"我", "爱", "nlp"}));
    }
    void wordVocabularyHonoursCapAndMinFrequency()
    {
        const std::vector<std::string> texts = {"a a a b b c", "a b d"};
        auto tok = trainTokenizer({"word", 6, 2}, texts, all(texts));
        QCOMPARE(tok->vocabularySize(), 6);  // 4 specials + a + b (c, d too rare)
        QCOMPARE(tok->piece(4), std::string("a"));
        QCOMPARE(tok->encode("b c"), (std::vector<int>{5, Tokenizer::kUnk}));
        auto capped = trainTokenizer({"word", 5, 1}, texts, all(texts));
        QCOMPARE(capped->vocabularySize(), 5);
    }
    void charTokenizerUsesCodePoints()
    {
        const std::vector<std::string> texts = {"中文中", "ab"};
        auto tok = trainTokenizer({"char", 100, 1}, texts, all(texts));
        const auto ids = tok->encode("中a文");
        QCOMPARE(ids.size(), std::size_t(3));
        QCOMPARE(tok->piece(ids[0]), std::string("中"));
        QCOMPARE(tok->decode(ids), std::string("中a文"));
    }
    void onlyTrainingIndicesBuildTheVocabulary()
    {
        const std::vector<std::string> texts = {"seen", "unseen"};
        auto tok = trainTokenizer({"word", 100, 1}, texts, {0});
        QCOMPARE(tok->encode("unseen"), (std::vector<int>{Tokenizer::kUnk}));
    }
    void savedJsonReproducesIds()
    {
        const std::vector<std::string> texts = {"the cat sat", "the dog ran"};
        auto tok = trainTokenizer({"word", 100, 1}, texts, all(texts));
        auto back = tokenizerFromJson(tok->toJson());
        QCOMPARE(back->encode("the dog sat"), tok->encode("the dog sat"));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, tokenizerFromJson("{\"kind\":\"nope\"}"));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, tokenizerFromJson("not json"));
    }
    void savedVocabularyWithoutTheSpecialTokensIsRefused()
    {
        // fuzz_tokenizer's find: one piece, so <unk> (id 1) was past the embedding table.
        QVERIFY_THROWS_EXCEPTION(std::runtime_error, tokenizerFromJson(R"({"kind": "char", "vocabulary": ["<pad>b"]})"));
        QVERIFY_THROWS_EXCEPTION(std::runtime_error,
                                 tokenizerFromJson(R"({"kind": "word", "vocabulary": ["<unk>", "<pad>", "<bos>", "<eos>", "a"]})"));
        auto ok = tokenizerFromJson(R"({"kind": "char", "vocabulary": ["<pad>", "<unk>", "<bos>", "<eos>", "a"]})");
        QCOMPARE(ok->encode("ab"), (std::vector<int>{4, Tokenizer::kUnk}));
    }
    void subwordTokenizerTrainsAndRoundTrips()
    {
        std::vector<std::string> texts;
        for (int i = 0; i < 300; ++i)
            texts.push_back("the quick brown fox jumps over the lazy dog number " + std::to_string(i % 17) +
                            " 快速的狐狸");
        for (const char* kind : {"bpe", "unigram"}) {
            auto tok = trainTokenizer({kind, 120, 1}, texts, all(texts));
            QCOMPARE(tok->kind(), std::string(kind));
            QVERIFY(tok->vocabularySize() > 20 && tok->vocabularySize() <= 120);
            QCOMPARE(tok->piece(Tokenizer::kPad), std::string("<pad>"));
            const auto ids = tok->encode("the lazy fox 快速");
            QVERIFY(!ids.empty());
            QVERIFY(std::none_of(ids.begin(), ids.end(), [](int id) { return id == Tokenizer::kPad; }));
            QCOMPARE(tok->decode(ids), std::string("the lazy fox 快速"));
            auto back = tokenizerFromJson(tok->toJson());
            QCOMPARE(back->encode("jumps over"), tok->encode("jumps over"));
        }
    }
};

QTEST_APPLESS_MAIN(TestTokenizers)
#include "tst_tokenizers.moc"
