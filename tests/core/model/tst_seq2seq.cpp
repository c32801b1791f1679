// The encoder–decoders (Transformer, LSTM with attention): the decoder is causal, source
// padding changes nothing,
// cross-attention rows are distributions over the real source tokens, the loss is the
// cross-entropy of the next target tokens (fused and through the logits alike, with label
// smoothing), and a small model learns to reverse its source, decoded greedily, by beam search
// and by sampling.
#include "model/Seq2Seq.h"
#include "tokenize/Tokenizer.h"

#include <QtTest>

using namespace lathe;

namespace {
namespace F = torch::nn::functional;

constexpr int kSourceVocabulary = 20;
constexpr int kTargetVocabulary = 15;

ModelConfig config()
{
    ModelConfig c;
    c.width = 32;
    c.hidden = 32;
    c.heads = 2;
    c.layers = 2;
    c.feedForward = 64;
    c.maxLength = 16;
    c.dropout = 0.0;
    c.vocabularySize = kSourceVocabulary;
    return c;
}

// Rows of regular tokens padded at the end to different lengths.
torch::Tensor padded(std::int64_t rows, std::int64_t cols, std::int64_t vocabulary, std::uint64_t seed)
{
    torch::manual_seed(static_cast<std::int64_t>(seed));
    auto ids = torch::randint(Tokenizer::kEos + 1, vocabulary, {rows, cols}, torch::kLong);
    for (std::int64_t r = 0; r < rows; ++r)
        ids[r].slice(0, cols - r % 3).fill_(Tokenizer::kPad);
    return ids;
}

torch::Tensor withBos(torch::Tensor target)
{
    target.select(1, 0).fill_(Tokenizer::kBos);
    return target;
}

// The reversal task: source tokens 4..11 (3-6 of them), target <bos> reversed <eos>; source
// and target share ids here (target vocabulary 15 covers them).
struct Batch {
    torch::Tensor source, target;
    std::vector<std::vector<std::int64_t>> expected;
};

Batch reversals(int rows, std::mt19937& rng)
{
    Batch b;
    std::uniform_int_distribution<int> length(3, 6), token(Tokenizer::kEos + 1, 11);
    b.source = torch::zeros({rows, 6}, torch::kLong);
    b.target = torch::zeros({rows, 8}, torch::kLong);
    for (int r = 0; r < rows; ++r) {
        const int n = length(rng);
        std::vector<std::int64_t> s;
        for (int i = 0; i < n; ++i)
            s.push_back(token(rng));
        b.target[r][0] = Tokenizer::kBos;
        for (int i = 0; i < n; ++i) {
            b.source[r][i] = s[static_cast<std::size_t>(i)];
            b.target[r][i + 1] = s[static_cast<std::size_t>(n - 1 - i)];
        }
        b.target[r][n + 1] = Tokenizer::kEos;
        b.expected.emplace_back(s.rbegin(), s.rend());
    }
    return b;
}

std::shared_ptr<Seq2SeqModelImpl> build(const QString& kind, bool shared = true, double dropout = 0.0)
{
    auto c = config();
    c.dropout = dropout;
    if (kind == u"lstm")
        return std::make_shared<LstmSeq2SeqImpl>(c, kTargetVocabulary, shared);
    return std::make_shared<TransformerSeq2SeqImpl>(c, kTargetVocabulary, shared);
}

void models()
{
    QTest::addColumn<QString>("kind");
    QTest::newRow("transformer") << QStringLiteral("transformer");
    QTest::newRow("lstm") << QStringLiteral("lstm");
}

double exactMatch(const std::vector<Decoded>& got, const Batch& b)
{
    int right = 0;
    for (std::size_t i = 0; i < got.size(); ++i)
        right += got[i].finished && got[i].tokens == b.expected[i] ? 1 : 0;
    return static_cast<double>(right) / static_cast<double>(got.size());
}
}  // namespace

