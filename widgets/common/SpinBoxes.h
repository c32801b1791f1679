#pragma once
// Spin boxes as the settings forms make them: a range, thousands separators, an object name
// the tests find them by.
#include <QDoubleSpinBox>
#include <QSpinBox>

namespace lathe::gui {

inline QSpinBox* spinBox(QWidget* parent, int lo, int hi, const char* name)
{
    auto* s = new QSpinBox(parent);
    s->setRange(lo, hi);
    s->setGroupSeparatorShown(true);
    s->setObjectName(QLatin1String(name));
    return s;
}

inline QDoubleSpinBox* realSpinBox(QWidget* parent, double lo, double hi, int decimals, double step, const char* name)
{
    auto* s = new QDoubleSpinBox(parent);
    s->setRange(lo, hi);
    s->setDecimals(decimals);
    s->setSingleStep(step);
    s->setObjectName(QLatin1String(name));
    return s;
}

}  // namespace lathe::gui
