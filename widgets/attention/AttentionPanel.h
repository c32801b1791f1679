#pragma once
// Attention of a Transformer or GPT run on one text (an encoder–decoder's encoder, decoder or
// cross-attention: target tokens down, source tokens across): every layer x head as a grid, one
// view large (a head, the layer's mean, or rollout through the layers), and — over time or
// across runs — the same text at a second checkpoint or in a second run, side by side or
// as a difference map. The model computes the attention (core's ModelInspector), off the
// GUI thread.
#include "common/BackgroundTask.h"
#include "inspect/Attention.h"
#include "inspect/RunExamples.h"

#include <QString>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSlider;

namespace lathe {
class RunStore;
}

namespace lathe::gui {

class AttentionHeatmap;
class HeadGrid;

class AttentionPanel : public QWidget {
    Q_OBJECT
public:
    enum class View { Head, LayerMean, Rollout };
    enum class Compare { None, Checkpoint, Run };

    explicit AttentionPanel(QWidget* parent = nullptr);

    void setStore(RunStore* store);
    // Refills the run list (Transformer and GPT runs with a checkpoint).
    void refreshRuns();
    // Selects run `runId` (its latest checkpoint) and loads its validation examples.
    bool setRun(qint64 runId);
    qint64 runId() const;
    void setStep(qint64 step);  // a checkpoint of the run's timeline
    QList<qint64> timeline() const;
    void showText(const QString& text);
    QString text() const;
    void setView(View view);
    // An encoder–decoder run's attention: encoder self-, decoder self- or cross-attention.
    void setPart(AttentionPart part);
    AttentionPart part() const;
    void selectHead(int layer, int head);
    void setCompare(Compare mode, qint64 otherRun = 0, qint64 otherStep = -1);
    void setDifference(bool on);
    bool exportImage(const QString& path) const;

    bool isBusy() const;
    QString message() const;
    const AttentionResult& result() const { return m_a; }
    const AttentionResult& comparedResult() const { return m_b; }
    AttentionHeatmap* mainMap() const { return m_mapA; }
    AttentionHeatmap* comparedMap() const { return m_mapB; }
    HeadGrid* grid() const { return m_grid; }
    QComboBox* exampleCombo() const { return m_examples; }

Q_SIGNALS:
    void ready();  // a computation finished (shown, or its error shown)
    void runChosen(qint64 runId);  // the user picked a run in the run box

private:
    struct Reply {
        AttentionResult a, b;
        bool compared = false;
        QString error;
    };
    struct ExamplesReply {
        qint64 runId = 0;
        RunExamples examples;
        QString error;
    };
    void fillSteps(QComboBox* combo, qint64 runId, qint64 select);
    QString checkpointPath(QComboBox* runCombo, QComboBox* stepCombo) const;
    void compute();
    void onComputed();
    void onExamples();
    void render();
    void updateCompareControls();
    // Which parts the chosen run offers (none but its own attention unless an encoder–decoder).
    void updatePartControls(const std::string& family);
    void setMessage(const QString& text, bool error = false);

    RunStore* m_store = nullptr;
    QComboBox* m_runs;
    QComboBox* m_steps;
    QSlider* m_timeline;
    QComboBox* m_examples;
    QLineEdit* m_text;
    QComboBox* m_part;  // encoder–decoders only
    QComboBox* m_view;
    QComboBox* m_compare;
    QComboBox* m_otherRuns;
    QComboBox* m_otherSteps;
    QComboBox* m_display;
    QPushButton* m_export;
    HeadGrid* m_grid;
    AttentionHeatmap* m_mapA;
    AttentionHeatmap* m_mapB;
    QWidget* m_maps;
    QLabel* m_readout;
    QLabel* m_message;
    int m_layer = 0;
    int m_head = 0;
    bool m_pending = false;
    AttentionResult m_a, m_b;
    bool m_compared = false;
    BackgroundTask<Reply> m_job;
    BackgroundTask<ExamplesReply> m_examplesJob;
};

}  // namespace lathe::gui
