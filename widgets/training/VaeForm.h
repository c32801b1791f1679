#pragma once
// The settings of a text-VAE run: sizes (embedding, LSTM state, latent), sentence length, KL
// annealing (linear, cyclical, none) and its length, word dropout, free bits, steps, batch, rate,
// evaluation interval, importance samples, tokenizer, threads and seed.
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace lathe {
struct VaeConfig;
}

namespace lathe::gui {

class VaeForm : public QWidget {
    Q_OBJECT
public:
    explicit VaeForm(QWidget* parent = nullptr);

    VaeConfig config() const;
    void setConfig(const VaeConfig& config);
    // Problems that would stop a run, as text; empty when it can start.
    QString problems() const;
    void setThreads(int threads);

Q_SIGNALS:
    void changed();

private:
    void update();

    QSpinBox* m_embedding;
    QSpinBox* m_hidden;
    QSpinBox* m_latent;
    QSpinBox* m_maxLength;
    QComboBox* m_anneal;
    QSpinBox* m_annealSteps;
    QSpinBox* m_cycles;
    QDoubleSpinBox* m_wordDropout;
    QDoubleSpinBox* m_freeBits;
    QSpinBox* m_steps;
    QSpinBox* m_batch;
    QDoubleSpinBox* m_learningRate;
    QSpinBox* m_evalEvery;
    QSpinBox* m_iwaeSamples;
    QComboBox* m_tokenizer;
    QSpinBox* m_threads;
    QSpinBox* m_seed;
    QLabel* m_problems;
};

}  // namespace lathe::gui
