#pragma once
// A study's complete trials in parallel coordinates: one vertical axis per parameter (log axes
// for log scales, a categorical's choices spaced along its axis, a 'none' tick under an axis for
// trials that did not have a conditional parameter) and the objective last; each trial a line,
// coloured by its value (yellow best, dark purple worst). Dragging along an axis brushes a range
// of it: trials outside any brush are greyed, so brushing one axis filters what the others show.
// A click on an axis without dragging clears its brush.
#include "store/StudyRecord.h"

#include <QImage>
#include <QStringList>
#include <QVariantMap>
#include <QWidget>

#include <map>
#include <optional>
#include <vector>

namespace lathe::gui {

class ParallelCoordinates : public QWidget {
    Q_OBJECT
public:
    explicit ParallelCoordinates(QWidget* parent = nullptr);

    // `params`: each trial's parameters, parsed (aligned with `trials`).
    void setTrials(const std::vector<TrialRecord>& trials, const std::vector<QVariantMap>& params,
                   const std::string& spaceJson, bool maximize, const QString& metric);
    QStringList axisNames() const;
    // A brush on axis `axis` over [from, to] of its height (0 bottom, 1 top); cleared when from == to.
    void setBrush(int axis, double from, double to);
    void clearBrushes();
    // How many trials every brush lets through (all when there is none).
    int selectedCount() const;
    int trialCount() const { return static_cast<int>(m_lines.size()); }

    QSize sizeHint() const override { return {700, 360}; }

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct Axis {
        QString name;
        bool categorical = false, log = false, hasNone = false;
        double low = 0, high = 1;  // on the axis's scale (log for log)
        QStringList choices;
    };
    struct Line {
        std::vector<double> at;  // per axis, in [0, 1], or -1 for 'none'
        double quality = 0;      // 0 worst … 1 best
    };
    QRectF plotArea() const;
    double axisX(int axis) const;
    double toY(double position) const;  // a position in [0, 1] (or 'none') to pixels
    int axisAt(double x) const;
    bool selected(const Line& line) const;
    // The lines, drawn once into an image and kept until the trials, a brush or the size change:
    // thousands of trials repaint (expose, a tab switch, a brush being dragged) from it.
    void renderLines();
    void invalidate();

    std::vector<Axis> m_axes;
    std::vector<Line> m_lines;
    std::map<int, std::pair<double, double>> m_brushes;  // axis -> [low, high] in [0, 1]
    QImage m_lineLayer;
    bool m_layerValid = false;
    std::optional<int> m_dragAxis;
    double m_dragFrom = 0, m_dragTo = 0;
};

}  // namespace lathe::gui
