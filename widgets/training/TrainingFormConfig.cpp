// TrainingForm as a RunConfig: what the form's fields say (config) and the fields filled from a
// run's settings (setConfig). Layout and the rules of which fields apply live in TrainingForm.cpp.
#include "training/TrainingForm.h"

#include "train/RunConfig.h"
#include "training/FollowRow.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QSpinBox>

#include <algorithm>

namespace lathe::gui {

RunConfig TrainingForm::config() const
{
    RunConfig c;
    c.model.family = m_family->currentData().toString().toStdString();
    c.model.width = m_width->value();
    c.model.layers = m_layers->value();
    c.model.heads = m_heads->value();
    c.model.feedForward = 4 * m_width->value();
    c.model.hidden = m_width->value();
    c.model.maxLength = m_maxLength->value();
    const bool transformer = isTransformerFamily(c.model.family);
    const bool pairs = isSequenceToSequence(c.model.family);
    c.model.lowRank = transformer || c.model.family == "seq2seq" ? m_lowRank->value() : 0;
    c.model.shareBlocks = (transformer || c.model.family == "seq2seq") && m_shareBlocks->isChecked();
    c.model.embeddingSize = transformer ? m_embeddingSize->value() : 0;
    c.model.tieEmbeddings = (isLanguageModel(c.model.family) || pairs) && m_tieEmbeddings->isChecked();
    if (pairs) {
        c.train.labelSmoothing = m_labelSmoothing->value();
        c.train.beamSize = m_beam->value();
        c.targetTokenizer.kind = m_targetTokenizer->currentData().toString().toStdString();
    }
    c.model.buckets = m_buckets->value();
    c.model.wordNgrams = m_wordNgrams->value();
    c.model.charNgramMin = m_charMin->value();
    c.model.charNgramMax = m_charMax->value();
    c.tokenizer.kind = m_tokenizer->currentData().toString().toStdString();
    // Word vectors initialize a classifier's or language model's embeddings (the row is hidden for pairs).
    c.model.pretrainedEmbeddings = pairs ? std::string() : m_embeddings->text().trimmed().toStdString();
    c.train.optimizer = m_optimizer->currentData().toString().toStdString();
    c.train.learningRate = m_learningRate->value();
    c.train.weightDecay = m_weightDecay->value();
    c.train.schedule = m_schedule->currentData().toString().toStdString();
    c.train.warmupSteps = m_warmup->value();
    c.train.layerLrDecay = m_layerLrDecay->value();

    c.data.trainLimit = m_trainLimit->value();
    m_follow->apply(c.data, !pairs);
    c.train.batchSize = m_batch->value();
    // A followed run has no end in steps: after its epoch on the rows there, it trains on what arrives.
    c.train.maxSteps = c.data.follow ? 0 : m_steps->value();
    c.train.evalEvery = m_evalEvery->value();
    c.train.seed = std::uint64_t(m_seed->value());
    c.train.threads = m_threads->value();
    c.train.precision = m_precision->currentData().toString().toStdString();
    c.train.teacherRun = m_teacher->currentData().toLongLong();
    c.train.baseRun = m_base->currentData().toLongLong();
    c.train.fromScratch = c.train.baseRun > 0 && m_fromScratch->isChecked();
    if (c.train.baseRun > 0 && !c.train.fromScratch)
        c.model.loraRank = m_loraRank->value();
    // Adapters keep the base frozen: the (disabled) unfreezing setting does not apply.
    c.train.unfreezeEvery = c.model.loraRank > 0 ? 0 : m_unfreezeEvery->value();
    c.train.distillAlpha = m_alpha->value();
    c.train.distillTemperature = m_temperature->value();
    return c;
}

void TrainingForm::setConfig(const RunConfig& c)
{
    const auto select = [](QComboBox* box, const std::string& value) {
        const int i = box->findData(QString::fromStdString(value));
        if (i >= 0)
            box->setCurrentIndex(i);
    };
    // Fill every field, then count parameters once rather than once per field.
    m_filling = true;
    // Language models are offered for any data; a classifier needs labels, an encoder–decoder pairs.
    if (isSequenceToSequence(c.model.family))
        setLabelled(false, m_classes, true);
    else if (!isLanguageModel(c.model.family))
        setLabelled(true, m_classes);
    select(m_family, c.model.family);
    m_width->setValue(c.model.family == "bilstm" || c.model.family == "lstm" || c.model.family == "lstm-seq2seq"
                          ? c.model.hidden
                          : c.model.width);
    m_labelSmoothing->setValue(c.train.labelSmoothing);
    m_beam->setValue(std::max(1, c.train.beamSize));
    select(m_targetTokenizer, c.targetTokenizer.kind);
    fillTrainedRuns();
    m_layers->setValue(c.model.layers);
    m_heads->setValue(c.model.heads);
    m_maxLength->setValue(c.model.maxLength);
    m_lowRank->setValue(c.model.lowRank);
    m_shareBlocks->setChecked(c.model.shareBlocks);
    m_embeddingSize->setValue(c.model.embeddingSize);
    m_tieEmbeddings->setChecked(c.model.tieEmbeddings);
    m_buckets->setValue(c.model.buckets);
    m_wordNgrams->setValue(c.model.wordNgrams);
    m_charMin->setValue(std::max(1, c.model.charNgramMin));
    m_charMax->setValue(c.model.charNgramMax);
    select(m_tokenizer, c.tokenizer.kind);
    m_embeddings->setText(QString::fromStdString(c.model.pretrainedEmbeddings));
    select(m_optimizer, c.train.optimizer);
    m_learningRate->setValue(c.train.learningRate);
    m_weightDecay->setValue(c.train.weightDecay);
    select(m_schedule, c.train.schedule);
    m_warmup->setValue(c.train.warmupSteps);
    m_layerLrDecay->setValue(c.train.layerLrDecay);
    m_unfreezeEvery->setValue(std::max(0, c.train.unfreezeEvery));
    m_trainLimit->setValue(std::max(0, c.data.trainLimit));
    m_follow->fill(c.data);
    m_batch->setValue(c.train.batchSize);
    if (c.train.maxSteps > 0)
        m_steps->setValue(int(std::min<std::int64_t>(c.train.maxSteps, m_steps->maximum())));
    m_evalEvery->setValue(c.train.evalEvery);
    m_seed->setValue(int(std::min<std::uint64_t>(c.train.seed, std::uint64_t(m_seed->maximum()))));
    m_threads->setValue(std::max(0, c.train.threads));
    select(m_precision, c.train.precision);
    m_teacher->setCurrentIndex(std::max(0, m_teacher->findData(QVariant::fromValue<qint64>(c.train.teacherRun))));
    m_alpha->setValue(c.train.distillAlpha);
    m_base->setCurrentIndex(std::max(0, m_base->findData(QVariant::fromValue<qint64>(c.train.baseRun))));
    if (c.train.baseRun > 0)
        m_loraRank->setValue(c.model.loraRank);
    m_fromScratch->setChecked(c.train.fromScratch);
    m_temperature->setValue(c.train.distillTemperature);
    m_filling = false;
    update();
}

}  // namespace lathe::gui
