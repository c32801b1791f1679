#include "training/TrainingForm.h"

#include "common/CoreText.h"
#include "common/Feedback.h"
#include "kernels/Precision.h"
#include "model/ModelSize.h"
#include "runs/RunText.h"
#include "training/FollowRow.h"
#include "train/Training.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QSpinBox>
#include <QThread>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace lathe::gui {

namespace {

struct SizePreset {
    const char* name;
    int width, layers, heads;
};

// The feed-forward size is 4 × width and the LSTM hidden size equals the width.
constexpr SizePreset kPresets[] = {
    {QT_TRANSLATE_NOOP("lathe::gui::TrainingForm", "Tiny"), 64, 1, 2},
    {QT_TRANSLATE_NOOP("lathe::gui::TrainingForm", "Small"), 128, 2, 4},
    {QT_TRANSLATE_NOOP("lathe::gui::TrainingForm", "Base"), 256, 4, 8},
};

QSpinBox* spin(QWidget* parent, int lo, int hi, int value)
{
    auto* s = new QSpinBox(parent);
    s->setRange(lo, hi);
    s->setValue(value);
    s->setGroupSeparatorShown(true);
    return s;
}

}  // namespace

TrainingForm::TrainingForm(QWidget* parent)
    : QWidget(parent), m_family(new QComboBox(this)), m_preset(new QComboBox(this)), m_width(spin(this, 8, 4096, 128)),
      m_layers(spin(this, 1, 48, 2)), m_heads(spin(this, 1, 64, 4)), m_maxLength(spin(this, 2, 4096, 128)), m_lowRank(spin(this, 0, 4096, 0)),
      m_shareBlocks(new QCheckBox(tr("Share blocks across layers"), this)), m_embeddingSize(spin(this, 0, 4096, 0)),
      m_tieEmbeddings(new QCheckBox(tr("Tie input and output embeddings"), this)), m_buckets(spin(this, 1, 10'000'000, 50'000)),
      m_wordNgrams(spin(this, 1, 5, 2)), m_charMin(spin(this, 1, 8, 3)), m_charMax(spin(this, 0, 8, 5)), m_teacher(new QComboBox(this)),
      m_alpha(new QDoubleSpinBox(this)), m_temperature(new QDoubleSpinBox(this)), m_base(new QComboBox(this)),
      m_loraRank(spin(this, 0, 4096, 8)), m_fromScratch(new QCheckBox(tr("Random weights"), this)),
      m_labelSmoothing(new QDoubleSpinBox(this)), m_beam(spin(this, 1, 64, 1)),
      m_tokenizer(new QComboBox(this)), m_targetTokenizer(new QComboBox(this)), m_embeddings(new QLineEdit(this)), m_optimizer(new QComboBox(this)), m_learningRate(new QDoubleSpinBox(this)),
      m_weightDecay(new QDoubleSpinBox(this)),
      m_schedule(new QComboBox(this)), m_warmup(spin(this, 0, 1'000'000, 0)), m_layerLrDecay(new QDoubleSpinBox(this)),
      m_unfreezeEvery(spin(this, 0, 10'000'000, 0)), m_trainLimit(spin(this, 0, 2'000'000'000, 0)), m_follow(new FollowRow(this)), m_batch(spin(this, 1, 4096, 32)),
      m_steps(spin(this, 1, 10'000'000, 300)), m_evalEvery(spin(this, 1, 10'000'000, 30)),
      m_seed(spin(this, 0, 2'000'000'000, 1)), m_threads(spin(this, 0, 256, 0)),
      m_precision(new QComboBox(this)), m_parameters(new QLabel(this)), m_problems(new QLabel(this))
{
    m_family->setObjectName(QStringLiteral("familyCombo"));
    // Its longest entry ("… — pretrain on the text") would set the whole form's width.
    m_family->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_family->setMinimumContentsLength(16);
    m_preset->setObjectName(QStringLiteral("sizePreset"));
    m_width->setObjectName(QStringLiteral("width"));
    m_heads->setObjectName(QStringLiteral("heads"));
    for (const auto& p : kPresets)
        m_preset->addItem(tr(p.name));
    m_preset->addItem(tr("Custom"));
    m_preset->setCurrentIndex(1);
    addTokenizerKinds(*m_tokenizer);
    m_targetTokenizer->setObjectName(QStringLiteral("targetTokenizer"));
    m_targetTokenizer->addItem(tr("Shared with the source"), QString());
    addTokenizerKinds(*m_targetTokenizer);
    m_targetTokenizer->setToolTip(tr("Shared: one vocabulary learned from both sides. Its own: the target side split "
                                     "its own way, such as characters in and phoneme words out"));
    m_optimizer->setObjectName(QStringLiteral("optimizer"));
    m_optimizer->addItem(QStringLiteral("AdamW"), QStringLiteral("adamw"));
    m_optimizer->addItem(QStringLiteral("Adam"), QStringLiteral("adam"));
    m_optimizer->addItem(QStringLiteral("SGD"), QStringLiteral("sgd"));
    m_threads->setObjectName(QStringLiteral("threads"));
    // 0: the engine picks the count by timing steps, and follows the machine's load.
    m_threads->setSpecialValueText(tr("Auto"));
    m_threads->setToolTip(tr("Compute threads. Auto times steps at each count while training and keeps the "
                             "fastest, again whenever the machine gets busier; a fixed count makes runs bitwise "
                             "repeatable."));
    m_precision->setObjectName(QStringLiteral("precision"));
    // Auto names what it resolves to on this machine.
    m_precision->addItem(kernels::autoPicksBf16() ? tr("Auto (bf16 on this CPU)") : tr("Auto (fp32 on this CPU)"),
                         QStringLiteral("auto"));
    m_precision->addItem(QStringLiteral("fp32"), QStringLiteral("fp32"));
    m_precision->addItem(QStringLiteral("bf16"), QStringLiteral("bf16"));
    m_precision->setToolTip(tr("Precision of the matmuls. Weights, optimizer state, LayerNorm, softmax and the loss "
                               "stay fp32. bf16 is fast on CPUs with AMX; with AVX512-BF16 alone it is slower than "
                               "fp32, and elsewhere it is emulated (slower still)."));
    m_schedule->addItem(tr("Cosine"), QStringLiteral("cosine"));
    m_schedule->addItem(tr("Linear"), QStringLiteral("linear"));
    m_schedule->addItem(tr("Constant"), QStringLiteral("constant"));
    m_schedule->addItem(tr("Slanted triangular"), QStringLiteral("slanted"));
    m_schedule->setObjectName(QStringLiteral("schedule"));
    m_warmup->setObjectName(QStringLiteral("warmup"));
    m_schedule->setToolTip(tr("Slanted triangular (ULMFiT): the rate rises over the first 10% of steps and falls to "
                              "1/32 of its peak; warm-up does not apply to it"));
    m_layerLrDecay->setObjectName(QStringLiteral("layerLrDecay"));
    m_layerLrDecay->setRange(1, 100);
    m_layerLrDecay->setSingleStep(0.1);
    m_layerLrDecay->setDecimals(2);
    m_layerLrDecay->setValue(1);
    m_layerLrDecay->setSpecialValueText(tr("off"));
    m_layerLrDecay->setPrefix(tr("÷ "));
    m_layerLrDecay->setToolTip(tr("Discriminative learning rates (ULMFiT): each layer down from the head trains at "
                                  "the rate of the one above divided by this; 2.6 is ULMFiT's choice"));
    m_unfreezeEvery->setObjectName(QStringLiteral("unfreezeEvery"));
    m_unfreezeEvery->setSpecialValueText(tr("off"));
    m_unfreezeEvery->setSuffix(tr(" steps"));
    m_unfreezeEvery->setToolTip(tr("Gradual unfreezing (ULMFiT): only the head trains at first, and one more layer "
                                   "below it every this many steps"));
    m_trainLimit->setObjectName(QStringLiteral("trainLimit"));
    m_steps->setObjectName(QStringLiteral("steps"));
    m_trainLimit->setSpecialValueText(tr("all"));
    m_trainLimit->setToolTip(tr("Train on this many examples drawn at random from the training split (to see what a "
                                "pretrained model does with few labels); the tokenizer still reads the whole split"));
    m_learningRate->setDecimals(5);
    m_learningRate->setRange(0, 10);
    m_learningRate->setSingleStep(1e-4);
    m_learningRate->setValue(1e-3);
    m_weightDecay->setObjectName(QStringLiteral("weightDecay"));
    m_weightDecay->setDecimals(4);
    m_weightDecay->setRange(0, 100);
    m_weightDecay->setSingleStep(0.01);
    m_weightDecay->setValue(RunConfig().train.weightDecay);
    m_weightDecay->setSpecialValueText(tr("off"));
    m_weightDecay->setToolTip(tr("Pulls every weight towards zero each step (AdamW's decoupled decay, SGD's L2 "
                                 "penalty). A bag of n-grams on labels with some noise gains from a strong one, "
                                 "around 1; plain Adam takes none"));
    m_embeddings->setObjectName(QStringLiteral("embeddingsPath"));
    m_embeddings->setPlaceholderText(tr("none (random initialization)"));
    m_embeddings->setClearButtonEnabled(true);
    m_embeddings->setToolTip(tr("Pretrained word vectors (GloVe or word2vec text format) to start matching token "
                                "embeddings from; their length must equal the width"));
    m_lowRank->setObjectName(QStringLiteral("lowRank"));
    m_lowRank->setSpecialValueText(tr("dense"));
    m_lowRank->setToolTip(tr("Train the Transformer blocks' Linear layers in factorized form W = U·V of this rank "
                             "(fewer parameters and FLOPs); dense trains them as full matrices"));
    m_shareBlocks->setObjectName(QStringLiteral("shareBlocks"));
    m_shareBlocks->setToolTip(tr("ALBERT-style: one Transformer block's parameters, applied at every layer"));
    m_embeddingSize->setObjectName(QStringLiteral("embeddingSize"));
    m_embeddingSize->setSpecialValueText(tr("width"));
    m_embeddingSize->setToolTip(tr("Factorized embeddings: a vocabulary × E table, then a projection from E to the "
                                   "width; \"width\" keeps one vocabulary × width table"));
    m_tieEmbeddings->setObjectName(QStringLiteral("tieEmbeddings"));
    m_tieEmbeddings->setToolTip(tr("Language models: the output layer reuses the token embedding matrix"));
    m_buckets->setObjectName(QStringLiteral("buckets"));
    m_buckets->setToolTip(tr("Rows of the table that word n-grams and character n-grams are hashed into: more rows, "
                             "fewer collisions, more memory"));
    m_wordNgrams->setObjectName(QStringLiteral("wordNgrams"));
    m_wordNgrams->setToolTip(tr("Longest run of consecutive tokens that gets its own vector (1: tokens only, 2: "
                                "bigrams too)"));
    m_charMin->setObjectName(QStringLiteral("charNgramMin"));
    m_charMax->setObjectName(QStringLiteral("charNgramMax"));
    m_charMax->setSpecialValueText(tr("off"));
    for (auto* s : {m_charMin, m_charMax})
        s->setToolTip(tr("Lengths of the character n-grams of each token (with < and > marking its ends): they "
                         "give rare and misspelled words the vectors of their parts"));
    m_teacher->setObjectName(QStringLiteral("teacherRun"));
    m_teacher->setToolTip(tr("Distill from this trained run: the student (this form's model) learns from the teacher's "
                             "softened outputs as well as the labels, and reads the teacher's tokenizer"));
    m_teacher->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_teacher->setMinimumContentsLength(12);
    m_alpha->setObjectName(QStringLiteral("distillAlpha"));
    m_alpha->setRange(0, 1);
    m_alpha->setSingleStep(0.1);
    m_alpha->setValue(0.5);
    m_alpha->setPrefix(tr("α "));
    m_alpha->setToolTip(tr("Weight of the cross-entropy on the labels; 1 − α weighs the teacher's soft targets"));
    m_temperature->setObjectName(QStringLiteral("distillTemperature"));
    m_temperature->setRange(0.1, 20);
    m_temperature->setSingleStep(0.5);
    m_temperature->setValue(2.0);
    m_temperature->setPrefix(tr("T "));
    m_temperature->setToolTip(tr("Softmax temperature of the soft targets"));
    m_base->setObjectName(QStringLiteral("baseRun"));
    m_base->setToolTip(tr("Start from this trained run's model, tokenizer and weights (the model settings above are "
                          "not used) and fine-tune it on the open dataset"));
    m_base->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_base->setMinimumContentsLength(12);
    m_loraRank->setObjectName(QStringLiteral("loraRank"));
    m_loraRank->setPrefix(tr("LoRA rank "));
    m_loraRank->setSpecialValueText(tr("all weights"));
    m_loraRank->setToolTip(tr("Train only low-rank adapters of this rank on the frozen base (merged into the weights "
                              "on export); \"all weights\" fine-tunes every parameter"));
    m_fromScratch->setObjectName(QStringLiteral("fromScratch"));
    m_fromScratch->setToolTip(tr("Train the fine-tuned run's architecture with the base's tokenizer from random "
                                 "weights, with the same settings: the run to compare the fine-tune against, to see "
                                 "what pretraining gave"));
    m_labelSmoothing->setObjectName(QStringLiteral("labelSmoothing"));
    m_labelSmoothing->setRange(0, 0.95);
    m_labelSmoothing->setSingleStep(0.05);
    m_labelSmoothing->setDecimals(2);
    m_labelSmoothing->setSpecialValueText(tr("off"));
    m_labelSmoothing->setToolTip(tr("Spreads this share of each target token's probability over the vocabulary in "
                                    "the training loss; validation reports the plain cross-entropy"));
    m_beam->setObjectName(QStringLiteral("beam"));
    m_beam->setSpecialValueText(tr("greedy"));
    m_beam->setToolTip(tr("Validation decodes every source with a beam this wide to score exact match, error rates, "
                          "BLEU and chrF; greedy is fastest"));
    fillTrainedRuns();
    m_evalEvery->setToolTip(tr("Evaluate on the validation split and write a checkpoint every this many steps"));
    m_parameters->setObjectName(QStringLiteral("parameterCount"));
    m_parameters->setWordWrap(true);  // else its length sets the whole form's minimum width
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(errorStyle());
    m_problems->setObjectName(QStringLiteral("configProblems"));
    setLabelled(true, 2);

    auto* form = m_form = new QFormLayout;
    form->addRow(tr("Model:"), m_family);
    form->addRow(tr("Size:"), m_preset);
    // One row each, so the form fits a narrow dock (three spin boxes in a row did not).
    form->addRow(tr("Width:"), m_width);
    form->addRow(tr("Layers:"), m_layers);
    form->addRow(tr("Heads:"), m_heads);
    form->addRow(tr("Sequence length:"), m_maxLength);
    form->addRow(tr("Low rank:"), m_lowRank);
    form->addRow(tr("Embedding size:"), m_embeddingSize);
    form->addRow(QString(), m_shareBlocks);
    form->addRow(QString(), m_tieEmbeddings);
    form->addRow(tr("Label smoothing:"), m_labelSmoothing);
    form->addRow(tr("Decoding beam:"), m_beam);
    form->addRow(tr("N-gram buckets:"), m_buckets);
    form->addRow(tr("Word n-grams:"), m_wordNgrams);
    m_charNgrams = new QHBoxLayout;
    m_charNgrams->addWidget(m_charMin, 1);
    m_charNgrams->addWidget(new QLabel(tr("to"), this));
    m_charNgrams->addWidget(m_charMax, 1);
    form->addRow(tr("Character n-grams:"), m_charNgrams);
    form->addRow(tr("Tokenizer:"), m_tokenizer);
    form->addRow(tr("Target tokenizer:"), m_targetTokenizer);
    auto* embeddings = m_wordVectors = new QHBoxLayout;
    embeddings->addWidget(m_embeddings, 1);
    auto* browse = new QToolButton(this);
    browse->setObjectName(QStringLiteral("wordVectorsButton"));
    browse->setText(tr("…"));
    browse->setToolTip(tr("Choose a word-vector file, or the vectors of a word-vectors run"));
    browse->setPopupMode(QToolButton::InstantPopup);
    m_vectorRuns = new QMenu(browse);
    m_vectorRuns->setObjectName(QStringLiteral("wordVectorsMenu"));
    browse->setMenu(m_vectorRuns);
    embeddings->addWidget(browse);
    form->addRow(tr("Word vectors:"), embeddings);
    setVectorRuns({});
    form->addRow(tr("Distill from:"), m_teacher);
    auto* soft = m_softTargets = new QHBoxLayout;
    soft->addWidget(m_alpha);
    soft->addWidget(m_temperature);
    form->addRow(tr("Soft targets:"), soft);
    form->addRow(tr("Fine-tune run:"), m_base);
    form->addRow(tr("Adapters:"), m_loraRank);
    form->addRow(QString(), m_fromScratch);
    form->addRow(tr("Optimizer:"), m_optimizer);
    form->addRow(tr("Learning rate:"), m_learningRate);
    form->addRow(tr("Weight decay:"), m_weightDecay);
    form->addRow(tr("Schedule:"), m_schedule);
    form->addRow(tr("Warm-up steps:"), m_warmup);
    form->addRow(tr("Layer rates:"), m_layerLrDecay);
    form->addRow(tr("Unfreeze every:"), m_unfreezeEvery);
    form->addRow(tr("Training examples:"), m_trainLimit);
    m_follow->addRows(form);
    form->addRow(tr("Batch size:"), m_batch);
    form->addRow(tr("Steps:"), m_steps);
    form->addRow(tr("Evaluate every:"), m_evalEvery);
    form->addRow(tr("Seed:"), m_seed);
    form->addRow(tr("Threads:"), m_threads);
    form->addRow(tr("Precision:"), m_precision);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(m_parameters);
    layout->addWidget(m_problems);
    layout->addStretch(1);

    connect(m_preset, &QComboBox::currentIndexChanged, this, &TrainingForm::applyPreset);
    for (auto* s : {m_width, m_layers, m_heads}) {
        connect(s, &QSpinBox::valueChanged, this, [this] {
            // Edited by hand: the size no longer matches a preset.
            int match = int(std::size(kPresets));
            for (int i = 0; i < int(std::size(kPresets)); ++i)
                if (kPresets[i].width == m_width->value() && kPresets[i].layers == m_layers->value() &&
                    kPresets[i].heads == m_heads->value())
                    match = i;
            const QSignalBlocker block(m_preset);
            m_preset->setCurrentIndex(match);
        });
    }
    for (auto* s : {m_width, m_layers, m_heads, m_maxLength, m_lowRank, m_embeddingSize, m_buckets, m_wordNgrams, m_charMin,
                    m_charMax, m_warmup, m_unfreezeEvery, m_trainLimit, m_batch, m_steps, m_evalEvery, m_seed, m_threads})
        connect(s, &QSpinBox::valueChanged, this, &TrainingForm::update);
    for (auto* c : {m_family, m_tokenizer, m_targetTokenizer, m_optimizer, m_schedule, m_precision})
        connect(c, &QComboBox::currentIndexChanged, this, &TrainingForm::update);
    connect(m_learningRate, &QDoubleSpinBox::valueChanged, this, &TrainingForm::update);
    connect(m_weightDecay, &QDoubleSpinBox::valueChanged, this, &TrainingForm::update);
    connect(m_layerLrDecay, &QDoubleSpinBox::valueChanged, this, &TrainingForm::update);
    // The runs offered to distill from or fine-tune follow the kind of model chosen.
    connect(m_family, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_filling) {
            fillTrainedRuns();
            update();  // a teacher or base dropped from the lists changes what is enabled
        }
    });
    connect(m_teacher, &QComboBox::currentIndexChanged, this, &TrainingForm::update);
    connect(m_base, &QComboBox::currentIndexChanged, this, &TrainingForm::update);
    connect(m_loraRank, &QSpinBox::valueChanged, this, &TrainingForm::update);
    for (auto* box : {m_alpha, m_temperature, m_labelSmoothing})
        connect(box, &QDoubleSpinBox::valueChanged, this, &TrainingForm::update);
    connect(m_beam, &QSpinBox::valueChanged, this, &TrainingForm::update);
    for (auto* box : {m_shareBlocks, m_tieEmbeddings, m_fromScratch})
        connect(box, &QCheckBox::toggled, this, &TrainingForm::update);
    connect(m_embeddings, &QLineEdit::textChanged, this, &TrainingForm::update);
    connect(m_follow, &FollowRow::changed, this, &TrainingForm::update);
    connect(m_threads, &QSpinBox::valueChanged, this, &TrainingForm::threadsChanged);
    update();
}

void TrainingForm::setLabelled(bool labelled, int classCount, bool paired)
{
    m_classes = std::max(2, classCount);
    if (labelled == m_labelled && paired == m_paired && m_family->count() > 0) {
        update();
        return;
    }
    m_labelled = labelled;
    // Leaving pairs gives back the tokenizer chosen before them.
    if (m_paired && !paired && !m_tokenizerBeforePairs.isEmpty())
        m_tokenizer->setCurrentIndex(std::max(0, m_tokenizer->findData(m_tokenizerBeforePairs)));
    if (!m_paired && paired)
        m_tokenizerBeforePairs = m_tokenizer->currentData().toString();
    m_paired = paired;
    fillTrainedRuns();
    const QSignalBlocker block(m_family);
    m_family->clear();
    // Pairs train the encoder–decoders, nothing else.
    if (paired) {
        for (const char* f : {"seq2seq", "lstm-seq2seq"})
            m_family->addItem(modelFamilyName(QLatin1String(f)), QLatin1String(f));
        // The tasks pairs are made for on small data (transliteration, normalisation, grapheme to
        // phoneme, numbers) are spelled out character by character; subwords suit translation.
        m_tokenizer->setCurrentIndex(std::max(0, m_tokenizer->findData(QStringLiteral("char"))));
        fillTrainedRuns();
        update();
        return;
    }
    if (labelled)
        for (const char* f : {"transformer", "bilstm", "fasttext"})
            m_family->addItem(modelFamilyName(QLatin1String(f)), QLatin1String(f));
    // Language models read only the text: on labelled data they pretrain a trunk to fine-tune.
    if (labelled)
        m_family->insertSeparator(m_family->count());
    for (const char* f : {"gpt", "mlm", "lstm"})
        m_family->addItem(labelled ? tr("%1 — pretrain on the text").arg(modelFamilyName(QLatin1String(f)))
                                   : modelFamilyName(QLatin1String(f)),
                          QLatin1String(f));
    fillTrainedRuns();
    update();
}

void TrainingForm::setVectorRuns(const QList<QPair<QString, QString>>& runs)
{
    m_vectorRuns->clear();
    for (const auto& [label, path] : runs) {
        auto* action = m_vectorRuns->addAction(label);
        action->setData(path);
        connect(action, &QAction::triggered, this, [this, path = path] { m_embeddings->setText(path); });
    }
    if (!runs.isEmpty())
        m_vectorRuns->addSeparator();
    connect(m_vectorRuns->addAction(tr("Choose a File…")), &QAction::triggered, this, [this] {
        const auto path = QFileDialog::getOpenFileName(this, tr("Word Vectors"), QString(),
                                                       tr("Word vectors (*.txt *.vec *.bin);;All files (*)"));
        if (!path.isEmpty())
            m_embeddings->setText(path);
    });
}

void TrainingForm::setTrainedRuns(const QList<TrainedRun>& runs)
{
    m_trainedRuns = runs;
    fillTrainedRuns();
    update();
}

void TrainingForm::fillTrainedRuns()
{
    // A teacher of the chosen model's kind; a base of that kind, or a language model under a classifier.
    const auto family = m_family->currentData().toString().toStdString();
    const bool languageModel = family.empty() ? !m_labelled : isLanguageModel(family);
    // An encoder–decoder learns from encoder–decoders (teacher or base), or takes a masked LM's
    // trunk as its encoder.
    const bool pairs = m_paired || isSequenceToSequence(family);
    for (auto* box : {m_teacher, m_base}) {
        const auto current = box->currentData();
        const QSignalBlocker block(box);
        box->clear();
        box->addItem(box == m_teacher ? tr("none (train alone)") : tr("none (train from scratch)"),
                     QVariant::fromValue<qint64>(0));
        for (const auto& t : m_trainedRuns)
            if (pairs ? t.pairs || (box == m_base && t.masked)
                      : !t.pairs &&
                            (t.languageModel == languageModel || (box == m_base && !languageModel && t.languageModel)) &&
                            !(box == m_teacher && (t.masked || family == "mlm")))
                box->addItem(t.label, QVariant::fromValue<qint64>(t.id));
        box->setCurrentIndex(std::max(0, box->findData(current)));
    }
}

void TrainingForm::applyPreset()
{
    const int i = m_preset->currentIndex();
    if (i < 0 || i >= int(std::size(kPresets)))
        return;
    const QSignalBlocker a(m_width), b(m_layers), c(m_heads);
    m_width->setValue(kPresets[i].width);
    m_layers->setValue(kPresets[i].layers);
    m_heads->setValue(kPresets[i].heads);
    update();
}

QString TrainingForm::problems() const
{
    return m_problems->text();
}

QString TrainingForm::parameterText() const
{
    return m_parameters->text();
}

void TrainingForm::update()
{
    if (m_filling)
        return;
    const auto family = m_family->currentData().toString().toStdString();
    const bool transformer = isTransformerFamily(family);
    const bool pairs = isSequenceToSequence(family);
    const bool distilling = m_teacher->currentData().toLongLong() > 0;
    m_alpha->setEnabled(distilling);
    m_temperature->setEnabled(distilling);
    // Fine-tuning takes the base run's model: its own model settings would be ignored.
    const bool finetuning = m_base->currentData().toLongLong() > 0;
    m_fromScratch->setEnabled(finetuning);
    m_loraRank->setEnabled(finetuning && !m_fromScratch->isChecked());
    // Adapters keep the base frozen: nothing to unfreeze.
    m_unfreezeEvery->setEnabled(!(finetuning && !m_fromScratch->isChecked() && m_loraRank->value() > 0));
    m_warmup->setEnabled(m_schedule->currentData().toString() != QLatin1String("slanted"));
    m_weightDecay->setEnabled(m_optimizer->currentData().toString() != QLatin1String("adam"));
    for (QWidget* w : {static_cast<QWidget*>(m_family), static_cast<QWidget*>(m_preset), static_cast<QWidget*>(m_width),
                       static_cast<QWidget*>(m_layers), static_cast<QWidget*>(m_maxLength),
                       static_cast<QWidget*>(m_tieEmbeddings), static_cast<QWidget*>(m_embeddings)})
        w->setEnabled(!finetuning);
    // Heads, factorized layers, shared blocks and embedding factorization exist in Transformers only
    // (the encoder–decoder Transformer has heads and factorized layers).
    m_embeddingSize->setEnabled(!finetuning && transformer);
    for (QWidget* w : {static_cast<QWidget*>(m_heads), static_cast<QWidget*>(m_lowRank), static_cast<QWidget*>(m_shareBlocks)})
        w->setEnabled(!finetuning && (transformer || family == "seq2seq"));
    m_tieEmbeddings->setVisible(isLanguageModel(family) || pairs);
    // fastText's n-gram settings, shown for it alone; it has no layers.
    const bool fastText = m_family->currentData().toString() == QLatin1String("fasttext");
    if (m_form) {  // null while the constructor fills the family list
        m_form->setRowVisible(m_labelSmoothing, pairs);
        m_form->setRowVisible(m_beam, pairs);
        m_form->setRowVisible(m_targetTokenizer, pairs);
        // An encoder–decoder takes no word vectors yet.
        m_form->setRowVisible(m_wordVectors, !pairs);
        m_form->setRowVisible(m_buckets, fastText);
        m_form->setRowVisible(m_wordNgrams, fastText);
        m_form->setRowVisible(m_charNgrams, fastText);
        // An encoder–decoder reads a fixed set of pairs.
        m_follow->setRowsVisible(!pairs);
    }
    // A followed run trains until it is stopped (or idle for the time set).
    const bool follows = !pairs && m_follow->follows();
    m_steps->setEnabled(!follows);
    // Its rate stays at the learning rate after warm-up: a stream has no end to decay towards.
    m_schedule->setEnabled(!follows);
    m_charMin->setEnabled(m_charMax->value() > 0);
    m_layers->setEnabled(!finetuning && !fastText);
    RunConfig c = config();
    c.data.path = "-";
    auto problems = coreText(joinLines(c.problems()));
    m_parameters->clear();
    if (problems.isEmpty() && finetuning) {
        // The size is the base run's, which the form's model settings do not describe.
        m_parameters->setText(m_fromScratch->isChecked()
                                  ? tr("The architecture and tokenizer come from %1, the weights are random; the model "
                                       "settings above are not used.")
                                        .arg(m_base->currentText())
                                  : tr("The model and tokenizer come from %1; the model settings above are not used.")
                                        .arg(m_base->currentText()));
    } else if (problems.isEmpty()) {
        c.model.vocabularySize = c.tokenizer.vocabularyCap;
        c.model.numClasses = std::max(2, m_classes);
        // A model that cannot fit is refused here, before Start, with what it needs.
        problems = coreText(memoryProblem(c, availableMemory()));
        if (problems.isEmpty())
            m_parameters->setText(tr("%1 parameters with a vocabulary of up to %2 tokens; training needs about %3")
                                      .arg(QLocale().toString(qint64(countParameters(c.model))),
                                           QLocale().toString(c.tokenizer.vocabularyCap),
                                           QLocale().formattedDataSize(qint64(trainingMemory(c).total()), 1,
                                                                       QLocale::DataSizeTraditionalFormat)));
    }
    m_problems->setText(problems);
    m_problems->setVisible(!problems.isEmpty());
    Q_EMIT changed();
}

void TrainingForm::setThreads(int threads)
{
    m_threads->setValue(threads);
}

int TrainingForm::threads() const
{
    return m_threads->value();
}

void TrainingForm::setSteps(int steps)
{
    m_steps->setValue(steps);
    m_evalEvery->setValue(std::max(1, steps / 10));
}

}  // namespace lathe::gui
