#pragma once
// One attention map drawn large: query tokens down, key tokens across, a colour scale
// legend, hover readout, and tokens to click (Ctrl adds) that highlight their row and column
// and sum the selected rows' attention in a strip below. The cells are one QImage scaled
// into place, so 512 x 512 paints as fast as 8 x 8.
#include "attention/ColourScale.h"
#include "inspect/Attention.h"

#include <QImage>
#include <QList>
#include <QStringList>
#include <QWidget>

namespace lathe::gui {

class AttentionHeatmap : public QWidget {
    Q_OBJECT
public:
    explicit AttentionHeatmap(QWidget* parent = nullptr);

    // `causal`: cells above the diagonal are masked, drawn hatched rather than as zeros.
    // `keyTokens`: the keys of a cross-attention map (its columns); empty: `tokens` both ways.
    void setMap(const SquareMap& map, const QStringList& tokens, bool causal, ColourScale scale, const QString& title,
                const QStringList& keyTokens = {});
    // No map: shows `message` instead.
    void clear(const QString& message);
    bool hasMap() const { return m_map.size > 0; }
    const SquareMap& map() const { return m_map; }
    QString title() const { return m_title; }

    QList<int> selectedTokens() const { return m_selected; }
    void setSelectedTokens(const QList<int>& tokens);
    // Summed attention over keys of the selected query tokens.
    std::vector<float> selectedSum() const;

    // "query → key: weight", as the hover readout shows it.
    QString cellText(int query, int key) const;
    QString hoverText() const { return m_hoverText; }
    // Where cell (query, key) is drawn, for tests that hover and click.
    QPoint cellCentre(int query, int key) const;
    QPoint queryLabelCentre(int query) const;
    double imageBuildMilliseconds() const { return m_buildMs; }
    QSize sizeHint() const override { return {520, 520}; }
    QSize minimumSizeHint() const override { return {200, 200}; }

Q_SIGNALS:
    void selectionChanged(const QList<int>& tokens);
    void hovered(const QString& text);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;

private:
    struct Geometry {
        QRectF cells;
        double cell = 0;
        int labelStride = 1;
        QRectF strip;
        QRectF legend;
    };
    Geometry geometry() const;
    int tokenAt(double coordinate, double origin, double cell, int count) const;
    QString keyToken(int key) const { return m_keyTokens.isEmpty() ? m_tokens.value(key) : m_keyTokens.value(key); }
    void paintLabels(QPainter& p, const Geometry& g);
    void paintLegend(QPainter& p, const Geometry& g);
    void paintStrip(QPainter& p, const Geometry& g);
    float scaleMax() const;

    SquareMap m_map;
    QStringList m_tokens;
    QStringList m_keyTokens;
    bool m_causal = false;
    ColourScale m_scale = ColourScale::Sequential;
    QString m_title;
    QString m_message;
    QImage m_image;
    float m_max = 0;
    QList<int> m_selected;
    QString m_hoverText;
    double m_buildMs = 0;
};

}  // namespace lathe::gui
