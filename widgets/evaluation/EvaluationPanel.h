#pragma once
// One run's classification results: confusion-matrix heatmap, per-class precision,
// recall and F1, and overall metrics — for its validation split, or for another dataset
// file evaluated here with the run's checkpoint (off the GUI thread). For a word-vectors run, or
// any vectors file, their scores on word pairs and analogies and their neighbours instead.
#include "common/BackgroundTask.h"

#include <QString>
#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTableWidget;

namespace lathe {
class RunStore;
}

namespace lathe::gui {

class ConfusionMatrixView;
class VectorsEvalView;

class EvaluationPanel : public QWidget {
    Q_OBJECT
public:
    explicit EvaluationPanel(QWidget* parent = nullptr);

    void setStore(RunStore* store) { m_store = store; }
    // Shows the run's latest validation evaluation.
    void setRun(qint64 runId);
    qint64 runId() const { return m_runId; }
    // Evaluates the run's checkpoint on `path`, records it in the store and shows it.
    void evaluateFile(const QString& path);
    // Scores word vectors from a file (imported ones: GloVe, word2vec, fastText .vec, .bin).
    void showVectorsFile(const QString& path);
    bool isEvaluating() const { return m_busy; }

    QString overallText() const;
    QString message() const;
    ConfusionMatrixView* matrix() const { return m_matrix; }
    QTableWidget* perClassTable() const { return m_perClass; }
    // Shown for a word-vectors run or a vectors file.
    VectorsEvalView* vectorsView() const { return m_vectors; }
    bool showsVectors() const;

Q_SIGNALS:
    void evaluated();
    // The user clicked a confusion-matrix cell of the run's validation split.
    void examplesRequested(qint64 runId, int truth, int predicted);

private:
    struct Result {
        QString reportJson;
        QString dataset;
        qint64 examples = 0;
        double loss = 0;
        double perplexity = 0;
        QString precision;  // the matmul precision it ran in (the run's)
        double tokensPerSecond = 0;
        QString error;
    };
    void showReport(const QString& reportJson, const QString& source);
    void chooseFile();
    void onEvaluated();
    void setMessage(const QString& text, bool error = false);

    RunStore* m_store = nullptr;
    qint64 m_runId = 0;
    bool m_busy = false;
    bool m_showingValidation = false;
    QLabel* m_title;
    QLabel* m_overall;
    ConfusionMatrixView* m_matrix;
    QTableWidget* m_perClass;
    QPushButton* m_evaluate;
    QPushButton* m_openVectors;
    QStackedWidget* m_pages;  // a classifier's report, or word vectors' scores
    VectorsEvalView* m_vectors;
    QLabel* m_message;
    BackgroundTask<Result> m_watcher;
};

}  // namespace lathe::gui