class TestSeq2Seq : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void decoderSeesNoFutureTargetToken_data() { models(); }
    void decoderSeesNoFutureTargetToken()
    {
        QFETCH(QString, kind);
        torch::manual_seed(1);
        auto model = build(kind);
        model->eval();
        const auto source = padded(3, 7, kSourceVocabulary, 2);
        auto target = withBos(padded(3, 6, kTargetVocabulary, 3).clamp_min(Tokenizer::kEos + 1));
        const auto logits = model->teacherForced(source, target);
        QCOMPARE(logits.sizes(), (std::vector<std::int64_t>{3, 6, kTargetVocabulary}));
        auto changed = target.clone();
        changed.select(1, 4).fill_(Tokenizer::kEos + 2);
        const auto after = model->teacherForced(source, changed);
        QVERIFY(torch::allclose(logits.slice(1, 0, 4), after.slice(1, 0, 4), 1e-5, 1e-6));
        QVERIFY(!torch::allclose(logits.slice(1, 4), after.slice(1, 4), 1e-5, 1e-6));
    }

    void sourcePaddingChangesNothing_data() { models(); }
    void sourcePaddingChangesNothing()
    {
        QFETCH(QString, kind);
        torch::manual_seed(1);
        auto model = build(kind);
        model->eval();
        const auto source = padded(3, 7, kSourceVocabulary, 4);
        const auto target = withBos(padded(3, 5, kTargetVocabulary, 5));
        const auto longer = torch::cat({source, torch::zeros({3, 4}, torch::kLong)}, 1);
        QVERIFY(torch::allclose(model->teacherForced(source, target), model->teacherForced(longer, target), 1e-5, 1e-6));
    }

    void crossAttentionRowsAreDistributionsOverRealSourceTokens_data() { models(); }
    void crossAttentionRowsAreDistributionsOverRealSourceTokens()
    {
        QFETCH(QString, kind);
        torch::manual_seed(1);
        auto model = build(kind);
        model->eval();
        torch::NoGradGuard noGrad;
        const auto source = padded(3, 7, kSourceVocabulary, 6);
        const auto target = withBos(padded(3, 5, kTargetVocabulary, 7));
        Seq2SeqAttention maps;
        model->decode(model->encode(source, &maps.encoder), source.eq(Tokenizer::kPad), target, &maps);
        const bool transformer = kind == u"transformer";
        // Per layer and head for the Transformer; one map (one "head") for the LSTM's attention.
        QCOMPARE(maps.cross.size(), std::size_t{transformer ? 2u : 1u});
        const auto& cross = maps.cross.back();
        const std::int64_t heads = transformer ? 2 : 1;
        QCOMPARE(cross.sizes(), (std::vector<std::int64_t>{3, heads, 5, 7}));
        QVERIFY(torch::allclose(cross.sum(-1), torch::ones({3, heads, 5}), 1e-5, 1e-6));
        const auto padding = source.eq(Tokenizer::kPad).view({3, 1, 1, 7}).expand_as(cross);
        QCOMPARE(cross.masked_select(padding).abs().max().item<float>(), 0.0f);
        if (transformer) {
            QCOMPARE(maps.encoder.size(), std::size_t{2});
            QCOMPARE(maps.decoderSelf.size(), std::size_t{2});
            // The decoder's self-attention is causal: nothing above the diagonal.
            QCOMPARE(maps.decoderSelf[0].triu(1).abs().max().item<float>(), 0.0f);
        }
    }

    void lossIsTheNextTokensCrossEntropy_data() { models(); }
    void lossIsTheNextTokensCrossEntropy()
    {
        QFETCH(QString, kind);
        for (const bool shared : {true, false}) {
            torch::manual_seed(1);
            auto model = build(kind, shared);
            model->eval();
            const auto source = padded(4, 6, kSourceVocabulary, 8);
            const auto target = withBos(padded(4, 7, kTargetVocabulary, 9));
            const auto logits = model->teacherForced(source, target.slice(1, 0, 6));
            const auto expected = F::cross_entropy(logits.reshape({-1, kTargetVocabulary}), target.slice(1, 1).reshape({-1}),
                                                   F::CrossEntropyFuncOptions().ignore_index(Tokenizer::kPad));
            const auto fused = model->loss(source, target);
            QVERIFY2(torch::allclose(fused, expected, 1e-5, 1e-6),
                     qPrintable(QStringLiteral("%1 against %2").arg(fused.item<double>()).arg(expected.item<double>())));
            const auto smoothedExpected =
                F::cross_entropy(logits.reshape({-1, kTargetVocabulary}), target.slice(1, 1).reshape({-1}),
                                 F::CrossEntropyFuncOptions().ignore_index(Tokenizer::kPad).label_smoothing(0.1));
            QVERIFY(torch::allclose(model->loss(source, target, 0.1), smoothedExpected, 1e-5, 1e-6));
            // Every parameter gets the gradient the logits path gives it.
            model->zero_grad();
            fused.backward();
            std::vector<torch::Tensor> got;
            for (const auto& p : model->parameters())
                got.push_back(p.grad().defined() ? p.grad().clone() : torch::zeros_like(p));
            model->zero_grad();
            expected.backward();
            const auto params = model->parameters();
            for (std::size_t i = 0; i < params.size(); ++i) {
                const auto want = params[i].grad().defined() ? params[i].grad() : torch::zeros_like(params[i]);
                QVERIFY2(torch::allclose(got[i], want, 1e-4, 1e-6),
                         qPrintable(QString::fromStdString(model->named_parameters().keys()[i])));
            }
        }
    }

    void learnsToReverseAndDecodesEveryWay_data() { models(); }
    void learnsToReverseAndDecodesEveryWay()
    {
        QFETCH(QString, kind);
        torch::manual_seed(3);
        auto model = build(kind, true, 0.1);
        torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(3e-3));
        std::mt19937 rng(5);
        model->train();
        double last = 0;
        for (int step = 0; step < 500; ++step) {
            const auto b = reversals(32, rng);
            optimizer.zero_grad();
            auto loss = model->loss(b.source, b.target);
            loss.backward();
            optimizer.step();
            last = loss.item<double>();
        }
        QVERIFY2(last < 0.3, qPrintable(QString::number(last)));
        std::mt19937 heldOut(99);
        const auto test = reversals(64, heldOut);
        DecodeOptions greedy;
        greedy.maxLength = 10;
        const auto g = decode(*model, test.source, greedy);
        const double greedyMatch = exactMatch(g, test);
        QVERIFY2(greedyMatch >= 0.9, qPrintable(QString::number(greedyMatch)));
        QVERIFY(model->is_training());  // decoding put it back as it was

        DecodeOptions beam = greedy;
        beam.beamSize = 4;
        const auto bs = decode(*model, test.source, beam);
        QVERIFY2(exactMatch(bs, test) >= greedyMatch - 0.02, qPrintable(QString::number(exactMatch(bs, test))));

        // Sampling from the single likeliest token is greedy search; sampling is seeded.
        DecodeOptions top1 = greedy;
        top1.temperature = 1.0;
        top1.topK = 1;
        const auto t1 = decode(*model, test.source, top1);
        for (std::size_t i = 0; i < g.size(); ++i)
            QCOMPARE(t1[i].tokens, g[i].tokens);
        DecodeOptions hot = greedy;
        hot.temperature = 2.0;
        hot.seed = 7;
        const auto s1 = decode(*model, test.source, hot);
        const auto s2 = decode(*model, test.source, hot);
        for (std::size_t i = 0; i < s1.size(); ++i)
            QCOMPARE(s1[i].tokens, s2[i].tokens);

        // The length limit ends a hypothesis that has not said <eos>.
        for (const int beamSize : {1, 3}) {
            DecodeOptions short1 = greedy;
            short1.maxLength = 1;
            short1.beamSize = beamSize;
            for (const auto& d : decode(*model, test.source, short1))
                QVERIFY(d.tokens.size() <= 1);
        }
        // <pad> and <bos> are never emitted.
        for (const auto* out : {&g, &bs, &s1})
            for (const auto& d : *out)
                for (const auto token : d.tokens)
                    QVERIFY(token != Tokenizer::kPad && token != Tokenizer::kBos);
    }
};

QTEST_GUILESS_MAIN(TestSeq2Seq)
#include "tst_seq2seq.moc"
