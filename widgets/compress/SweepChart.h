#pragma once
// A small x/y chart for sweep results: named curves (lines with markers, or scatter), an
// optional dashed horizontal reference (the unfactorized model), linear or log x. Sweeps
// have tens of points, so it redraws everything once per event-loop turn after changes; no
// decimation needed.
#include <QChartView>
#include <QColor>
#include <QList>
#include <QPointF>
#include <QString>

#include <cmath>
#include <limits>

namespace lathe::gui {

struct SweepCurve {
    QString name;
    QList<QPointF> points;
    QColor color;
    bool line = true;  // else markers only
    bool dashed = false;
    bool markers = true;  // lines only: dense curves read better without
};

class SweepChart : public QChartView {
    Q_OBJECT
public:
    explicit SweepChart(const QString& title, QWidget* parent = nullptr);

    void setAxisTitles(const QString& x, const QString& y);
    void setLogX(bool logX);
    // y values of accuracy-like metrics stay within [0, 1].
    void setUnitInterval(bool unit);
    void setCurves(const QList<SweepCurve>& curves);
    // A dashed line across the chart at `y`; NaN removes it.
    void setReference(const QString& label, double y);
    void clear();

    const QList<SweepCurve>& curves() const { return m_curves; }
    int pointCount() const;
    double reference() const { return m_reference; }
    bool exportImage(const QString& path);

protected:
    void changeEvent(QEvent* event) override;

private:
    void scheduleRebuild();
    void rebuild();
    void applyTheme();

    QList<SweepCurve> m_curves;
    QString m_xTitle, m_yTitle, m_referenceLabel;
    double m_reference = std::numeric_limits<double>::quiet_NaN();
    bool m_logX = false, m_unit = false;
    bool m_rebuildPending = false;
};

}  // namespace lathe::gui
