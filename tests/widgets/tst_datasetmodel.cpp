#include "TestFiles.h"
#include "data/DatasetModel.h"

#include <QtTest>

using namespace lathe;
using lathe::gui::DatasetModel;

class TestDatasetModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void emptyModelHasNoRows()
    {
        DatasetModel m;
        QCOMPARE(m.rowCount(), 0);
        QCOMPARE(m.columnCount(), int(DatasetModel::ColumnCount));
        QVERIFY(!m.data(m.index(0, 0)).isValid());
    }
    void showsLabelsAndTexts()
    {
        QTemporaryDir dir;
        const auto path = test::writeFile(dir, "d.csv", "text,label\n\"two\nlines\",b\n中文 文本,a\n");
        DatasetModel m;
        QSignalSpy reset(&m, &QAbstractItemModel::modelReset);
        m.setDataset(std::make_shared<const TextDataset>(loadDataset(path)));
        QCOMPARE(reset.count(), 1);
        QCOMPARE(m.rowCount(), 2);
        QCOMPARE(m.data(m.index(0, DatasetModel::Index)).toInt(), 1);
        QCOMPARE(m.data(m.index(0, DatasetModel::Label)).toString(), QStringLiteral("b"));
        // Multi-line texts stay on one row; the tooltip keeps the original.
        QCOMPARE(m.data(m.index(0, DatasetModel::Text)).toString(), QStringLiteral("two\u21B5lines"));
        QCOMPARE(m.data(m.index(0, DatasetModel::Text), Qt::ToolTipRole).toString(), QStringLiteral("two\nlines"));
        QCOMPARE(m.data(m.index(1, DatasetModel::Text)).toString(), QStringLiteral("中文 文本"));
        QCOMPARE(m.headerData(DatasetModel::Label, Qt::Horizontal).toString(), QStringLiteral("Label"));
    }
    void elidesLongTexts()
    {
        QTemporaryDir dir;
        const QByteArray longText(1000, 'x');
        const auto path = test::writeFile(dir, "d.csv", "text,label\n" + longText + ",a\nshort,b\n");
        DatasetModel m;
        m.setDataset(std::make_shared<const TextDataset>(loadDataset(path)));
        const auto shown = m.data(m.index(0, DatasetModel::Text)).toString();
        QVERIFY(shown.size() < 400);
        QVERIFY(shown.endsWith(QChar(0x2026)));
    }
};

QTEST_MAIN(TestDatasetModel)
#include "tst_datasetmodel.moc"
