#include "data/Synthetic.h"

#include <QtTest>

using namespace lathe;

class TestSynthetic : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reverseHasTheMirroredTarget()
    {
        const auto ds = makeSynthetic({SyntheticTask::Reverse, 20, 5, 10, 13, 1});
        QCOMPARE(ds.size(), std::size_t(20));
        for (const auto& t : ds.texts) {
            const auto parts = QString::fromStdString(t).split(QStringLiteral(" = "));
            auto in = parts[0].split(QLatin1Char(' '));
            std::reverse(in.begin(), in.end());
            QCOMPARE(in.join(QLatin1Char(' ')), parts[1]);
        }
    }
    void sortAndCopy()
    {
        const auto sorted = makeSynthetic({SyntheticTask::Sort, 5, 6, 4, 13, 2});
        for (const auto& t : sorted.texts) {
            const auto out = QString::fromStdString(t).split(QStringLiteral(" = "))[1].split(QLatin1Char(' '));
            QVERIFY(std::is_sorted(out.begin(), out.end()));
        }
        const auto copy = makeSynthetic({SyntheticTask::Copy, 5, 6, 4, 13, 2});
        for (const auto& t : copy.texts) {
            const auto parts = QString::fromStdString(t).split(QStringLiteral(" = "));
            QCOMPARE(parts[0], parts[1]);
        }
    }
    void bracketLabelsAreRight()
    {
        const auto ds = makeSynthetic({SyntheticTask::Brackets, 200, 10, 10, 13, 3});
        QCOMPARE(ds.classes, (std::vector<std::string>{"balanced", "unbalanced"}));
        int balancedCount = 0;
        for (std::size_t i = 0; i < ds.size(); ++i) {
            int depth = 0;
            bool ok = true;
            for (char c : ds.texts[i]) {
                depth += c == '(' ? 1 : -1;
                ok = ok && depth >= 0;
            }
            ok = ok && depth == 0;
            QCOMPARE(ds.labels[i], ok ? 0 : 1);
            balancedCount += ok;
        }
        QCOMPARE(balancedCount, 100);
    }
    void modularAddition()
    {
        const auto ds = makeSynthetic({SyntheticTask::ModularAddition, 50, 0, 0, 7, 4});
        QCOMPARE(ds.classes.size(), std::size_t(7));
        for (std::size_t i = 0; i < ds.size(); ++i) {
            const auto p = QString::fromStdString(ds.texts[i]).split(QStringLiteral(" + "));
            QCOMPARE(ds.labels[i], (p[0].toInt() + p[1].toInt()) % 7);
        }
    }
};

QTEST_APPLESS_MAIN(TestSynthetic)
#include "tst_synthetic.moc"
