// The loss of a batch (train/Evaluation.h): a language model with a dense output layer (plain or
// tied, with or without bias) takes the blocked output-layer-and-loss kernel, and its loss and
// every parameter's gradient equal those of cross-entropy over its full logits; a factorized
// head takes the logits; evaluation averages the loss over targets either way.
#include "model/Models.h"
#include "tokenize/Tokenizer.h"
#include "train/Evaluation.h"

#include <QtTest>

using namespace lathe;

namespace {
namespace F = torch::nn::functional;

constexpr int kVocabulary = 300;

ModelConfig config(const std::string& family)
{
    ModelConfig c;
    c.family = family;
    c.width = 32;
    c.hidden = 32;
    c.heads = 2;
    c.layers = 2;
    c.feedForward = 64;
    c.maxLength = 24;
    c.dropout = 0.0;
    c.vocabularySize = kVocabulary;
    c.numClasses = 2;
    return c;
}

// <bos> then tokens, rows padded to different lengths; one more column than maxLength, as
// language-model windows are.
torch::Tensor batch()
{
    torch::manual_seed(4);
    auto ids = torch::randint(Tokenizer::kEos + 1, kVocabulary, {6, 25}, torch::kLong);
    ids.select(1, 0).fill_(Tokenizer::kBos);
    for (std::int64_t r = 0; r < 6; ++r)
        ids[r].slice(0, 25 - 3 * r).fill_(Tokenizer::kPad);
    return ids;
}

// The loss the logits give: what batchLoss computed before the blocked kernel.
torch::Tensor lossFromLogits(SequenceModelImpl& model, const torch::Tensor& ids)
{
    const auto [input, target] = languageModelBatch(model, ids, 17);
    const auto logits = model.forward(input);
    return F::cross_entropy(logits.reshape({-1, logits.size(-1)}), target.reshape({-1}),
                            F::CrossEntropyFuncOptions().ignore_index(0));
}

std::vector<torch::Tensor> gradients(SequenceModelImpl& model, const torch::Tensor& loss)
{
    model.zero_grad();
    loss.backward();
    std::vector<torch::Tensor> out;
    for (const auto& p : model.parameters())
        out.push_back(p.grad().defined() ? p.grad().clone() : torch::zeros_like(p));
    return out;
}

void compareLossAndGradients(const ModelConfig& c, bool denseHead)
{
    torch::manual_seed(9);
    auto model = buildModel(c);
    const auto what = QStringLiteral("%1%2%3")
                          .arg(QString::fromStdString(c.family), c.tieEmbeddings ? QStringLiteral(" tied") : QString(),
                               c.ranks.empty() ? QString() : QStringLiteral(" factorized head"));
    QCOMPARE(model->outputLayer().weight.defined(), denseHead);
    const auto ids = batch();
    const auto blocked = batchLoss(*model, ids, {}, nullptr, 17);
    const auto full = lossFromLogits(*model, ids);
    QVERIFY2(torch::allclose(blocked, full, 1e-5, 1e-6),
             qPrintable(what + QStringLiteral(": loss %1 against %2").arg(blocked.item<double>()).arg(full.item<double>())));
    const auto got = gradients(*model, blocked);
    const auto expected = gradients(*model, full);
    const auto names = model->named_parameters().keys();
    for (std::size_t i = 0; i < got.size(); ++i)
        QVERIFY2(torch::allclose(got[i], expected[i], 1e-4, 1e-6),
                 qPrintable(what + QStringLiteral(": gradient of %1 differs by %2")
                                       .arg(QString::fromStdString(names[i]))
                                       .arg((got[i] - expected[i]).abs().max().item<double>())));
}
}  // namespace

class TestEvaluation : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void languageModelsLossEqualsTheirLogitsLoss()
    {
        for (const char* family : {"gpt", "mlm", "lstm"}) {
            auto c = config(family);
            compareLossAndGradients(c, true);
            c.tieEmbeddings = true;
            compareLossAndGradients(c, true);
        }
    }

    void factorizedHeadTakesTheLogits()
    {
        auto c = config("gpt");
        c.ranks = {{"head", 4}};
        compareLossAndGradients(c, false);
    }

    void evaluationAveragesOverTargets()
    {
        torch::manual_seed(9);
        auto model = buildModel(config("gpt"));
        const auto ids = batch();
        std::vector<Sequence> sequences;
        for (std::int64_t r = 0; r < ids.size(0); ++r) {
            Sequence s;
            for (std::int64_t j = 0; j < ids.size(1) && ids[r][j].item<std::int64_t>() != Tokenizer::kPad; ++j)
                s.push_back(static_cast<int>(ids[r][j].item<std::int64_t>()));
            sequences.push_back(s);
        }
        // Batches of 4 and 2 rows: their losses weighted by their targets give the mean over all.
        const auto result = evaluate(*model, sequences, {}, 0, 4);
        torch::NoGradGuard noGrad;
        model->eval();
        const double expected = lossFromLogits(*model, ids).item<double>();
        QVERIFY2(std::abs(result.loss - expected) < 1e-5 * expected,
                 qPrintable(QStringLiteral("%1 against %2").arg(result.loss).arg(expected)));
        QVERIFY(std::abs(result.perplexity - std::exp(expected)) < 1e-4 * std::exp(expected));
    }
};

QTEST_GUILESS_MAIN(TestEvaluation)
#include "tst_evaluation.moc"
