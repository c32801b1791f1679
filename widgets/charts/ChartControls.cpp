#include "charts/ChartControls.h"

#include "charts/SeriesMath.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSlider>

#include <cmath>

namespace lathe::gui {

// The slider moves in thousandths of the smoothing weight.
constexpr int kSliderScale = 1000;

ChartControls::ChartControls(QWidget* parent)
    : QWidget(parent), m_smoothing(new QSlider(Qt::Horizontal, this)), m_smoothingValue(new QLabel(this)),
      m_raw(new QCheckBox(tr("Raw"), this)), m_band(new QCheckBox(tr("Min/max band"), this)),
      m_logX(new QCheckBox(tr("Log x"), this)), m_logY(new QCheckBox(tr("Log y"), this)), m_x(new QComboBox(this))
{
    m_smoothing->setObjectName(QStringLiteral("smoothingSlider"));
    m_smoothing->setRange(0, int(kMaxSmoothing * kSliderScale));
    m_smoothing->setToolTip(tr("Exponential moving average with bias correction, computed on every logged point"));
    m_smoothing->setMinimumWidth(100);
    m_smoothingValue->setMinimumWidth(QFontMetrics(font()).horizontalAdvance(QStringLiteral("0.000")) + 4);
    m_raw->setToolTip(tr("Show the unsmoothed curve faintly behind the smoothed one"));
    m_band->setToolTip(tr("Shade the range between the lowest and highest raw value in each stretch of the curve"));
    m_x->setObjectName(QStringLiteral("xAxisCombo"));
    m_x->addItem(tr("Step"), int(XAxisKind::Step));
    m_x->addItem(tr("Epoch"), int(XAxisKind::Epoch));
    m_x->addItem(tr("Wall time"), int(XAxisKind::WallTime));
    m_x->addItem(tr("Relative time"), int(XAxisKind::RelativeTime));
    auto* reset = new QPushButton(tr("Reset view"), this);
    reset->setToolTip(tr("Undo zoom and pan (double-click a chart does the same)"));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Smoothing:"), this));
    layout->addWidget(m_smoothing, 1);
    layout->addWidget(m_smoothingValue);
    layout->addWidget(m_raw);
    layout->addWidget(m_band);
    layout->addSpacing(8);
    layout->addWidget(new QLabel(tr("X axis:"), this));
    layout->addWidget(m_x);
    layout->addWidget(m_logX);
    layout->addWidget(m_logY);
    layout->addWidget(reset);

    setOptions(ChartOptions{});
    connect(m_smoothing, &QSlider::valueChanged, this, &ChartControls::emitOptions);
    for (auto* box : {m_raw, m_band, m_logX, m_logY})
        connect(box, &QCheckBox::toggled, this, &ChartControls::emitOptions);
    connect(m_x, &QComboBox::currentIndexChanged, this, &ChartControls::emitOptions);
    connect(reset, &QPushButton::clicked, this, &ChartControls::resetViewRequested);
}

ChartOptions ChartControls::options() const
{
    ChartOptions o;
    o.smoothing = double(m_smoothing->value()) / kSliderScale;
    o.showRaw = m_raw->isChecked();
    o.showBand = m_band->isChecked();
    o.logX = m_logX->isChecked();
    o.logY = m_logY->isChecked();
    o.x = XAxisKind(m_x->currentData().toInt());
    return o;
}

void ChartControls::setOptions(const ChartOptions& options)
{
    const QSignalBlocker blockers[] = {QSignalBlocker(m_smoothing), QSignalBlocker(m_raw), QSignalBlocker(m_band),
                                       QSignalBlocker(m_logX), QSignalBlocker(m_logY), QSignalBlocker(m_x)};
    m_smoothing->setValue(int(std::lround(options.smoothing * kSliderScale)));
    m_smoothingValue->setText(QLocale().toString(options.smoothing, 'f', 3));
    m_raw->setChecked(options.showRaw);
    m_band->setChecked(options.showBand);
    m_logX->setChecked(options.logX);
    m_logY->setChecked(options.logY);
    m_x->setCurrentIndex(m_x->findData(int(options.x)));
    // A wall-clock axis has no log scale.
    m_logX->setEnabled(options.x != XAxisKind::WallTime);
}

void ChartControls::emitOptions()
{
    auto o = options();
    if (o.x == XAxisKind::WallTime)
        o.logX = false;
    setOptions(o);
    Q_EMIT optionsChanged(o);
}

}  // namespace lathe::gui
