#include "training/FollowRow.h"

#include "common/SpinBoxes.h"
#include "train/RunConfig.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QHBoxLayout>

namespace lathe::gui {

FollowRow::FollowRow(QWidget* parent)
    : QWidget(parent),
      m_follow(new QCheckBox(tr("Follow the file"), this)),
      m_replay(realSpinBox(this, 0, 0.95, 2, 0.05, "replay")),
      m_idle(spinBox(this, 0, 7 * 86400, "followIdle"))
{
    m_follow->setObjectName(QStringLiteral("follow"));
    m_follow->setToolTip(tr("After its epochs on the rows there now, keep training on rows appended to the file (or "
                            "files added to its folder) until you stop the run. New rows are split as they come: "
                            "some are held out to measure the newest data, the rest are trained on. The Data panel "
                            "lists what arrived."));
    m_replay->setValue(DataConfig{}.replay);
    m_replay->setToolTip(tr("Share of each batch drawn from earlier examples: more replay forgets less of the old data "
                            "and learns the new more slowly"));
    m_idle->setSpecialValueText(tr("never"));
    m_idle->setSuffix(tr(" s"));
    m_idle->setToolTip(tr("End the run after this many seconds without new data (never: when you stop it)"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_follow);
    connect(m_follow, &QCheckBox::toggled, this, [this] {
        setRowsVisible(!isHidden());
        Q_EMIT changed();
    });
    connect(m_replay, &QDoubleSpinBox::valueChanged, this, &FollowRow::changed);
    connect(m_idle, &QSpinBox::valueChanged, this, &FollowRow::changed);
}

void FollowRow::addRows(QFormLayout* form)
{
    m_form = form;
    form->addRow(tr("Growing data:"), this);
    form->addRow(tr("Replay share:"), m_replay);
    form->addRow(tr("End when idle:"), m_idle);
    setRowsVisible(true);
}

void FollowRow::setRowsVisible(bool visible)
{
    if (!m_form)
        return;
    m_form->setRowVisible(this, visible);
    m_form->setRowVisible(m_replay, visible && m_follow->isChecked());
    m_form->setRowVisible(m_idle, visible && m_follow->isChecked());
}

bool FollowRow::follows() const
{
    return m_follow->isChecked();
}

void FollowRow::setFollows(bool on)
{
    m_follow->setChecked(on);
}

void FollowRow::apply(DataConfig& data, bool applies) const
{
    data.follow = applies && m_follow->isChecked();
    data.replay = m_replay->value();
    data.followIdle = m_idle->value();
}

void FollowRow::fill(const DataConfig& data)
{
    m_follow->setChecked(data.follow);
    m_replay->setValue(data.replay);
    m_idle->setValue(int(data.followIdle));
}

}  // namespace lathe::gui
