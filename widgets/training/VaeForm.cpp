#include "training/VaeForm.h"

#include "common/CoreText.h"
#include "common/SpinBoxes.h"
#include "vae/VaeRun.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace lathe::gui {


VaeForm::VaeForm(QWidget* parent)
    : QWidget(parent), m_embedding(spinBox(this, 1, 4096, "vaeEmbedding")), m_hidden(spinBox(this, 1, 4096, "vaeHidden")),
      m_latent(spinBox(this, 1, 1024, "latent")), m_maxLength(spinBox(this, 3, 4096, "vaeMaxLength")),
      m_anneal(new QComboBox(this)), m_annealSteps(spinBox(this, 0, 100'000'000, "annealSteps")),
      m_cycles(spinBox(this, 1, 1000, "cycles")), m_wordDropout(realSpinBox(this, 0, 1, 2, 0.05, "wordDropout")),
      m_freeBits(realSpinBox(this, 0, 100, 3, 0.05, "freeBits")), m_steps(spinBox(this, 1, 100'000'000, "vaeSteps")),
      m_batch(spinBox(this, 1, 4096, "vaeBatch")), m_learningRate(realSpinBox(this, 0.00001, 1, 5, 0.0005, "vaeRate")),
      m_evalEvery(spinBox(this, 1, 100'000'000, "vaeEvalEvery")), m_iwaeSamples(spinBox(this, 1, 10'000, "iwaeSamples")),
      m_tokenizer(new QComboBox(this)), m_threads(spinBox(this, 0, 1024, "vaeThreads")), m_seed(spinBox(this, 0, 2'000'000'000, "vaeSeed")),
      m_problems(new QLabel(this))
{
    m_anneal->setObjectName(QStringLiteral("klAnneal"));
    m_anneal->addItem(tr("Linear ramp"), QStringLiteral("linear"));
    m_anneal->addItem(tr("Cyclical"), QStringLiteral("cyclical"));
    m_anneal->addItem(tr("None (β = 1)"), QStringLiteral("none"));
    m_anneal->setToolTip(tr("How the KL term's weight β rises from 0 to 1: a rising β lets the encoder learn to "
                            "carry information before the KL pulls the posterior to the prior"));
    m_tokenizer->setObjectName(QStringLiteral("vaeTokenizer"));
    m_tokenizer->addItem(tr("Words"), QStringLiteral("word"));
    m_tokenizer->addItem(tr("Characters"), QStringLiteral("char"));
    m_tokenizer->addItem(tr("BPE subwords"), QStringLiteral("bpe"));
    for (auto* combo : {m_anneal, m_tokenizer}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(12);
    }
    m_annealSteps->setSpecialValueText(tr("A third of the run"));
    m_wordDropout->setToolTip(tr("Share of the decoder's input words replaced by <unk> while training, so it must "
                                 "lean on z"));
    m_freeBits->setSpecialValueText(tr("Off"));
    m_freeBits->setToolTip(tr("Nats per latent dimension below which its KL is not pushed down (Kingma et al. 2016)"));
    m_iwaeSamples->setToolTip(tr("Importance samples of the NLL bound computed at the end (Burda et al. 2016)"));
    m_threads->setSpecialValueText(tr("Every core"));

    auto* form = new QFormLayout;
    form->addRow(tr("Embedding size:"), m_embedding);
    form->addRow(tr("LSTM size:"), m_hidden);
    form->addRow(tr("Latent size:"), m_latent);
    form->addRow(tr("Sentence length:"), m_maxLength);
    form->addRow(tr("KL annealing:"), m_anneal);
    form->addRow(tr("Ramp steps:"), m_annealSteps);
    form->addRow(tr("Cycles:"), m_cycles);
    form->addRow(tr("Word dropout:"), m_wordDropout);
    form->addRow(tr("Free bits:"), m_freeBits);
    form->addRow(tr("Steps:"), m_steps);
    form->addRow(tr("Batch size:"), m_batch);
    form->addRow(tr("Learning rate:"), m_learningRate);
    form->addRow(tr("Evaluate every:"), m_evalEvery);
    form->addRow(tr("IWAE samples:"), m_iwaeSamples);
    form->addRow(tr("Tokenizer:"), m_tokenizer);
    form->addRow(tr("Threads:"), m_threads);
    form->addRow(tr("Seed:"), m_seed);
    auto* hint = new QLabel(tr("Learns a latent space of the open dataset's sentences: the encoder maps each to a "
                               "Gaussian, the decoder writes it back from a sample z. Live charts the ELBO's terms "
                               "and the latent units in use, and warns when the decoder ignores z."),
                            this);
    hint->setWordWrap(true);
    m_problems->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addWidget(m_problems);
    layout->addStretch(1);

    setConfig(VaeConfig{});
    for (auto* s : {m_embedding, m_hidden, m_latent, m_maxLength, m_annealSteps, m_cycles, m_steps, m_batch, m_evalEvery,
                    m_iwaeSamples, m_threads, m_seed})
        connect(s, &QSpinBox::valueChanged, this, &VaeForm::update);
    for (auto* s : {m_wordDropout, m_freeBits, m_learningRate})
        connect(s, &QDoubleSpinBox::valueChanged, this, &VaeForm::update);
    for (auto* c : {m_anneal, m_tokenizer})
        connect(c, &QComboBox::currentIndexChanged, this, &VaeForm::update);
    update();
}

VaeConfig VaeForm::config() const
{
    VaeConfig c;
    c.embedding = m_embedding->value();
    c.hidden = m_hidden->value();
    c.latent = m_latent->value();
    c.maxLength = m_maxLength->value();
    c.klAnneal = m_anneal->currentData().toString().toStdString();
    c.annealSteps = m_annealSteps->value();
    c.cycles = m_cycles->value();
    c.wordDropout = m_wordDropout->value();
    c.freeBits = m_freeBits->value();
    c.steps = m_steps->value();
    c.batchSize = m_batch->value();
    c.learningRate = m_learningRate->value();
    c.evalEvery = m_evalEvery->value();
    c.iwaeSamples = m_iwaeSamples->value();
    c.tokenizer.kind = m_tokenizer->currentData().toString().toStdString();
    c.threads = m_threads->value();
    c.seed = static_cast<std::uint64_t>(m_seed->value());
    return c;
}

void VaeForm::setConfig(const VaeConfig& c)
{
    m_embedding->setValue(c.embedding);
    m_hidden->setValue(c.hidden);
    m_latent->setValue(c.latent);
    m_maxLength->setValue(c.maxLength);
    m_anneal->setCurrentIndex(std::max(0, m_anneal->findData(QString::fromStdString(c.klAnneal))));
    m_annealSteps->setValue(c.annealSteps);
    m_cycles->setValue(c.cycles);
    m_wordDropout->setValue(c.wordDropout);
    m_freeBits->setValue(c.freeBits);
    m_steps->setValue(static_cast<int>(c.steps));
    m_batch->setValue(c.batchSize);
    m_learningRate->setValue(c.learningRate);
    m_evalEvery->setValue(c.evalEvery);
    m_iwaeSamples->setValue(c.iwaeSamples);
    m_tokenizer->setCurrentIndex(std::max(0, m_tokenizer->findData(QString::fromStdString(c.tokenizer.kind))));
    m_threads->setValue(c.threads);
    m_seed->setValue(static_cast<int>(c.seed));
    update();
}

QString VaeForm::problems() const
{
    return coreText(joinLines(config().problems()));
}

void VaeForm::setThreads(int threads)
{
    m_threads->setValue(threads);
}

void VaeForm::update()
{
    const auto anneal = m_anneal->currentData().toString();
    m_annealSteps->setEnabled(anneal == QLatin1String("linear"));
    m_cycles->setEnabled(anneal == QLatin1String("cyclical"));
    m_problems->setText(problems());
    Q_EMIT changed();
}

}  // namespace lathe::gui
