#pragma once
// Embedding projector: a run's token embeddings or sentence representations in 2-D, by
// PCA at once and by t-SNE as it forms (off the GUI thread, with progress and Cancel);
// colour by class or frequency, hover to read, search a token to highlight it and list
// its nearest neighbours by cosine similarity in the original space.
#include "common/BackgroundTask.h"
#include "projector/ProjectionTask.h"

#include <QTimer>
#include <QWidget>

#include <memory>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace lathe {
class RunStore;
}

namespace lathe::gui {

class ScatterView;

class ProjectorPanel : public QWidget {
    Q_OBJECT
public:
    enum class What { Tokens, Sentences, WordVectors };
    enum class Method { Pca, Tsne };

    explicit ProjectorPanel(QWidget* parent = nullptr);

    void setStore(RunStore* store);
    void refreshRuns();
    bool setRun(qint64 runId);
    qint64 runId() const;
    // The workbench's current run, shown at once: a PCA map is computed right away; a t-SNE map
    // (seconds to minutes) waits for Compute; imported word vectors stay on screen.
    void showRun(qint64 runId);
    void setWhat(What what);
    void setMethod(Method method);
    void setTsneOptions(double perplexity, int iterations);
    // Shows pretrained word vectors from a file (GloVe/word2vec text) instead of a run's.
    void importWordVectors(const QString& path);
    void compute();
    void cancel();
    bool isBusy() const;
    // Highlights rows matching `text` and lists the first match's nearest neighbours.
    void search(const QString& text);
    QStringList neighbourRows() const;  // "label  similarity" as listed
    int pointCount() const;
    QString message() const;
    ScatterView* scatter() const { return m_scatter; }
    const ProjectionOutcome& outcome() const { return m_outcome; }

Q_SIGNALS:
    void finished();  // a projection ended: done, cancelled or failed
    void runChosen(qint64 runId);  // the user picked a run in the run box

private:
    void onPrepared();
    void onRefined();
    void drainProgress();
    void showNeighbours(int row);
    void setBusy(bool busy);
    void setMessage(const QString& text, bool error = false);

    RunStore* m_store = nullptr;
    QComboBox* m_runs;
    QComboBox* m_what;
    QComboBox* m_method;
    QDoubleSpinBox* m_perplexity;
    QSpinBox* m_iterations;
    QPushButton* m_import;
    QString m_vectorsPath;
    QPushButton* m_compute;
    QPushButton* m_cancel;
    QProgressBar* m_progressBar;
    ScatterView* m_scatter;
    QLineEdit* m_search;
    QListWidget* m_neighbours;
    QLabel* m_message;
    ProjectionOutcome m_outcome;
    std::shared_ptr<ProjectionProgress> m_progress;
    BackgroundTask<ProjectionOutcome> m_prepareJob;
    BackgroundTask<ProjectionOutcome> m_tsneJob;
    QTimer m_drain;
};

}  // namespace lathe::gui
