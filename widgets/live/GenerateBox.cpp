#include "common/CoreText.h"
#include "live/GenerateBox.h"

#include "store/RunStore.h"
#include "train/Inference.h"

#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <random>

namespace lathe::gui {

GenerateBox::GenerateBox(QWidget* parent)
    : QGroupBox(tr("Generate"), parent), m_prompt(new QLineEdit(this)), m_temperature(new QDoubleSpinBox(this)),
      m_topK(new QSpinBox(this)), m_length(new QSpinBox(this)), m_button(new QPushButton(tr("&Generate"), this)),
      m_output(new QPlainTextEdit(this))
{
    m_prompt->setPlaceholderText(tr("Prompt (may be empty)"));
    m_prompt->setObjectName(QStringLiteral("promptEdit"));
    m_temperature->setRange(0, 5);
    m_temperature->setSingleStep(0.1);
    m_temperature->setValue(0.8);
    m_temperature->setToolTip(tr("0 picks the most likely token every time"));
    m_topK->setRange(0, 10'000);
    m_topK->setValue(20);
    m_topK->setSpecialValueText(tr("all"));
    m_length->setRange(1, 2000);
    m_length->setValue(120);
    m_output->setReadOnly(true);
    m_output->setMaximumHeight(90);
    m_output->setPlaceholderText(tr("Samples come from the run's latest checkpoint, written at each evaluation."));

    auto* row = new QHBoxLayout;
    row->addWidget(m_prompt, 1);
    row->addWidget(new QLabel(tr("Temperature:"), this));
    row->addWidget(m_temperature);
    row->addWidget(new QLabel(tr("Top-k:"), this));
    row->addWidget(m_topK);
    row->addWidget(new QLabel(tr("Tokens:"), this));
    row->addWidget(m_length);
    row->addWidget(m_button);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(row);
    layout->addWidget(m_output);

    connect(m_button, &QPushButton::clicked, this, &GenerateBox::generate);
    connect(m_prompt, &QLineEdit::returnPressed, this, &GenerateBox::generate);
    connect(&m_watcher, &TaskNotifier::finished, this, &GenerateBox::onDone);
}

void GenerateBox::setPrompt(const QString& prompt)
{
    m_prompt->setText(prompt);
}

void GenerateBox::generate()
{
    if (m_busy)
        return;
    const QString checkpoint = m_store && m_runId ? QString::fromStdString(m_store->checkpointPath(m_runId)) : QString();
    if (checkpoint.isEmpty() || !QFileInfo::exists(checkpoint)) {
        m_output->setPlainText(tr("This run has no checkpoint yet; one is written at the first evaluation."));
        return;
    }
    GenerateOptions options;
    options.prompt = m_prompt->text().toStdString();
    options.temperature = m_temperature->value();
    options.topK = m_topK->value();
    options.maxTokens = m_length->value();
    options.seed = std::random_device{}();
    m_busy = true;
    m_button->setEnabled(false);
    m_output->setPlainText(tr("Sampling…"));
    m_watcher.start([path = checkpoint.toStdString(), options]() -> Result {
        try {
            return {QString::fromStdString(generateText(path, options)), {}};
        } catch (const std::exception& e) {
            return {{}, coreErrorText(e)};
        }
    });
}

void GenerateBox::onDone()
{
    m_busy = false;
    m_button->setEnabled(true);
    const Result r = m_watcher.result();
    if (!r.error.isEmpty()) {
        m_output->setPlainText(tr("Could not sample: %1").arg(r.error));
        return;
    }
    // An undertrained model often ends the text at once; say so rather than show nothing.
    m_output->setPlainText(r.text.isEmpty() ? tr("(The model ended the text right away. Train longer, or try another "
                                                 "prompt or a higher temperature.)")
                                            : r.text);
    Q_EMIT generated(r.text);
}

QString GenerateBox::output() const
{
    return m_output->toPlainText();
}

}  // namespace lathe::gui
