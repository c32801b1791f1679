#pragma once
// Word vectors scored in the workbench, as `lathe-cli vectors eval` scores them: a run's vectors
// or any vectors file, against word pairs with human scores (WordSim-353 layout: Spearman's ρ,
// Pearson, pairs covered) and analogy questions (questions-words.txt layout: 3CosAdd, accuracy
// per section), and the nearest neighbours of a typed word. Loading and scoring run off the GUI
// thread; the last files chosen are remembered.
#include "common/BackgroundTask.h"

#include <QString>
#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace lathe {
class RunStore;
struct EmbeddingTable;
struct WordVectors;
}  // namespace lathe

namespace lathe::gui {

class VectorsEvalView : public QWidget {
    Q_OBJECT
public:
    explicit VectorsEvalView(QWidget* parent = nullptr);
    ~VectorsEvalView() override;

    // The vectors of a word-vectors run, or of a file (text; binary when it ends in .bin). Loads
    // them in the background, then scores them on the files chosen.
    void setRun(RunStore* store, qint64 runId);
    void setVectorsFile(const QString& path);
    void setSimilarityFile(const QString& path);
    void setAnalogiesFile(const QString& path);
    // Scores the loaded vectors on the chosen files (loading them first when needed).
    void evaluate();
    // The typed word's nearest words by cosine (once the vectors are loaded).
    void showNeighbours(const QString& word);
    bool isBusy() const;

    QString similarityText() const;
    QTableWidget* analogyTable() const { return m_analogies; }
    QTableWidget* neighbourTable() const { return m_neighbours; }
    QString message() const;

Q_SIGNALS:
    // A load or an evaluation finished (its result, or its error, is shown).
    void evaluated();

private:
    struct Result;
    void start(bool score);
    void onFinished();
    void chooseFile(QLineEdit* edit, const QString& title, const char* settingsKey);
    void setMessage(const QString& text, bool error = false);
    QString loadedText() const;

    QString m_vectorsPath;
    std::shared_ptr<const WordVectors> m_vectors;
    std::shared_ptr<const EmbeddingTable> m_table;
    QLineEdit* m_similarityFile;
    QLineEdit* m_analogiesFile;
    QSpinBox* m_restrict;
    QPushButton* m_evaluate;
    QLabel* m_similarity;
    QTableWidget* m_analogies;
    QLineEdit* m_word;
    QTableWidget* m_neighbours;
    QLabel* m_message;
    std::unique_ptr<BackgroundTask<Result>> m_task;
};

}  // namespace lathe::gui
