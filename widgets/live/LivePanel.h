#pragma once
// The run's curves as it trains (or a recorded run from the database): loss, accuracy,
// macro-F1, perplexity, learning rate and throughput, with shared display controls, a
// progress bar with ETA, a Generate box for language models and a Translate box for
// encoder–decoders.
#include "charts/ChartTypes.h"

#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QString>
#include <QWidget>

class QGridLayout;
class QLabel;
class QProgressBar;

namespace lathe {
class RunStore;
}

namespace lathe::gui {

class ChartControls;
class GenerateBox;
class TranslateBox;
class VaeBox;
class MetricChart;
class TrainingSession;

class LivePanel : public QWidget {
    Q_OBJECT
public:
    explicit LivePanel(TrainingSession* session, QWidget* parent = nullptr);

    void setStore(RunStore* store);
    // Shows a recorded run's curves from the database. Refused (false) while a run
    // trains, since the panel then follows that run.
    bool showRun(qint64 runId);
    qint64 runId() const { return m_runId; }

    // Charts by name: loss, accuracy, f1, perplexity, lr, throughput.
    MetricChart* chart(const QString& name) const { return m_charts.value(name); }
    ChartControls* controls() const { return m_controls; }
    GenerateBox* generateBox() const { return m_generate; }
    TranslateBox* translateBox() const { return m_translate; }
    VaeBox* vaeBox() const { return m_vae; }
    QString progressText() const;

private:
    void onStarted(qint64 runId, qint64 totalSteps, qint64 parameters);
    void onMetrics(const QStringList& keys);
    void onProgress(qint64 step, qint64 totalSteps, double tokensPerSecond);
    void onFinished();
    // The charts of a run of this kind (classifier, language-model, seq2seq); the generate box where
    // the model continues text, the translate box for an encoder–decoder.
    // `follows`: the run follows its data (DataConfig::follow): its stream charts show.
    void setRunKind(const std::string& kind, bool generates = true, bool follows = false);
    void clearCharts();
    void showSeries(const QString& key, const MetricSeries& series);
    void applyOptions(const ChartOptions& options);

    TrainingSession* m_session;
    RunStore* m_store = nullptr;
    qint64 m_runId = 0;
    QLabel* m_title;
    QProgressBar* m_progress;
    QLabel* m_progressText;
    ChartControls* m_controls;
    GenerateBox* m_generate;
    TranslateBox* m_translate;
    VaeBox* m_vae;
    QHash<QString, MetricChart*> m_charts;
    QList<MetricChart*> m_order;
    QGridLayout* m_grid;
    double m_epochPerStep = 0;
    bool m_vectors = false;  // a word-vectors run: steps are words, no validation
    QElapsedTimer m_clock;
    QElapsedTimer m_lastProgress;  // when the progress line was last redrawn
    qint64 m_firstStep = -1;
};

}  // namespace lathe::gui
