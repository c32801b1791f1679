#include "data/DatasetModel.h"

namespace lathe::gui {

// Cells show one line; the full text is in the tooltip.
constexpr int kCellPreviewChars = 300;

DatasetModel::DatasetModel(QObject* parent) : QAbstractTableModel(parent) {}

void DatasetModel::setDataset(std::shared_ptr<const TextDataset> dataset)
{
    beginResetModel();
    m_dataset = std::move(dataset);
    endResetModel();
}

int DatasetModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_dataset ? 0 : static_cast<int>(m_dataset->size());
}

int DatasetModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DatasetModel::data(const QModelIndex& index, int role) const
{
    if (!m_dataset || !index.isValid() || index.row() >= rowCount())
        return {};
    const auto row = static_cast<std::size_t>(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Index:
            return index.row() + 1;
        case Label:
            if (m_dataset->paired())
                return QString::fromStdString(m_dataset->targets[row]);
            return m_dataset->labelled()
                       ? QString::fromStdString(m_dataset->classes[static_cast<std::size_t>(m_dataset->labels[row])])
                       : QString();
        case Text: {
            auto text = QString::fromStdString(m_dataset->texts[row]);
            text.replace(QLatin1Char('\n'), QChar(0x21B5));  // ↵ keeps multi-line texts on one row
            return text.size() > kCellPreviewChars ? text.left(kCellPreviewChars) + QChar(0x2026) : text;
        }
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == Text)
            return QString::fromStdString(m_dataset->texts[row]).left(4000);
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == Index)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    default:
        break;
    }
    return {};
}

QVariant DatasetModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Index:
        return tr("#");
    case Label:
        return m_dataset && m_dataset->paired() ? tr("Target") : tr("Label");
    case Text:
        return m_dataset && m_dataset->paired() ? tr("Source") : tr("Text");
    }
    return {};
}

}  // namespace lathe::gui
