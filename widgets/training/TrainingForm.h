#pragma once
// The settings of a run: model family and size (with presets), tokenizer, optimizer,
// schedule, batch, steps, evaluation interval, seed and threads. Shows the parameter
// count live and flags invalid combinations before Start.
#include <QString>
#include <QList>
#include <QWidget>

class QCheckBox;
class QFormLayout;
class QHBoxLayout;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QMenu;
class QSpinBox;

namespace lathe {
struct RunConfig;
}

namespace lathe::gui {

class FollowRow;

class TrainingForm : public QWidget {
    Q_OBJECT
public:
    explicit TrainingForm(QWidget* parent = nullptr);

    // Classifier families and language models (pretraining on the text) for labelled data,
    // language models alone otherwise.
    // Labelled data offers classifiers (and language models to pretrain); pairs offer the
    // encoder–decoders; anything else the language models.
    void setLabelled(bool labelled, int classCount, bool paired = false);
    // Everything but the dataset path and name.
    RunConfig config() const;
    // Fills every field from `config` (a copied run configuration, say).
    void setConfig(const RunConfig& config);
    // Problems that would stop a run, as text; empty when it can start.
    QString problems() const;
    QString parameterText() const;

    // Trained runs a student can distill from or a run can fine-tune: (id, label). A teacher is
    // of the chosen model's kind; a classifier fine-tunes a classifier or a language model.
    struct TrainedRun {
        qint64 id;
        QString label;
        bool languageModel;
        bool masked = false;  // a masked LM: a base, never a teacher (distillation reads next tokens)
        bool pairs = false;   // an encoder–decoder
    };
    void setTrainedRuns(const QList<TrainedRun>& runs);
    // Word-vectors runs of the store (a label and their vectors file), offered under the word
    // vectors' "…" button beside choosing a file.
    void setVectorRuns(const QList<QPair<QString, QString>>& runs);

    void setThreads(int threads);
    int threads() const;
    void setSteps(int steps);

Q_SIGNALS:
    void changed();
    void threadsChanged(int threads);

private:
    void applyPreset();
    void fillTrainedRuns();
    void update();

    bool m_labelled = true;
    bool m_paired = false;
    QString m_tokenizerBeforePairs;  // restored when the data is no longer pairs
    bool m_filling = false;  // setConfig() in progress
    int m_classes = 2;
    QComboBox* m_family;
    QComboBox* m_preset;
    QSpinBox* m_width;
    QSpinBox* m_layers;
    QSpinBox* m_heads;
    QSpinBox* m_maxLength;
    QSpinBox* m_lowRank;
    QCheckBox* m_shareBlocks;
    QSpinBox* m_embeddingSize;
    QCheckBox* m_tieEmbeddings;
    QSpinBox* m_buckets;
    QSpinBox* m_wordNgrams;
    QSpinBox* m_charMin;
    QSpinBox* m_charMax;
    QFormLayout* m_form = nullptr;
    QHBoxLayout* m_charNgrams = nullptr;
    QHBoxLayout* m_softTargets = nullptr;
    QHBoxLayout* m_wordVectors = nullptr;
    QComboBox* m_teacher;
    QDoubleSpinBox* m_alpha;
    QDoubleSpinBox* m_temperature;
    QComboBox* m_base;
    QSpinBox* m_loraRank;
    QCheckBox* m_fromScratch;  // with a base: its architecture and tokenizer, random weights
    QDoubleSpinBox* m_labelSmoothing;  // encoder–decoders
    QSpinBox* m_beam;
    QList<TrainedRun> m_trainedRuns;
    QComboBox* m_tokenizer;
    QComboBox* m_targetTokenizer;  // encoder–decoders: shared, or the target side's own kind
    QLineEdit* m_embeddings;
    QMenu* m_vectorRuns = nullptr;  // the "…" button's menu: each vectors run, then a file
    QComboBox* m_optimizer;
    QDoubleSpinBox* m_learningRate;
    QDoubleSpinBox* m_weightDecay;
    QComboBox* m_schedule;
    QSpinBox* m_warmup;
    QDoubleSpinBox* m_layerLrDecay;
    QSpinBox* m_unfreezeEvery;
    QSpinBox* m_trainLimit;
    FollowRow* m_follow;
    QSpinBox* m_batch;
    QSpinBox* m_steps;
    QSpinBox* m_evalEvery;
    QSpinBox* m_seed;
    QSpinBox* m_threads;
    QComboBox* m_precision;
    QLabel* m_parameters;
    QLabel* m_problems;
};

}  // namespace lathe::gui
