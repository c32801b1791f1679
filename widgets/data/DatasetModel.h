#pragma once
// A read-only table over a loaded dataset. Rows are produced on demand, so a view over a
// million examples costs only the rows on screen.
#include "data/TextDataset.h"

#include <QAbstractTableModel>

#include <memory>

namespace lathe::gui {

class DatasetModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Index, Label, Text, ColumnCount };

    explicit DatasetModel(QObject* parent = nullptr);

    void setDataset(std::shared_ptr<const TextDataset> dataset);
    const TextDataset* dataset() const { return m_dataset.get(); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    std::shared_ptr<const TextDataset> m_dataset;
};

}  // namespace lathe::gui
