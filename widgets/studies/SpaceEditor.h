#pragma once
// Picking what a study searches: one row per training setting of the Model & Training form,
// ticked to search it, with its range (from, to, log scale) or its choices. The rows make the
// search space's JSON (lathe-cli study run --space reads the same); settings of one model
// family only (heads, feed-forward, LSTM hidden size) are conditional on the family.
#include <QString>
#include <QWidget>

class QTableWidget;

namespace lathe::gui {

class SpaceEditor : public QWidget {
    Q_OBJECT
public:
    explicit SpaceEditor(QWidget* parent = nullptr);

    // The ticked rows as a search space, e.g. {"lr": {"type": "float", "low": 0.0001, ...}};
    // an empty string and `error` set when a row is not a range or a list of choices.
    QString spaceJson(QString* error = nullptr) const;
    // Ticks (or unticks) the row of setting `name` ("lr", "width", …); false when there is none.
    bool setSearched(const QString& name, bool searched);
    void setRange(const QString& name, const QString& from, const QString& to);
    QTableWidget* table() const { return m_table; }

Q_SIGNALS:
    void changed();

private:
    QTableWidget* m_table;
};

}  // namespace lathe::gui
