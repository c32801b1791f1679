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

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    QStringList m_classes;
    QVector<QVector<qint64>> m_confusion;
};

}  // namespace lathe::gui
