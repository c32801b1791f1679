// The word-vectors form: each method's defaults, the settings that apply to it, and a
// configuration that goes in and comes out unchanged.
#include "WidgetTestSupport.h"
#include "training/VectorsForm.h"
#include "vectors/Word2Vec.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QSpinBox>
#include <QtTest>

using namespace lathe;
using namespace lathe::gui;

class TestVectorsForm : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::isolateSettings(); }
    void startsWithWord2VecDefaults()
    {
        VectorsForm form;
        const auto c = form.config();
        const auto d = VectorsConfig::defaultsFor("skipgram");
        QCOMPARE(c.method, std::string("skipgram"));
        QCOMPARE(c.dim, d.dim);
        QCOMPARE(c.window, d.window);
        QCOMPARE(c.negative, d.negative);
        QCOMPARE(c.minCount, d.minCount);
        QCOMPARE(c.sample, d.sample);
        QCOMPARE(c.alpha, d.alpha);
        QCOMPARE(c.epochs, d.epochs);
        QVERIFY(form.problems().isEmpty());
    }
    void choosingGloveFillsItsDefaultsAndItsSettings()
    {
        VectorsForm form;
        form.findChild<QSpinBox*>(QStringLiteral("vectorSize"))->setValue(64);
        auto* method = form.findChild<QComboBox*>(QStringLiteral("method"));
        method->setCurrentIndex(method->findData(QStringLiteral("glove")));
        const auto c = form.config();
        QCOMPARE(c.method, std::string("glove"));
        QCOMPARE(c.window, 15);
        QCOMPARE(c.epochs, 15);
        QCOMPARE(c.alpha, 0.05);
        QCOMPARE(c.dim, 64);  // the size stays
        // Noise words and subsampling are word2vec's; x_max is GloVe's.
        QVERIFY(!form.findChild<QSpinBox*>(QStringLiteral("negative"))->isEnabled());
        QVERIFY(!form.findChild<QDoubleSpinBox*>(QStringLiteral("sample"))->isEnabled());
        QVERIFY(form.findChild<QDoubleSpinBox*>(QStringLiteral("xMax"))->isEnabled());
        method->setCurrentIndex(method->findData(QStringLiteral("cbow")));
        QCOMPARE(form.config().window, 5);
        QVERIFY(form.findChild<QSpinBox*>(QStringLiteral("negative"))->isEnabled());
        QVERIFY(!form.findChild<QDoubleSpinBox*>(QStringLiteral("xMax"))->isEnabled());
        form.resize(420, 520);
        test::screenshot(form, QStringLiteral("vectors_form"));
    }
    void aConfigurationRoundTrips()
    {
        auto c = VectorsConfig::defaultsFor("glove");
        c.dim = 48;
        c.window = 7;
        c.minCount = 2;
        c.epochs = 30;
        c.alpha = 0.075;
        c.xMax = 50;
        c.tokens = "whitespace";
        c.threads = 2;
        c.seed = 9;
        VectorsForm form;
        QSignalSpy changed(&form, &VectorsForm::changed);
        form.setConfig(c);
        QVERIFY(changed.count() > 0);
        const auto back = form.config();
        QCOMPARE(back.toJson(), c.toJson());
    }
};

QTEST_MAIN(TestVectorsForm)
#include "tst_vectorsform.moc"
