// Rank sweeps over a trained run, end to end through a real store: every point recorded and
// linked, global allocation at uniform's parameter counts, cancel, fine-tuning, save as run.
#include "QuickConfig.h"
#include "compress/RankSweep.h"
#include "data/DataError.h"
#include "store/RunStore.h"
#include "train/Inference.h"
#include "train/Training.h"

#include <QtTest>

#include <nlohmann/json.hpp>

#include <filesystem>

using namespace lathe;

namespace {
struct Recorder : SweepListener {
    std::vector<LayerSpectrum> spectra;
    std::vector<SweepPoint> points;
    std::atomic<bool>* cancelAfterFirst = nullptr;
    void onSpectra(const std::vector<LayerSpectrum>& s, const SweepPoint&) override { spectra = s; }
    void onPoint(const SweepPoint& p, int, int) override
    {
        points.push_back(p);
        if (cancelAfterFirst)
            cancelAfterFirst->store(true);
    }
};

SweepSettings uniform(std::vector<int> ranks)
{
    SweepSettings s;
    s.mode = SweepMode::Uniform;
    s.ranks = std::move(ranks);
    s.threads = 1;
    return s;
}
}  // namespace

class TestRankSweep : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    std::unique_ptr<RunStore> m_store;
    std::int64_t m_run = 0;

