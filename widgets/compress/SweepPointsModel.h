#pragma once
// The evaluated points of a run's sweeps as a table: what was factorized, its size, and
// its validation metrics (before and after fine-tuning when the sweep fine-tuned).
#include "compress/RankSweep.h"

#include <QAbstractTableModel>

#include <vector>

namespace lathe::gui {

class SweepPointsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Mode, Setting, Parameters, Share, Flops, Loss, Quality, Secondary, Before, SavedRun, ColumnCount };

    explicit SweepPointsModel(QObject* parent = nullptr);

    // The unfactorized model: the share column is relative to its parameters, and the
    // metric columns follow its kind (accuracy and macro-F1, or perplexity).
    void setReference(const SweepPoint& reference);
    void setPoints(std::vector<SweepPoint> points);
    void append(const std::vector<SweepPoint>& points);
    void setSavedRun(std::int64_t pointId, std::int64_t runId);
    const std::vector<SweepPoint>& points() const { return m_points; }
    const SweepPoint& reference() const { return m_reference; }
    bool languageModel() const;
    // The reference is an encoder–decoder's (scored by exact match, error rates, BLEU, chrF).
    bool pairs() const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    std::vector<SweepPoint> m_points;
    SweepPoint m_reference;
};

// "rank 8", "30% budget", "blocks.0.up at rank 4" — how a point was asked for.
QString pointSetting(const SweepPoint& point);
QString modeName(const std::string& mode);

}  // namespace lathe::gui
