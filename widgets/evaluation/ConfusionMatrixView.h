#pragma once
// A confusion matrix as a heatmap: true class down, predicted class across, each cell's
// colour its row-normalized share (so a rare class reads as clearly as a common one),
// its text the count and that percentage. Painted directly, so hundreds of classes stay fast.
#include <QJsonObject>
#include <QStringList>
#include <QVector>
#include <QWidget>

namespace lathe::gui {

class ConfusionMatrixView : public QWidget {
    Q_OBJECT
public:
    explicit ConfusionMatrixView(QWidget* parent = nullptr);

    // confusion[truth][prediction]
    void setMatrix(const QStringList& classes, const QVector<QVector<qint64>>& confusion);
    // From a stored classification report (its "classes" and "confusion"); empty clears.
    void setReport(const QJsonObject& report);
    QString cellText(int truth, int predicted) const;
    // Share of row `truth` predicted as `predicted`, in [0, 1].
    double rowShare(int truth, int predicted) const;
    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;
    // Where cell (truth, predicted) is drawn, for tests that click it.
    QPoint cellCentre(int truth, int predicted) const;

Q_SIGNALS:
    // A click on a cell: list the examples behind it.
    void cellClicked(int truth, int predicted);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;

private:
    struct Layout {
        int labelWidth = 0, top = 0, left = 0, cell = 0;
    };
    Layout layout() const;

    QStringList m_classes;
    QVector<QVector<qint64>> m_confusion;
};

}  // namespace lathe::gui