private Q_SLOTS:
    void initTestCase()
    {
        m_store = std::make_unique<RunStore>(m_dir.filePath(QStringLiteral("e.db")).toStdString());
        const auto o = train({lathe::test::quickConfig(60, 30), m_store.get()});
        QCOMPARE(lathe::test::name(o.status), lathe::test::name(RunStatus::Completed));
        m_run = o.runId;
    }
    void uniformSweepRecordsEveryPointLinkedToTheRun()
    {
        Recorder recorder;
        const auto out = runRankSweep(*m_store, m_run, uniform({2, 4, 8, 16}), &recorder);
        QCOMPARE(out.points.size(), std::size_t{4});
        QCOMPARE(recorder.points.size(), std::size_t{4});
        QCOMPARE(recorder.spectra.size(), std::size_t{5});  // qkv, out, up, down, head
        QVERIFY(!out.cancelled);
        // The reference is the unfactorized model: its validation matches the run's own.
        const auto summary = nlohmann::json::parse(m_store->run(m_run)->summaryJson);
        QVERIFY(std::abs(out.reference.val.at("accuracy") - summary.at("val/accuracy").get<double>()) < 1e-9);
        // Fewer parameters at every rank, growing with the rank.
        for (std::size_t i = 0; i < out.points.size(); ++i) {
            QVERIFY(out.points[i].params < out.reference.params);
            if (i > 0)
                QVERIFY(out.points[i].params > out.points[i - 1].params);
            QVERIFY(out.points[i].val.count("macro_f1"));
        }
        const auto sweeps = m_store->sweeps(m_run);
        QVERIFY(!sweeps.empty());
        QCOMPARE(sweeps.front().id, out.sweepId);
        QCOMPARE(sweeps.front().status, std::string("completed"));
        QCOMPARE(spectraFromJson(sweeps.front().spectraJson).size(), std::size_t{5});
        const auto rows = m_store->sweepPoints(out.sweepId);
        QCOMPARE(rows.size(), std::size_t{4});
        const auto stored = SweepPoint::fromJson(rows[1].pointJson);
        QCOMPARE(stored.rank, 4);
        QCOMPARE(stored.params, out.points[1].params);
        QCOMPARE(stored.val.at("accuracy"), out.points[1].val.at("accuracy"));
        QCOMPARE(stored.layers.size(), std::size_t{5});
    }
    void globalSweepMatchesUniformsParameterCounts()
    {
        auto s = uniform({2, 4, 8});
        const auto u = runRankSweep(*m_store, m_run, s);
        s.mode = SweepMode::Global;
        const auto g = runRankSweep(*m_store, m_run, s);
        QCOMPARE(g.points.size(), u.points.size());
        for (std::size_t i = 0; i < g.points.size(); ++i) {
            QVERIFY(g.points[i].weightParams <= u.points[i].weightParams);
            // Within one rank's worth of the biggest layer of uniform's count.
            QVERIFY(g.points[i].weightParams > u.points[i].weightParams - 32 - 128);
            QCOMPARE(g.points[i].mode, std::string("global"));
            QVERIFY(g.points[i].budget > 0);
        }
    }
    void measuredAllocationProbesEveryLayerThenFitsEachBudget()
    {
        auto s = uniform({2, 8});
        const auto u = runRankSweep(*m_store, m_run, s);
        s.mode = SweepMode::Measured;
        s.saveBest = true;
        Recorder recorder;
        const auto m = runRankSweep(*m_store, m_run, s, &recorder);
        // Probes: qkv and up/down at 1, 2, 4, 8, 16; out at 1, 2, 4, 8; the 32x4 head at 1, 2.
        std::size_t probes = 0, allocated = 0;
        for (const auto& p : m.points) {
            if (p.mode == "layer") {
                ++probes;
                QCOMPARE(p.ranks().size(), std::size_t{1});
            } else {
                QCOMPARE(p.mode, std::string("measured"));
                QVERIFY(p.weightParams <= u.points[allocated].weightParams);
                ++allocated;
            }
        }
        QCOMPARE(probes, std::size_t{21});
        QCOMPARE(allocated, std::size_t{2});
        QCOMPARE(m_store->sweepPoints(m.sweepId).size(), std::size_t{23});
        QCOMPARE(recorder.points.size(), std::size_t{23});
        // The run saved is an allocated point, not a probe.
        for (const auto& p : m.points)
            if (p.savedRunId > 0)
                QCOMPARE(p.mode, std::string("measured"));
    }
    void energyThresholdsSweepAndSetTheGlobalBudgets()
    {
        SweepSettings s = uniform({});
        s.energies = {0.5, 0.9};
        const auto e = runRankSweep(*m_store, m_run, s);
        QCOMPARE(e.points.size(), std::size_t{2});
        for (std::size_t i = 0; i < 2; ++i) {
            QCOMPARE(e.points[i].mode, std::string("energy"));
            QCOMPARE(e.points[i].energy, s.energies[i]);
            for (const auto& l : e.points[i].layers)
                if (l.rank > 0)  // kept at least that share: relative error ≤ √(1 − e)
                    QVERIFY(l.relativeError <= std::sqrt(1 - s.energies[i]) + 1e-12);
        }
        QVERIFY(e.points[0].params < e.points[1].params);
        QCOMPARE(SweepPoint::fromJson(m_store->sweepPoints(e.sweepId).front().pointJson).energy, 0.5);
        s.mode = SweepMode::Global;
        const auto g = runRankSweep(*m_store, m_run, s);
        for (std::size_t i = 0; i < 2; ++i)
            QVERIFY(g.points[i].weightParams <= e.points[i].weightParams);
        s.mode = SweepMode::Layer;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runRankSweep(*m_store, m_run, s));
    }
    void layerModeFactorizesOneLayerAtATime()
    {
        SweepSettings s = uniform({2, 8});
        s.mode = SweepMode::Layer;
        const auto out = runRankSweep(*m_store, m_run, s);
        // Rank 8 saves parameters in every layer of this model except the 32x4 head; rank 2 in all five.
        QCOMPARE(out.points.size(), std::size_t{9});
        for (const auto& p : out.points) {
            QCOMPARE(p.ranks().size(), std::size_t{1});
            QCOMPARE(p.ranks().begin()->first, p.layer);
        }
    }
    void cancelStopsBetweenPoints()
    {
        std::atomic<bool> cancel{false};
        Recorder recorder;
        recorder.cancelAfterFirst = &cancel;
        const auto out = runRankSweep(*m_store, m_run, uniform({2, 4, 8, 16}), &recorder, &cancel);
        QVERIFY(out.cancelled);
        QCOMPARE(out.points.size(), std::size_t{1});
        QCOMPARE(m_store->sweep(out.sweepId)->status, std::string("cancelled"));
        QCOMPARE(m_store->sweepPoints(out.sweepId).size(), std::size_t{1});
    }
    void fineTuningRecordsBeforeAndAfter()
    {
        auto s = uniform({2});
        s.finetuneSteps = 15;
        const auto out = runRankSweep(*m_store, m_run, s);
        const auto& p = out.points.at(0);
        QVERIFY(p.valBefore.count("loss"));
        QVERIFY(p.val.at("loss") != p.valBefore.at("loss"));
        // Rank 2 loses accuracy that a few steps on the training split win back (loss falls).
        QVERIFY2(p.val.at("loss") < p.valBefore.at("loss"),
                 qPrintable(QStringLiteral("%1 -> %2").arg(p.valBefore.at("loss")).arg(p.val.at("loss"))));
    }
    void savedPointIsAChildRunWhoseCheckpointEvaluatesTheSame()
    {
        auto s = uniform({4, 8});
        s.saveBest = true;
        const auto out = runRankSweep(*m_store, m_run, s);
        std::int64_t saved = 0;
        const SweepPoint* best = nullptr;
        for (const auto& p : out.points)
            if (p.savedRunId > 0) {
                saved = p.savedRunId;
                best = &p;
            }
        QVERIFY(saved > 0);
        const auto run = m_store->run(saved);
        QVERIFY(run);
        QCOMPARE(run->parentId, m_run);
        QCOMPARE(lathe::test::name(run->status), lathe::test::name(RunStatus::Completed));
        QCOMPARE(run->parameters, best->params);
        // The database links the point to the run it became.
        bool linked = false;
        for (const auto& rec : m_store->sweepPoints(out.sweepId))
            linked = linked || rec.savedRunId == saved;
        QVERIFY(linked);
        // Its checkpoint rebuilds the factorized model and scores what the sweep measured.
        DataConfig data;
        data.path = lathe::test::sourcePath("resources/sample/topics.csv");
        const auto e = evaluateCheckpoint(m_store->checkpointPath(saved), data, 1);
        QVERIFY(e.report);
        RunConfig config;
        config.mergeJson(run->configJson, "run");
        QCOMPARE(config.model.ranks.size(), std::size_t{5});
        // Saving a point later from the database gives an equivalent run.
        const auto first = m_store->sweepPoints(out.sweepId).front().id;
        const auto again = savePointAsRun(*m_store, first);
        QCOMPARE(m_store->run(again)->parentId, m_run);
        QCOMPARE(m_store->run(again)->parameters, out.points.front().params);
        QCOMPARE(m_store->sweepPoint(first)->savedRunId, again);
        // Saving it twice does not make a second run.
        const auto runs = m_store->listRuns().size();
        QCOMPARE(savePointAsRun(*m_store, first), again);
        QCOMPARE(m_store->listRuns().size(), runs);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, savePointAsRun(*m_store, 99999));
    }
    void anEncoderDecoderIsSweptByItsDecodedScores()
    {
        auto c = lathe::test::quickConfig(300, 300);
        c.data.path = lathe::test::sourcePath("resources/sample/numbers.csv");
        c.model.family = "seq2seq";
        c.model.maxLength = 40;
        c.tokenizer.kind = "char";
        const auto trained = train({c, m_store.get()});
        QCOMPARE(lathe::test::name(trained.status), lathe::test::name(RunStatus::Completed));
        auto settings = uniform({2, 16});
        settings.finetuneSteps = 20;
        settings.saveBest = true;
        Recorder recorder;
        const auto out = runRankSweep(*m_store, trained.runId, settings, &recorder);
        // The decoder's blocks are factorized too, and every point is scored by decoding.
        bool decoderLayer = false;
        for (const auto& l : recorder.spectra)
            decoderLayer = decoderLayer || l.name.starts_with("decoder_blocks.");
        QVERIFY(decoderLayer);
        // The reference scores what training recorded for the run.
        QVERIFY(std::abs(out.reference.val.at("exact_match") - trained.validation.at("exact_match")) < 1e-9);
        QCOMPARE(out.points.size(), std::size_t(2));
        for (const auto& p : out.points)
            for (const char* key : {"exact_match", "token_error_rate", "bleu", "chrf", "loss"})
                QVERIFY2(p.val.count(key) && p.valBefore.count(key), key);
        // Rank 2 loses more than rank 16.
        QVERIFY(out.points[0].val.at("token_error_rate") > out.points[1].val.at("token_error_rate"));
        // The best point saved as a run translates like any encoder–decoder run.
        std::int64_t saved = 0;
        for (const auto& p : out.points)
            saved = std::max(saved, p.savedRunId);
        QVERIFY(saved > 0);
        QCOMPARE(m_store->run(saved)->kind, std::string("seq2seq"));
        QCOMPARE(translate(m_store->checkpointPath(saved), {"forty-two", "八"}, {}).size(), std::size_t(2));
    }
    void badSettingsAreRefusedBeforeAnythingIsRecorded()
    {
        const auto before = m_store->sweeps(m_run).size();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runRankSweep(*m_store, m_run, uniform({})));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runRankSweep(*m_store, m_run, uniform({0, 4})));
        auto s = uniform({});
        s.mode = SweepMode::Layer;
        s.budgets = {0.5};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runRankSweep(*m_store, m_run, s));
        s.mode = SweepMode::Global;
        s.budgets = {1.5};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runRankSweep(*m_store, m_run, s));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runRankSweep(*m_store, 9999, uniform({2})));
        QCOMPARE(m_store->sweeps(m_run).size(), before);
    }
    void aMissingCheckpointIsADataError()
    {
        const auto o = train({lathe::test::quickConfig(5, 5), m_store.get()});
        std::filesystem::remove(m_store->checkpointPath(o.runId));
        QVERIFY_THROWS_EXCEPTION(DataError, runRankSweep(*m_store, o.runId, uniform({2})));
    }
};

QTEST_GUILESS_MAIN(TestRankSweep)
#include "tst_ranksweep.moc"
