#pragma once
// Every layer x head of one model's attention as small heatmaps; click one to show it large.
#include "attention/ColourScale.h"
#include "inspect/Attention.h"

#include <QImage>
#include <QVector>
#include <QWidget>

namespace lathe::gui {

class HeadGrid : public QWidget {
    Q_OBJECT
public:
    explicit HeadGrid(QWidget* parent = nullptr);

    // maps[layer][head]; `causal` greys the masked triangle.
    void setMaps(const QVector<QVector<SquareMap>>& maps, bool causal, ColourScale scale);
    void setCurrent(int layer, int head);
    int layers() const { return static_cast<int>(m_images.size()); }
    int heads() const { return m_images.isEmpty() ? 0 : static_cast<int>(m_images.front().size()); }
    QPoint thumbnailCentre(int layer, int head) const;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override { return sizeHint(); }

Q_SIGNALS:
    void headChosen(int layer, int head);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    QRect thumbnailRect(int layer, int head) const;

    QVector<QVector<QImage>> m_images;
    int m_layer = 0;
    int m_head = 0;
};

}  // namespace lathe::gui
