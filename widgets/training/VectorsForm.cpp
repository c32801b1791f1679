#include "training/VectorsForm.h"

#include "common/CoreText.h"
#include "common/SpinBoxes.h"
#include "vectors/Word2Vec.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace lathe::gui {


VectorsForm::VectorsForm(QWidget* parent)
    : QWidget(parent), m_method(new QComboBox(this)), m_dim(spinBox(this, 1, 4096, "vectorSize")),
      m_window(spinBox(this, 1, 100, "window")), m_negative(spinBox(this, 1, 64, "negative")),
      m_minCount(spinBox(this, 1, 1'000'000, "minCount")), m_sample(realSpinBox(this, 0, 0.1, 5, 0.0005, "sample")),
      m_epochs(spinBox(this, 1, 10'000, "epochs")), m_alpha(realSpinBox(this, 0.0001, 1, 4, 0.005, "rate")),
      m_xMax(realSpinBox(this, 0.01, 100'000, 2, 1, "xMax")), m_tokens(new QComboBox(this)), m_threads(spinBox(this, 0, 1024, "threads")),
      m_seed(spinBox(this, 0, 2'000'000'000, "seed")), m_problems(new QLabel(this))
{
    m_method->setObjectName(QStringLiteral("method"));
    m_method->addItem(tr("Skip-gram (word2vec)"), QStringLiteral("skipgram"));
    m_method->addItem(tr("CBOW (word2vec)"), QStringLiteral("cbow"));
    m_method->addItem(tr("GloVe"), QStringLiteral("glove"));
    m_method->setToolTip(tr("Skip-gram predicts each context word from a word; CBOW predicts a word from its context "
                            "(faster, a little weaker on rare words); GloVe fits the logarithms of co-occurrence counts"));
    m_tokens->setObjectName(QStringLiteral("tokens"));
    m_tokens->addItem(tr("Words, as the word tokenizer splits them"), QStringLiteral("words"));
    m_tokens->addItem(tr("Whitespace-separated, as written"), QStringLiteral("whitespace"));
    m_tokens->setToolTip(tr("Word tokens are lowercased with punctuation apart: the vectors then match a "
                            "word-tokenized model's vocabulary"));
    m_window->setToolTip(tr("Largest distance between a word and a context word"));
    m_negative->setToolTip(tr("Noise words drawn per real one (negative sampling)"));
    m_minCount->setToolTip(tr("Words seen fewer times are left out"));
    m_sample->setSpecialValueText(tr("Off"));
    m_sample->setToolTip(tr("Frequent words are dropped at random above this share of the text (0: keep all)"));
    m_alpha->setToolTip(tr("word2vec: the starting rate, decayed linearly; GloVe: AdaGrad's rate"));
    m_xMax->setToolTip(tr("GloVe: co-occurrences counted this often weigh fully, rarer ones less"));
    m_threads->setSpecialValueText(tr("Every core"));
    // The longest entries would otherwise set the form's width wider than the dock it sits in.
    for (auto* combo : {m_method, m_tokens}) {
        combo->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        combo->setMinimumContentsLength(12);
    }

    auto* form = new QFormLayout;
    form->addRow(tr("Method:"), m_method);
    form->addRow(tr("Vector size:"), m_dim);
    form->addRow(tr("Window:"), m_window);
    form->addRow(tr("Noise words:"), m_negative);
    form->addRow(tr("Minimum count:"), m_minCount);
    form->addRow(tr("Subsampling:"), m_sample);
    form->addRow(tr("Epochs:"), m_epochs);
    form->addRow(tr("Learning rate:"), m_alpha);
    form->addRow(tr("GloVe x_max:"), m_xMax);
    form->addRow(tr("Text as:"), m_tokens);
    form->addRow(tr("Threads:"), m_threads);
    form->addRow(tr("Seed:"), m_seed);
    auto* hint = new QLabel(tr("Learns a vector per word from the open dataset's text. The run keeps the vectors: the "
                               "Projector maps them, and a model starts from them under Word vectors \"…\"."),
                            this);
    hint->setWordWrap(true);
    m_problems->setWordWrap(true);
    m_problems->setObjectName(QStringLiteral("vectorProblems"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addWidget(m_problems);
    layout->addStretch(1);

    setConfig(VectorsConfig::defaultsFor("skipgram"));
    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        applyMethodDefaults();
        update();
    });
    for (auto* s : {m_dim, m_window, m_negative, m_minCount, m_epochs, m_threads, m_seed})
        connect(s, &QSpinBox::valueChanged, this, &VectorsForm::update);
    for (auto* s : {m_sample, m_alpha, m_xMax})
        connect(s, &QDoubleSpinBox::valueChanged, this, &VectorsForm::update);
    connect(m_tokens, &QComboBox::currentIndexChanged, this, &VectorsForm::update);
    update();
}

VectorsConfig VectorsForm::config() const
{
    auto c = VectorsConfig::defaultsFor(m_method->currentData().toString().toStdString());
    c.dim = m_dim->value();
    c.window = m_window->value();
    c.negative = m_negative->value();
    c.minCount = m_minCount->value();
    c.sample = m_sample->value();
    c.epochs = m_epochs->value();
    c.alpha = m_alpha->value();
    c.minAlpha = std::min(c.minAlpha, c.alpha);  // as lathe-cli sets it (GloVe does not decay its rate)
    c.xMax = m_xMax->value();
    c.tokens = m_tokens->currentData().toString().toStdString();
    c.threads = m_threads->value();
    c.seed = static_cast<std::uint64_t>(m_seed->value());
    return c;
}

void VectorsForm::setConfig(const VectorsConfig& c)
{
    {
        const QSignalBlocker block(m_method);
        m_method->setCurrentIndex(std::max(0, m_method->findData(QString::fromStdString(c.method))));
    }
    m_dim->setValue(c.dim);
    m_window->setValue(c.window);
    m_negative->setValue(c.negative);
    m_minCount->setValue(c.minCount);
    m_sample->setValue(c.sample);
    m_epochs->setValue(c.epochs);
    m_alpha->setValue(c.alpha);
    m_xMax->setValue(c.xMax);
    m_tokens->setCurrentIndex(std::max(0, m_tokens->findData(QString::fromStdString(c.tokens))));
    m_threads->setValue(c.threads);
    m_seed->setValue(static_cast<int>(c.seed));
    update();
}

void VectorsForm::applyMethodDefaults()
{
    // The method's window, epochs, rate and subsampling; the size, counts and threads stay.
    const auto d = VectorsConfig::defaultsFor(m_method->currentData().toString().toStdString());
    m_window->setValue(d.window);
    m_epochs->setValue(d.epochs);
    m_alpha->setValue(d.alpha);
    m_sample->setValue(d.sample);
}

QString VectorsForm::problems() const
{
    return coreText(joinLines(config().problems()));
}

void VectorsForm::setThreads(int threads)
{
    m_threads->setValue(threads);
}

void VectorsForm::update()
{
    const bool glove = m_method->currentData().toString() == QLatin1String("glove");
    m_negative->setEnabled(!glove);
    m_sample->setEnabled(!glove);
    m_xMax->setEnabled(glove);
    m_problems->setText(problems());
    Q_EMIT changed();
}

}  // namespace lathe::gui
