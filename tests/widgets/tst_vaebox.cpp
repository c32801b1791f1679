// The Live panel's latent-space box for a text-VAE run: samples, a reconstruction and an
// interpolation decoded from the run's checkpoint off the GUI thread, and what it says when it
// cannot.
#include "WidgetTestSupport.h"
#include "live/VaeBox.h"
#include "store/RunStore.h"
#include "vae/VaeRun.h"

#include <QSignalSpy>
#include <QtTest>

using namespace lathe;
using namespace lathe::gui;

class TestVaeBox : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<RunStore> m_store;
    qint64 m_run = 0;

private Q_SLOTS:
    void initTestCase()
    {
        m_store = std::make_unique<RunStore>(m_dir.filePath(QStringLiteral("e.db")).toStdString());
        VaeRunRequest r;
        r.config.embedding = 24;
        r.config.hidden = 32;
        r.config.latent = 4;
        r.config.steps = 40;
        r.config.evalEvery = 40;
        r.config.iwaeSamples = 2;
        r.config.threads = 1;
        r.dataPath = test::sampleDataset().toStdString();
        r.store = m_store.get();
        m_run = trainVaeRun(r).runId;
    }
    void samplesReconstructsAndInterpolates()
    {
        VaeBox box;
        box.setStore(m_store.get());
        box.setRun(m_run);
        QSignalSpy decoded(&box, &VaeBox::decoded);
        box.sample();
        QVERIFY(box.isBusy());
        QVERIFY(decoded.wait(60'000));
        QCOMPARE(box.output().split(QLatin1Char('\n')).size(), 5);  // five samples by default, numbered
        QVERIFY(box.output().startsWith(QStringLiteral("1. ")));
        box.setSentences(QStringLiteral("The vegan cafe grills a spicy curry"),
                         QStringLiteral("The young striker scores in the final match"));
        box.reconstruct();
        QVERIFY(decoded.wait(60'000));
        QCOMPARE(box.output().split(QLatin1Char('\n')).size(), 1);
        box.interpolate();
        QVERIFY(decoded.wait(60'000));
        QCOMPARE(box.output().split(QLatin1Char('\n')).size(), 6);  // six points, both ends included
        box.resize(700, 220);
        test::screenshot(box, QStringLiteral("live_vae_box"));
    }
    void saysWhatIsMissing()
    {
        VaeBox box;
        box.setStore(m_store.get());
        box.setRun(m_run);
        box.setSentences({}, {});
        box.interpolate();
        QVERIFY(!box.isBusy());
        QVERIFY2(box.output().contains(QStringLiteral("two sentences")), qPrintable(box.output()));
        RunRecord other;
        other.kind = "classifier";
        box.setRun(m_store->createRun(other));
        box.sample();
        QVERIFY(!box.isBusy());
        QVERIFY2(box.output().contains(QStringLiteral("not a text VAE")), qPrintable(box.output()));
    }
};

QTEST_MAIN(TestVaeBox)
#include "tst_vaebox.moc"
