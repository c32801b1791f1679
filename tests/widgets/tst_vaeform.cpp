// The text-VAE form: the core's defaults, the settings each annealing uses, and a configuration
// that goes in and comes out unchanged.
#include "WidgetTestSupport.h"
#include "training/VaeForm.h"
#include "vae/VaeRun.h"

#include <QComboBox>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

using namespace lathe;
using namespace lathe::gui;

class TestVaeForm : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { test::isolateSettings(); }
    void startsWithTheCoresDefaults()
    {
        VaeForm form;
        QCOMPARE(form.config().toJson(), VaeConfig{}.toJson());
        QVERIFY(form.problems().isEmpty());
    }
    void eachAnnealingEnablesItsOwnSetting()
    {
        VaeForm form;
        auto* anneal = form.findChild<QComboBox*>(QStringLiteral("klAnneal"));
        auto* ramp = form.findChild<QSpinBox*>(QStringLiteral("annealSteps"));
        auto* cycles = form.findChild<QSpinBox*>(QStringLiteral("cycles"));
        QVERIFY(ramp->isEnabled() && !cycles->isEnabled());
        anneal->setCurrentIndex(anneal->findData(QStringLiteral("cyclical")));
        QVERIFY(!ramp->isEnabled() && cycles->isEnabled());
        QCOMPARE(form.config().klAnneal, std::string("cyclical"));
        anneal->setCurrentIndex(anneal->findData(QStringLiteral("none")));
        QVERIFY(!ramp->isEnabled() && !cycles->isEnabled());
        form.resize(420, 640);
        test::screenshot(form, QStringLiteral("vae_form"));
    }
    void aConfigurationRoundTrips()
    {
        VaeConfig c;
        c.embedding = 64;
        c.hidden = 96;
        c.latent = 16;
        c.maxLength = 30;
        c.klAnneal = "cyclical";
        c.cycles = 3;
        c.wordDropout = 0.45;
        c.freeBits = 0.125;
        c.steps = 1234;
        c.batchSize = 16;
        c.learningRate = 0.002;
        c.evalEvery = 100;
        c.iwaeSamples = 20;
        c.tokenizer.kind = "char";
        c.threads = 2;
        c.seed = 7;
        VaeForm form;
        QSignalSpy changed(&form, &VaeForm::changed);
        form.setConfig(c);
        QVERIFY(changed.count() > 0);
        QCOMPARE(form.config().toJson(), c.toJson());
    }
};

QTEST_MAIN(TestVaeForm)
#include "tst_vaeform.moc"
