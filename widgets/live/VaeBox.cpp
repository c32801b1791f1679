#include "live/VaeBox.h"

#include "common/CoreText.h"
#include "store/RunStore.h"
#include "vae/VaeRun.h"

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <random>

namespace lathe::gui {

VaeBox::VaeBox(QWidget* parent)
    : QGroupBox(tr("Latent space"), parent), m_first(new QLineEdit(this)), m_second(new QLineEdit(this)),
      m_count(new QSpinBox(this)), m_steps(new QSpinBox(this)), m_sample(new QPushButton(tr("&Sample"), this)),
      m_reconstruct(new QPushButton(tr("&Reconstruct"), this)), m_interpolate(new QPushButton(tr("&Interpolate"), this)),
      m_output(new QPlainTextEdit(this))
{
    m_first->setObjectName(QStringLiteral("vaeFirst"));
    m_second->setObjectName(QStringLiteral("vaeSecond"));
    m_first->setPlaceholderText(tr("A sentence"));
    m_second->setPlaceholderText(tr("Another sentence, to interpolate towards"));
    m_count->setRange(1, 100);
    m_count->setValue(5);
    m_count->setToolTip(tr("Sentences to sample from the prior N(0, I)"));
    m_steps->setRange(2, 50);
    m_steps->setValue(6);
    m_steps->setToolTip(tr("Points along the path, both sentences included"));
    m_reconstruct->setToolTip(tr("Decode the first sentence's posterior mean: what the latent code keeps of it"));
    m_interpolate->setToolTip(tr("Decode evenly spaced points between the two sentences' posterior means"));
    m_output->setReadOnly(true);
    m_output->setMaximumHeight(100);
    m_output->setPlaceholderText(tr("Sentences are decoded greedily from the run's latest checkpoint, written at each "
                                    "evaluation."));
    auto* grid = new QGridLayout;
    grid->addWidget(m_first, 0, 0);
    grid->addWidget(m_reconstruct, 0, 1);
    grid->addWidget(new QLabel(tr("Samples:"), this), 0, 2);
    grid->addWidget(m_count, 0, 3);
    grid->addWidget(m_sample, 0, 4);
    grid->addWidget(m_second, 1, 0);
    grid->addWidget(m_interpolate, 1, 1);
    grid->addWidget(new QLabel(tr("Steps:"), this), 1, 2);
    grid->addWidget(m_steps, 1, 3);
    grid->setColumnStretch(0, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(grid);
    layout->addWidget(m_output);

    connect(m_sample, &QPushButton::clicked, this, &VaeBox::sample);
    connect(m_reconstruct, &QPushButton::clicked, this, &VaeBox::reconstruct);
    connect(m_interpolate, &QPushButton::clicked, this, &VaeBox::interpolate);
    connect(m_first, &QLineEdit::returnPressed, this, &VaeBox::reconstruct);
    connect(m_second, &QLineEdit::returnPressed, this, &VaeBox::interpolate);
    connect(&m_watcher, &TaskNotifier::finished, this, &VaeBox::onDone);
}

void VaeBox::setSentences(const QString& first, const QString& second)
{
    m_first->setText(first);
    m_second->setText(second);
}

void VaeBox::sample() { run(Action::Sample); }
void VaeBox::reconstruct() { run(Action::Reconstruct); }
void VaeBox::interpolate() { run(Action::Interpolate); }

void VaeBox::run(Action action)
{
    if (m_busy || !m_store || m_runId <= 0)
        return;
    if ((action != Action::Sample && m_first->text().trimmed().isEmpty()) ||
        (action == Action::Interpolate && m_second->text().trimmed().isEmpty())) {
        m_output->setPlainText(action == Action::Interpolate ? tr("Type two sentences to interpolate between.")
                                                             : tr("Type a sentence to reconstruct."));
        return;
    }
    std::string checkpoint;
    try {
        checkpoint = vaeRunCheckpoint(*m_store, m_runId);
    } catch (const std::exception& e) {
        m_output->setPlainText(coreErrorText(e));
        return;
    }
    m_busy = true;
    m_action = action;
    for (auto* b : {m_sample, m_reconstruct, m_interpolate})
        b->setEnabled(false);
    m_output->setPlainText(tr("Decoding…"));
    const auto first = m_first->text().toStdString(), second = m_second->text().toStdString();
    const int count = m_count->value(), steps = m_steps->value();
    const auto seed = std::random_device{}();
    m_watcher.start([=]() -> Result {
        Result r;
        try {
            std::vector<std::string> lines;
            switch (action) {
            case Action::Sample: lines = vaeSample(checkpoint, count, seed); break;
            case Action::Reconstruct: lines = {vaeReconstruct(checkpoint, first)}; break;
            case Action::Interpolate: lines = vaeInterpolate(checkpoint, first, second, steps); break;
            }
            for (const auto& l : lines)
                r.lines << QString::fromStdString(l);
        } catch (const std::exception& e) {
            r.error = coreErrorText(e);
        }
        return r;
    });
}

void VaeBox::onDone()
{
    m_busy = false;
    for (auto* b : {m_sample, m_reconstruct, m_interpolate})
        b->setEnabled(true);
    const Result r = m_watcher.result();
    if (!r.error.isEmpty()) {
        m_output->setPlainText(tr("Could not decode: %1").arg(r.error));
        Q_EMIT decoded();
        return;
    }
    QStringList shown;
    for (int i = 0; i < r.lines.size(); ++i) {
        const QString line = r.lines[i].isEmpty() ? tr("(empty: the decoder ended the sentence at once)") : r.lines[i];
        shown << (m_action == Action::Reconstruct ? line : QStringLiteral("%1. %2").arg(i + 1).arg(line));
    }
    m_output->setPlainText(shown.join(QLatin1Char('\n')));
    Q_EMIT decoded();
}

QString VaeBox::output() const
{
    return m_output->toPlainText();
}

}  // namespace lathe::gui
