#pragma once
// The display controls shared by every chart of a panel: smoothing, raw curve and band,
// log axes, what the x axis counts, and reset view.
#include "charts/ChartTypes.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;

namespace lathe::gui {

class ChartControls : public QWidget {
    Q_OBJECT
public:
    explicit ChartControls(QWidget* parent = nullptr);

    ChartOptions options() const;
    void setOptions(const ChartOptions& options);

Q_SIGNALS:
    void optionsChanged(const lathe::gui::ChartOptions& options);
    void resetViewRequested();

private:
    void emitOptions();

    QSlider* m_smoothing;
    QLabel* m_smoothingValue;
    QCheckBox* m_raw;
    QCheckBox* m_band;
    QCheckBox* m_logX;
    QCheckBox* m_logY;
    QComboBox* m_x;
};

}  // namespace lathe::gui
