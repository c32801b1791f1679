#include "live/TranslateBox.h"

#include "common/CoreText.h"
#include "store/RunStore.h"
#include "train/Inference.h"

#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace lathe::gui {

TranslateBox::TranslateBox(QWidget* parent)
    : QGroupBox(tr("Translate"), parent), m_sources(new QPlainTextEdit(this)), m_beam(new QSpinBox(this)),
      m_lengthPenalty(new QDoubleSpinBox(this)), m_temperature(new QDoubleSpinBox(this)), m_topK(new QSpinBox(this)),
      m_button(new QPushButton(tr("&Translate"), this)), m_output(new QPlainTextEdit(this))
{
    m_sources->setObjectName(QStringLiteral("sourcesEdit"));
    m_sources->setPlaceholderText(tr("Source text, one per line"));
    m_sources->setTabChangesFocus(true);
    m_beam->setRange(1, 64);
    m_beam->setValue(4);
    m_beam->setToolTip(tr("1 decodes greedily; wider beams search more hypotheses"));
    m_lengthPenalty->setObjectName(QStringLiteral("lengthPenalty"));
    m_lengthPenalty->setRange(0, 5);
    m_lengthPenalty->setSingleStep(0.1);
    m_lengthPenalty->setDecimals(1);
    m_lengthPenalty->setValue(1.0);
    m_lengthPenalty->setToolTip(tr("Beams are ranked by log p / length^α: 0 ranks by probability alone (short outputs "
                                   "win), larger values favour longer outputs"));
    m_temperature->setObjectName(QStringLiteral("translateTemperature"));
    m_temperature->setRange(0, 5);
    m_temperature->setSingleStep(0.1);
    m_temperature->setSpecialValueText(tr("search"));
    m_temperature->setToolTip(tr("Above 0, each token is sampled at this temperature instead of searched for (the beam "
                                 "then does not apply)"));
    m_topK->setRange(0, 10'000);
    m_topK->setSpecialValueText(tr("all"));
    m_topK->setToolTip(tr("Sampling: only the k likeliest tokens"));
    m_output->setObjectName(QStringLiteral("translationOutput"));
    m_output->setReadOnly(true);
    m_output->setPlaceholderText(tr("Outputs come from the run's latest checkpoint, written at each evaluation."));
    for (auto* edit : {m_sources, m_output})
        edit->setMaximumHeight(110);

    auto* controls = new QVBoxLayout;
    auto* settings = new QFormLayout;
    settings->addRow(tr("Beam:"), m_beam);
    settings->addRow(tr("Length α:"), m_lengthPenalty);
    settings->addRow(tr("Temperature:"), m_temperature);
    settings->addRow(tr("Top-k:"), m_topK);
    controls->addLayout(settings);
    controls->addWidget(m_button);
    controls->addStretch(1);
    auto* row = new QHBoxLayout(this);
    row->addWidget(m_sources, 1);
    row->addLayout(controls);
    row->addWidget(m_output, 1);

    connect(m_button, &QPushButton::clicked, this, &TranslateBox::translate);
    // The penalty ranks beams: it means nothing to greedy search or to sampling.
    const auto follow = [this] {
        m_lengthPenalty->setEnabled(m_beam->value() > 1 && m_temperature->value() == 0);
        m_topK->setEnabled(m_temperature->value() > 0);
    };
    connect(m_beam, &QSpinBox::valueChanged, this, follow);
    connect(m_temperature, &QDoubleSpinBox::valueChanged, this, follow);
    follow();
    connect(&m_watcher, &TaskNotifier::finished, this, &TranslateBox::onDone);
}

void TranslateBox::setRun(qint64 runId)
{
    if (runId != m_runId)
        m_output->clear();
    m_runId = runId;
}

void TranslateBox::setSources(const QString& lines)
{
    m_sources->setPlainText(lines);
}

void TranslateBox::setBeamSize(int beam)
{
    m_beam->setValue(beam);
}

void TranslateBox::translate()
{
    if (m_busy)
        return;
    const QString checkpoint = m_store && m_runId ? QString::fromStdString(m_store->checkpointPath(m_runId)) : QString();
    if (checkpoint.isEmpty() || !QFileInfo::exists(checkpoint)) {
        m_output->setPlainText(tr("This run has no checkpoint yet; one is written at the first evaluation."));
        return;
    }
    // Outputs line up with the source lines: a blank line stays blank.
    const auto lines = m_sources->toPlainText().split(QLatin1Char('\n'));
    std::vector<std::string> sources;
    std::vector<int> lineOf;
    for (int i = 0; i < lines.size(); ++i)
        if (!lines[i].trimmed().isEmpty()) {
            sources.push_back(lines[i].toStdString());
            lineOf.push_back(i);
        }
    if (sources.empty()) {
        m_output->setPlainText(tr("Type a source to translate, one per line."));
        return;
    }
    TranslateOptions options;
    options.beamSize = m_beam->value();
    options.lengthPenalty = m_lengthPenalty->value();
    options.temperature = m_temperature->value();
    options.topK = m_topK->value();
    options.seed = m_seed++;  // another sample each time
    m_busy = true;
    m_decodingRun = m_runId;
    m_button->setEnabled(false);
    m_output->setPlainText(tr("Decoding…"));
    m_watcher.start([path = checkpoint.toStdString(), sources, lineOf, count = lines.size(), options]() -> Result {
        try {
            Result r;
            for (int i = 0; i < count; ++i)
                r.outputs << QString();
            r.blank.fill(true, count);
            const auto translations = lathe::translate(path, sources, options);
            for (std::size_t i = 0; i < translations.size(); ++i) {
                r.outputs[lineOf[i]] = QString::fromStdString(translations[i].output);
                r.blank[lineOf[i]] = false;
            }
            return r;
        } catch (const std::exception& e) {
            return {{}, {}, coreErrorText(e)};
        }
    });
}

void TranslateBox::onDone()
{
    m_busy = false;
    m_button->setEnabled(true);
    const Result r = m_watcher.result();
    if (m_decodingRun != m_runId) {
        m_output->clear();  // another run was chosen meanwhile
        return;
    }
    if (!r.error.isEmpty()) {
        m_output->setPlainText(tr("Could not translate: %1").arg(r.error));
        return;
    }
    QStringList shown;
    // An undertrained model may end a target at once; say so rather than show a blank line.
    for (int i = 0; i < r.outputs.size(); ++i)
        shown << (r.outputs[i].isEmpty() && !r.blank[i] ? tr("(empty: the model ended the target right away)")
                                                        : r.outputs[i]);
    m_output->setPlainText(shown.join(QLatin1Char('\n')));
    Q_EMIT translated(r.outputs);
}

QString TranslateBox::output() const
{
    return m_output->toPlainText();
}

}  // namespace lathe::gui
