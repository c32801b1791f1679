// Sequence scores against known values: edit alignments worked by hand; the 13a tokenizer, BLEU
// and chrF against what sacreBLEU 2.6.0 gives for the same strings (its own test sentences,
// scores computed by its code to 1e-8); the error rates of a small corpus by hand.
#include "metrics/SequenceMetrics.h"

#include <QtTest>

using namespace lathe;

namespace {
QString opsOf(const Alignment& a)
{
    QString s;
    for (const auto op : a.ops)
        s += QLatin1Char(static_cast<char>(op));
    return s;
}

std::vector<std::string> words(const char* s)
{
    std::vector<std::string> out;
    for (const auto& w : QString::fromUtf8(s).split(u' ', Qt::SkipEmptyParts))
        out.push_back(w.toStdString());
    return out;
}

QString joined(const std::vector<std::string>& tokens)
{
    QStringList out;
    for (const auto& t : tokens)
        out << QString::fromStdString(t);
    return out.join(u' ');
}

// sacreBLEU's README sentences, with the first of its two reference sets.
const std::vector<std::string> kHypotheses = {"The dog bit the man.", "It wasn't surprising.",
                                              "The man had just bitten him."};
const std::vector<std::string> kReferences = {"The dog bit the man.", "It was not unexpected.",
                                              "The man bit him first."};

struct Pair {
    const char* hypothesis;
    const char* reference;
    double bleu, chrf;
};

// Single pairs: corpus BLEU (exp smoothing, 13a) and chrF2 as sacreBLEU 2.6.0 computes them.
const std::vector<Pair> kPairs = {
    {"It wasn't surprising.", "It was not unexpected.", 14.7940156748, 24.7380194768},
    {"The man had just bitten him.", "The man bit him first.", 15.6196996846, 34.8400673320},
    {"Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.",
     "Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.", 37.9162111295,
     39.1408169032},
    {"Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.",
     "A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.", 7.1933868327, 31.2256414694},
    {"Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.",
     "Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.", 20.8140768958,
     57.1574275128},
    {"Producția de zahăr primă va fi exprimată în ceea ce privește zahărul alb;",
     "producţia de zahăr brut se exprimă în zahăr alb;", 8.4930987453, 46.1612117009},
    {" Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. ",
     "Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.", 24.3841831934,
     64.8181237261},
    {"this is a cat", "okay thanks", 0.0, 10.1851851852},
    // Corpus BLEU has no 2-, 3- or 4-grams to count here: 0 (sentence BLEU's effective order says 100).
    {"a", "a", 0.0, 100.0},
    {"aa", "ab", 0.0, 25.0},
    {"a b c", "abc", 0.0, 100.0},
};
}  // namespace

class TestSequenceMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void alignsWithTheFewestEdits()
    {
        QCOMPARE(opsOf(align(words("a b c d"), words("a b c d"))), QStringLiteral("===="));
        QCOMPARE(align(words("a b c d"), words("a x c d")).distance, 1);
        QCOMPARE(opsOf(align(words("a b c d"), words("a x c d"))), QStringLiteral("=S=="));
        QCOMPARE(opsOf(align(words("a b c d"), words("a c d"))), QStringLiteral("=D=="));
        QCOMPARE(opsOf(align(words("a b c"), words("a b x c"))), QStringLiteral("==I="));
        QCOMPARE(opsOf(align(words("kitten"), words("sitting"))), QStringLiteral("S"));
        const auto k = align(characters("kitten"), characters("sitting"));
        QCOMPARE(k.distance, 3);
        QCOMPARE(opsOf(k), QStringLiteral("S===S=I"));
        QCOMPARE(align(words(""), words("a b")).distance, 2);
        QCOMPARE(opsOf(align(words("a b"), words(""))), QStringLiteral("DD"));
        QCOMPARE(align(std::vector<std::int64_t>{5, 6, 7}, std::vector<std::int64_t>{6, 7, 8}).distance, 2);
    }

    void charactersAreCodePoints()
    {
        const auto c = characters("žít ř");
        QCOMPARE(c.size(), std::size_t{5});
        QCOMPARE(QString::fromStdString(c[0]), QStringLiteral("ž"));
        QCOMPARE(QString::fromStdString(c[3]), QStringLiteral(" "));
    }

    void tokenizes13aAsSacrebleu()
    {
        QCOMPARE(joined(tokenize13a("Hello, world! It's 3.14 and 1,000 items -- e.g. U.S.A.")),
                 QStringLiteral("Hello , world ! It's 3.14 and 1,000 items -- e . g . U . S . A ."));
        QCOMPARE(joined(tokenize13a("He said &quot;hi&quot; &amp; left<skipped>.")),
                 QStringLiteral("He said \" hi \" & left ."));
        QCOMPARE(joined(tokenize13a("self-\ncontrol\nnext")), QStringLiteral("selfcontrol next"));
        QCOMPARE(joined(tokenize13a("a..b")), QStringLiteral("a . . b"));
        QCOMPARE(joined(tokenize13a("x-1 2-y 3-4 (hi) [ok] {x} $5 100% a/b a_b")),
                 QStringLiteral("x-1 2 - y 3 - 4 ( hi ) [ ok ] { x } $ 5 100 % a / b a _ b"));
        QVERIFY(tokenize13a("   ").empty());
    }

    void bleuMatchesSacrebleu()
    {
        const auto corpus = corpusBleu(kHypotheses, kReferences);
        QVERIFY2(std::abs(corpus.score - 45.06750632106114) < 1e-8, qPrintable(QString::number(corpus.score, 'g', 15)));
        QCOMPARE(corpus.hypothesisLength, 17);
        QCOMPARE(QString::fromStdString(corpus.signature),
                 QStringLiteral("nrefs:1|case:mixed|eff:no|tok:13a|smooth:exp|version:2.6.0"));
        for (const auto& p : kPairs) {
            const double got = corpusBleu({p.hypothesis}, {p.reference}).score;
            QVERIFY2(std::abs(got - p.bleu) < 1e-8,
                     qPrintable(QStringLiteral("%1 | %2: %3, sacreBLEU %4")
                                    .arg(QString::fromUtf8(p.hypothesis), QString::fromUtf8(p.reference))
                                    .arg(got, 0, 'g', 12)
                                    .arg(p.bleu, 0, 'g', 12)));
        }
        // Tokens may hold control characters (Python's split keeps \x01): n-grams of different
        // splits never match. 1-grams 2/4, 2-grams 1/3, 3- and 4-grams smoothed to 25 each.
        const double split = corpusBleu({"a\x01 b c d"}, {"a \x01" "b c d"}).score;
        QVERIFY2(std::abs(split - 31.947155212313625) < 1e-9, qPrintable(QString::number(split, 'g', 15)));
        QCOMPARE(corpusBleu({"", "", ""}, kReferences).score, 0.0);
        QCOMPARE(corpusBleu({}, {}).score, 0.0);
        QVERIFY(std::abs(corpusBleu(kReferences, kReferences).score - 100.0) < 1e-9);
    }

    void chrfMatchesSacrebleu()
    {
        const auto corpus = corpusChrf(kHypotheses, kReferences);
        QVERIFY2(std::abs(corpus.score - 50.043063606582294) < 1e-8, qPrintable(QString::number(corpus.score, 'g', 15)));
        QCOMPARE(QString::fromStdString(corpus.signature),
                 QStringLiteral("nrefs:1|case:mixed|eff:yes|nc:6|nw:0|space:no|version:2.6.0"));
        for (const auto& p : kPairs) {
            const double got = corpusChrf({p.hypothesis}, {p.reference}).score;
            QVERIFY2(std::abs(got - p.chrf) < 1e-8,
                     qPrintable(QStringLiteral("%1 | %2: %3, sacreBLEU %4")
                                    .arg(QString::fromUtf8(p.hypothesis), QString::fromUtf8(p.reference))
                                    .arg(got, 0, 'g', 12)
                                    .arg(p.chrf, 0, 'g', 12)));
        }
        QCOMPARE(corpusChrf({""}, {"reference"}).score, 0.0);
        QCOMPARE(corpusChrf({"a", "b"}, {"a", "c"}).score, 50.0);
    }

    void errorRatesOfACorpus()
    {
        // Tokens as ids: "one two" -> [1, 2] etc.
        const std::vector<std::string> refs = {"12", "305", "7"};
        const std::vector<std::string> hyps = {"12", "350", "70"};
        const std::vector<std::vector<std::int64_t>> refTokens = {{1, 2}, {3, 0, 5}, {7}};
        const std::vector<std::vector<std::int64_t>> hypTokens = {{1, 2}, {3, 5, 0}, {7, 0}};
        const auto s = scoreSequences(hyps, refs, hypTokens, refTokens);
        QCOMPARE(s.sequences, std::size_t{3});
        QVERIFY(std::abs(s.exactMatch - 1.0 / 3) < 1e-12);
        QVERIFY(std::abs(s.sequenceErrorRate - 2.0 / 3) < 1e-12);
        // 0 + 2 (two substitutions) + 1 (an insertion) edits over 2 + 3 + 1 reference tokens.
        QVERIFY2(std::abs(s.tokenErrorRate - 3.0 / 6) < 1e-12, qPrintable(QString::number(s.tokenErrorRate)));
        QVERIFY(std::abs(s.characterErrorRate - 3.0 / 6) < 1e-12);
        QVERIFY(s.bleu.score >= 0 && s.chrf.score > 0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, scoreSequences(hyps, {"12"}, hypTokens, refTokens));
        QCOMPARE(scoreSequences({}, {}, {}, {}).sequences, std::size_t{0});
    }

    void scoresTextsByWordsOrCharacters()
    {
        // "the cat sat" -> "the cat sat down": one insertion over 3 reference words; 5 characters
        // (" down") over 11.
        const auto words = scoreTexts({"the cat sat down", "a b"}, {"the cat sat", "a b"});
        QVERIFY(std::abs(words.tokenErrorRate - 1.0 / 5) < 1e-12);
        QVERIFY(std::abs(words.exactMatch - 0.5) < 1e-12);
        const auto chars = scoreTexts({"the cat sat down", "a b"}, {"the cat sat", "a b"}, TokenUnit::Characters);
        QVERIFY(std::abs(chars.tokenErrorRate - 5.0 / 14) < 1e-12);
        QVERIFY(std::abs(chars.characterErrorRate - 5.0 / 14) < 1e-12);
        // Whitespace of any kind separates words; its amount does not count.
        QCOMPARE(scoreTexts({"a  b\tc"}, {"a b c"}).tokenErrorRate, 0.0);
    }
};

QTEST_GUILESS_MAIN(TestSequenceMetrics)
#include "tst_sequencemetrics.moc"
