#pragma once
// The Training form's "Growing data" rows: follow the data file (or folder) after the first epochs;
// once ticked, the share of each batch replayed from earlier examples and when an idle run ends.
#include <QWidget>

class QCheckBox;
class QFormLayout;
class QDoubleSpinBox;
class QSpinBox;

namespace lathe {
struct DataConfig;
}

namespace lathe::gui {

class FollowRow : public QWidget {
    Q_OBJECT
public:
    explicit FollowRow(QWidget* parent = nullptr);
    // Adds its rows to the form (the checkbox, then replay and idle end, shown while it is ticked).
    void addRows(QFormLayout* form);
    void setRowsVisible(bool visible);
    bool follows() const;
    void setFollows(bool on);
    // Writes follow, replay and followIdle (follow only when `applies`: not for encoder–decoders).
    void apply(DataConfig& data, bool applies) const;
    void fill(const DataConfig& data);

Q_SIGNALS:
    void changed();

private:
    QCheckBox* m_follow;
    QDoubleSpinBox* m_replay;
    QSpinBox* m_idle;
    QFormLayout* m_form = nullptr;
};

}  // namespace lathe::gui
