#include "studies/SpaceEditor.h"

#include <QCheckBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTableWidget>
#include <QVBoxLayout>

namespace lathe::gui {

namespace {
enum Column { Search, Setting, From, To, Log };

struct Row {
    const char* name;
    const char* type;  // float | int | categorical
    const char* from;  // low, or the choices (comma separated) of a categorical setting
    const char* to;
    bool log;
    bool searched;
    const char* when;  // families the setting belongs to ("" for all)
};

// What a user of the sample most often searches is ticked.
const Row kRows[] = {
    {"lr", "float", "0.0001", "0.01", true, true, ""},
    {"weight-decay", "float", "0.0001", "0.1", true, false, ""},
    {"dropout", "float", "0", "0.3", false, false, ""},
    {"warmup", "int", "0", "200", false, false, ""},
    {"batch-size", "categorical", "16, 32, 64", "", false, false, ""},
    {"optimizer", "categorical", "adamw, sgd", "", false, false, ""},
    {"width", "categorical", "32, 64, 128", "", false, true, ""},
    {"layers", "int", "1", "3", false, true, ""},
    {"heads", "categorical", "2, 4", "", false, false, "transformer,gpt,mlm"},
    {"ffn", "categorical", "128, 256, 512", "", false, false, "transformer,gpt,mlm"},
    {"hidden", "categorical", "64, 128, 256", "", false, false, "bilstm,lstm"},
};

QJsonValue choiceValue(const QString& text)
{
    bool ok = false;
    const double d = text.toDouble(&ok);
    if (!ok)
        return text;
    if (d == double(qint64(d)) && !text.contains(QLatin1Char('.')) && !text.contains(QLatin1Char('e')))
        return qint64(d);
    return d;
}
}  // namespace

SpaceEditor::SpaceEditor(QWidget* parent) : QWidget(parent), m_table(new QTableWidget(this))
{
    m_table->setObjectName(QStringLiteral("spaceTable"));
    m_table->setColumnCount(5);
    m_table->setHorizontalHeaderLabels({tr("Search"), tr("Setting"), tr("From / choices"), tr("To"), tr("Log")});
    m_table->verticalHeader()->hide();
    m_table->setRowCount(int(std::size(kRows)));
    for (int r = 0; r < int(std::size(kRows)); ++r) {
        const auto& row = kRows[r];
        auto* search = new QTableWidgetItem;
        search->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
        search->setCheckState(row.searched ? Qt::Checked : Qt::Unchecked);
        m_table->setItem(r, Search, search);
        auto* setting = new QTableWidgetItem(QString::fromLatin1(row.name));
        setting->setFlags(Qt::ItemIsEnabled);
        if (*row.when)
            setting->setToolTip(tr("Only for %1 models").arg(QString::fromLatin1(row.when)));
        m_table->setItem(r, Setting, setting);
        m_table->setItem(r, From, new QTableWidgetItem(QString::fromLatin1(row.from)));
        auto* to = new QTableWidgetItem(QString::fromLatin1(row.to));
        auto* log = new QTableWidgetItem;
        if (QLatin1String(row.type) == QLatin1String("categorical")) {
            to->setFlags(Qt::NoItemFlags);
            log->setFlags(Qt::NoItemFlags);
        } else {
            log->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
            log->setCheckState(row.log ? Qt::Checked : Qt::Unchecked);
        }
        m_table->setItem(r, To, to);
        m_table->setItem(r, Log, log);
    }
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(From, QHeaderView::Stretch);
    // Six rows in view at least, so the choice of settings does not hide behind a scroll bar.
    m_table->setMinimumHeight(m_table->horizontalHeader()->sizeHint().height() + 6 * m_table->verticalHeader()->defaultSectionSize() + 4);
    connect(m_table, &QTableWidget::itemChanged, this, &SpaceEditor::changed);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_table);
}

QString SpaceEditor::spaceJson(QString* error) const
{
    QJsonObject space;
    for (int r = 0; r < m_table->rowCount(); ++r) {
        if (m_table->item(r, Search)->checkState() != Qt::Checked)
            continue;
        const auto& row = kRows[r];
        const QString name = QString::fromLatin1(row.name);
        const QString from = m_table->item(r, From)->text().trimmed(), to = m_table->item(r, To)->text().trimmed();
        QJsonObject p;
        p[QStringLiteral("type")] = QString::fromLatin1(row.type);
        if (QLatin1String(row.type) == QLatin1String("categorical")) {
            QJsonArray choices;
            for (const auto& c : from.split(QLatin1Char(','), Qt::SkipEmptyParts))
                choices.append(choiceValue(c.trimmed()));
            if (choices.isEmpty()) {
                if (error)
                    *error = tr("%1: give its choices, separated by commas").arg(name);
                return {};
            }
            p[QStringLiteral("choices")] = choices;
        } else {
            bool okLow = false, okHigh = false;
            const double low = from.toDouble(&okLow), high = to.toDouble(&okHigh);
            if (!okLow || !okHigh) {
                if (error)
                    *error = tr("%1: 'from' and 'to' must be numbers").arg(name);
                return {};
            }
            const bool isInt = QLatin1String(row.type) == QLatin1String("int");
            p[QStringLiteral("low")] = isInt ? QJsonValue(qint64(low)) : QJsonValue(low);
            p[QStringLiteral("high")] = isInt ? QJsonValue(qint64(high)) : QJsonValue(high);
            if (m_table->item(r, Log)->checkState() == Qt::Checked)
                p[QStringLiteral("log")] = true;
        }
        if (*row.when) {
            QJsonArray families;
            for (const auto& f : QString::fromLatin1(row.when).split(QLatin1Char(',')))
                families.append(f);
            p[QStringLiteral("when")] = QJsonObject{{QStringLiteral("model"), families}};
        }
        space[name] = p;
    }
    return QString::fromUtf8(QJsonDocument(space).toJson(QJsonDocument::Indented));
}

bool SpaceEditor::setSearched(const QString& name, bool searched)
{
    for (int r = 0; r < m_table->rowCount(); ++r)
        if (m_table->item(r, Setting)->text() == name) {
            m_table->item(r, Search)->setCheckState(searched ? Qt::Checked : Qt::Unchecked);
            return true;
        }
    return false;
}

void SpaceEditor::setRange(const QString& name, const QString& from, const QString& to)
{
    for (int r = 0; r < m_table->rowCount(); ++r)
        if (m_table->item(r, Setting)->text() == name) {
            m_table->item(r, From)->setText(from);
            if (m_table->item(r, To)->flags() != Qt::NoItemFlags)
                m_table->item(r, To)->setText(to);
        }
}

}  // namespace lathe::gui
