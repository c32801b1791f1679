#pragma once
// A 2-D scatter of up to tens of thousands of points, painted directly: colour by class
// (with a legend) or by a value (frequency, on a colour scale), hover to read a point's
// label, highlighted points drawn large. Wheel zooms, drag pans, double-click resets.
// Hover finds the nearest point through a uniform grid, so 20,000 points stay interactive.
#include <QPointF>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <vector>

namespace lathe::gui {

class ScatterView : public QWidget {
    Q_OBJECT
public:
    explicit ScatterView(QWidget* parent = nullptr);

    // xy: 2 floats per point. `classes` (index into classNames, -1 none) or `values` colour them.
    void setPoints(const std::vector<float>& xy, const QStringList& labels);
    void setClasses(const std::vector<int>& classes, const QStringList& classNames);
    // `logScale`: colours follow log(1 + value), so a few very common tokens do not wash out the rest.
    void setValues(const std::vector<double>& values, const QString& valueName, bool logScale = false);
    // New positions for the same points (t-SNE as it forms); keeps colours and highlights.
    void updatePositions(const std::vector<float>& xy, bool refit);
    void setHighlighted(const QVector<int>& points);
    void clear(const QString& message);

    int pointCount() const { return static_cast<int>(m_xy.size() / 2); }
    QVector<int> highlighted() const { return m_highlighted; }
    // The point drawn nearest to `pos` within a few pixels, or -1.
    int pointAt(const QPointF& pos) const;
    QPointF screenPosition(int point) const;
    QString hoverText() const { return m_hoverText; }
    void resetView();
    QSize sizeHint() const override { return {640, 520}; }

Q_SIGNALS:
    void pointClicked(int point);
    void hovered(const QString& text);

protected:
    void paintEvent(QPaintEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void mouseDoubleClickEvent(QMouseEvent* event) override;

private:
    void fitBounds();
    void rebuildIndex();
    QRectF plotRect() const;
    QColor colourOf(int point) const;

    std::vector<float> m_xy;
    QStringList m_labels;
    std::vector<int> m_classes;
    QStringList m_classNames;
    std::vector<double> m_values;
    double m_valueLo = 0, m_valueHi = 1;
    bool m_logScale = false;
    QString m_valueName;
    QVector<int> m_highlighted;
    QString m_message;
    QString m_hoverText;
    // The data rectangle shown (zoom and pan change it).
    QRectF m_view;
    QPointF m_dragFrom;
    bool m_dragging = false;
    // Uniform grid over the screen: point indices per cell, rebuilt when the view changes.
    int m_gridColumns = 0, m_gridRows = 0;
    std::vector<std::vector<int>> m_grid;
};

}  // namespace lathe::gui
