// The Attention panel driven through its real widgets on real trained runs.
#include "WidgetTestSupport.h"
#include "attention/AttentionHeatmap.h"
#include "attention/AttentionPanel.h"
#include "attention/HeadGrid.h"
#include "store/RunStore.h"
#include "train/Training.h"

#include <QComboBox>
#include <QtTest>

using namespace lathe;
using namespace lathe::gui;

class TestAttentionPanel : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    std::unique_ptr<RunStore> m_store;
    qint64 m_classifier = 0, m_gpt = 0, m_lstm = 0;

    qint64 trainRun(RunConfig c)
    {
        TrainRequest r;
        r.config = c;
        r.store = m_store.get();
        return train(r).runId;
    }
    static bool settle(AttentionPanel& panel)
    {
        return QTest::qWaitFor([&] { return !panel.isBusy() && panel.result().layers > 0; }, 20000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_store = std::make_unique<RunStore>(m_dir.filePath(QStringLiteral("exp.db")).toStdString());
        auto c = test::quickConfig(30, 10);
        c.model.layers = 2;
        m_classifier = trainRun(c);
        auto g = test::quickConfig(10, 10);
        g.data.path = test::sourcePath("resources/sample/stories.txt");
        g.model.family = "gpt";
        m_gpt = trainRun(g);
        auto l = test::quickConfig(5, 5);
        l.model.family = "bilstm";
        m_lstm = trainRun(l);
    }
    void showsEveryHeadAndOneLarge()
    {
        AttentionPanel panel;
        panel.resize(1200, 760);
        panel.show();
        panel.setStore(m_store.get());
        QVERIFY(panel.setRun(m_classifier));
        QVERIFY(settle(panel));
        QCOMPARE(panel.timeline(), (QList<qint64>{10, 20, 30}));
        // The validation examples are offered and the first one is shown.
        QCOMPARE(panel.exampleCombo()->count(), 239);
        QCOMPARE(panel.result().step, 30);
        QCOMPARE(panel.grid()->layers(), 2);
        QCOMPARE(panel.grid()->heads(), 2);
        QVERIFY(panel.mainMap()->hasMap());
        QCOMPARE(panel.mainMap()->map().values, headMap(panel.result(), 0, 0).values);

        QTest::mouseClick(panel.grid(), Qt::LeftButton, {}, panel.grid()->thumbnailCentre(1, 1));
        QVERIFY2(panel.mainMap()->title().contains(QStringLiteral("layer 2, head 2")), qPrintable(panel.mainMap()->title()));
        QCOMPARE(panel.mainMap()->map().values, headMap(panel.result(), 1, 1).values);
        test::screenshot(panel, QStringLiteral("attention"));
    }
    void viewsAreMeanAndRollout()
    {
        AttentionPanel panel;
        panel.setStore(m_store.get());
        panel.setRun(m_classifier);
        panel.showText(QStringLiteral("the oven was hot so the bread baked fast"));
        QVERIFY(settle(panel));
        panel.selectHead(1, 0);
        panel.setView(AttentionPanel::View::LayerMean);
        QCOMPARE(panel.mainMap()->map().values, layerMean(panel.result(), 1).values);
        panel.setView(AttentionPanel::View::Rollout);
        QCOMPARE(panel.mainMap()->map().values, rollout(panel.result(), 1).values);
        QVERIFY(panel.mainMap()->title().contains(QStringLiteral("rollout")));
    }
    void hoverReadsAndClickSelectsTokens()
    {
        AttentionPanel panel;
        panel.resize(1100, 700);
        panel.show();
        panel.setStore(m_store.get());
        panel.setRun(m_classifier);
        panel.showText(QStringLiteral("rain and wind all day"));
        QVERIFY(settle(panel));
        auto* map = panel.mainMap();
        QTest::mouseMove(map, map->cellCentre(3, 1));
        QTRY_COMPARE(map->hoverText(), map->cellText(3, 1));
        QVERIFY(map->hoverText().startsWith(QStringLiteral("wind (3) → rain (1): 0.")));
        QTest::mouseClick(map, Qt::LeftButton, {}, map->queryLabelCentre(2));
        QCOMPARE(map->selectedTokens(), QList<int>{2});
        QTest::mouseClick(map, Qt::LeftButton, Qt::ControlModifier, map->queryLabelCentre(4));
        QCOMPARE(map->selectedTokens(), (QList<int>{2, 4}));
        const auto sum = map->selectedSum();
        QCOMPARE(sum, summedRows(map->map(), {2, 4}));
        float total = 0;
        for (float v : sum)
            total += v;
        QVERIFY(std::abs(total - 2.0f) < 1e-4f);  // two rows, each a distribution
        test::screenshot(panel, QStringLiteral("attention_selected"));
    }
    void comparesCheckpointsSideBySideAndAsDifference()
    {
        AttentionPanel panel;
        panel.resize(1400, 700);
        panel.show();
        panel.setStore(m_store.get());
        panel.setRun(m_classifier);
        panel.showText(QStringLiteral("the match went to extra time"));
        QVERIFY(settle(panel));
        panel.setCompare(AttentionPanel::Compare::Checkpoint, 0, 10);
        QVERIFY(QTest::qWaitFor([&] { return !panel.isBusy() && panel.comparedResult().step == 10; }, 20000));
        QVERIFY(panel.comparedMap()->isVisible());
        QVERIFY(panel.mainMap()->map().values != panel.comparedMap()->map().values);
        panel.setDifference(true);
        QVERIFY(!panel.comparedMap()->isVisible());
        QCOMPARE(panel.mainMap()->map().values,
                 difference(headMap(panel.result(), 0, 0), headMap(panel.comparedResult(), 0, 0)).values);
        QVERIFY(panel.mainMap()->title().startsWith(QStringLiteral("A − B (steps 30 − 10)")));
        test::screenshot(panel, QStringLiteral("attention_difference"));

        // Another run with another tokenization: no difference map, side by side instead.
        panel.setCompare(AttentionPanel::Compare::Run, m_gpt);
        QVERIFY(QTest::qWaitFor([&] { return !panel.isBusy() && panel.comparedResult().causal; }, 20000));
        QVERIFY(panel.comparedMap()->isVisible());
        QVERIFY(panel.message().contains(QStringLiteral("shown side by side")));
    }
    void exportsThePng()
    {
        AttentionPanel panel;
        panel.resize(900, 600);
        panel.setStore(m_store.get());
        panel.setRun(m_classifier);
        panel.showText(QStringLiteral("a new laptop with a fast chip"));
        QVERIFY(settle(panel));
        const QString path = m_dir.filePath(QStringLiteral("attention.png"));
        QVERIFY(panel.exportImage(path));
        QImage image(path);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 300);
    }
    void decoderShowsTheCausalMask()
    {
        AttentionPanel panel;
        panel.setStore(m_store.get());
        panel.setRun(m_gpt);
        panel.showText(QStringLiteral("the fox ran into the woods"));
        QVERIFY(settle(panel));
        QVERIFY(panel.result().causal);
        QCOMPARE(panel.mainMap()->map().at(1, 4), 0.0f);
        QVERIFY(panel.mainMap()->cellText(1, 4).contains(QStringLiteral("masked")));
        QVERIFY(!panel.mainMap()->cellText(4, 1).contains(QStringLiteral("masked")));
    }
    void anEncoderDecoderShowsCrossAttentionTargetDownSourceAcross()
    {
        auto c = test::quickConfig(30, 30);
        c.data.path = test::sourcePath("resources/sample/numbers.csv");
        c.model.family = "seq2seq";
        c.model.maxLength = 40;
        c.tokenizer.kind = "char";
        const auto run = trainRun(c);
        AttentionPanel panel;
        panel.resize(1200, 760);
        panel.show();
        panel.setStore(m_store.get());
        QVERIFY(panel.setRun(run));
        QVERIFY(settle(panel));
        auto* part = panel.findChild<QComboBox*>(QStringLiteral("attentionPart"));
        QVERIFY(part && part->isVisible());
        // The first validation example, with its reference target.
        QVERIFY(panel.exampleCombo()->currentText().contains(QStringLiteral(" → ")));
        QVERIFY(panel.mainMap()->map().square());  // the encoder first
        panel.setPart(AttentionPart::Cross);
        QVERIFY(QTest::qWaitFor([&] { return !panel.isBusy() && !panel.result().keyTokens.empty(); }, 20000));
        const auto& r = panel.result();
        QVERIFY(!r.decoded);  // a validation example: its reference
        QCOMPARE(panel.mainMap()->map().size, r.length());
        QCOMPARE(panel.mainMap()->map().cols, r.keyLength());
        QVERIFY(r.keyLength() != r.length());
        QVERIFY(panel.mainMap()->cellText(0, 1).contains(QString::fromStdString(r.keyTokens[1])));
        // Rollout does not apply across: the layer mean is shown, and says so.
        panel.setView(AttentionPanel::View::Rollout);
        QVERIFY2(panel.mainMap()->title().contains(QStringLiteral("no rollout")), qPrintable(panel.mainMap()->title()));
        test::screenshot(panel, QStringLiteral("attention_cross"));
        // Against another checkpoint of the same run: the same reference, so a difference map.
        panel.setCompare(AttentionPanel::Compare::Checkpoint, 0, panel.timeline().front());
        QVERIFY(settle(panel));
        panel.setDifference(true);
        QCOMPARE(panel.mainMap()->map().cols, r.keyLength());
    }
    void recurrentRunIsExplained()
    {
        AttentionPanel panel;
        panel.setStore(m_store.get());
        QVERIFY(!panel.setRun(m_lstm));
        QVERIFY(panel.message().contains(QStringLiteral("Transformer, GPT, masked LM or encoder–decoder")));
    }
    void paintsA512By512Map()
    {
        AttentionHeatmap map;
        map.resize(900, 900);
        SquareMap m(512);
        for (int q = 0; q < 512; ++q)
            for (int k = 0; k < 512; ++k)
                m.at(q, k) = static_cast<float>((q * 7 + k * 13) % 512) / 512.0f;
        QStringList tokens;
        for (int i = 0; i < 512; ++i)
            tokens.append(QStringLiteral("token%1").arg(i));
        map.setMap(m, tokens, true, ColourScale::Sequential, QStringLiteral("512"));
        const auto image = map.grab().toImage();
        // The cell colour drawn at (300, 200) is the colour of that weight.
        const auto centre = map.cellCentre(300, 200);
        QCOMPARE(image.pixel(centre), colourFor(ColourScale::Sequential, m.at(300, 200), 511.0f / 512.0f));
        QCOMPARE(map.cellText(300, 200), QStringLiteral("token300 (300) → token200 (200): %1").arg(m.at(300, 200), 0, 'f', 4));
        test::screenshot(map, QStringLiteral("attention_512"));
    }
};

QTEST_MAIN(TestAttentionPanel)
#include "tst_attentionpanel.moc"
