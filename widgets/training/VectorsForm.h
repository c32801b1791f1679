#pragma once
// The settings of a word-vectors run: word2vec (skip-gram, CBOW) or GloVe, vector size, window,
// noise words, minimum count, subsampling, epochs, rate, GloVe's x_max, how text becomes words,
// threads and seed. Choosing a method fills in that method's defaults.
#include <QWidget>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QSpinBox;

namespace lathe {
struct VectorsConfig;
}

namespace lathe::gui {

class VectorsForm : public QWidget {
    Q_OBJECT
public:
    explicit VectorsForm(QWidget* parent = nullptr);

    VectorsConfig config() const;
    void setConfig(const VectorsConfig& config);
    // Problems that would stop a run, as text; empty when it can start.
    QString problems() const;
    void setThreads(int threads);

Q_SIGNALS:
    void changed();

private:
    void applyMethodDefaults();
    void update();

    QComboBox* m_method;
    QSpinBox* m_dim;
    QSpinBox* m_window;
    QSpinBox* m_negative;
    QSpinBox* m_minCount;
    QDoubleSpinBox* m_sample;
    QSpinBox* m_epochs;
    QDoubleSpinBox* m_alpha;
    QDoubleSpinBox* m_xMax;
    QComboBox* m_tokens;
    QSpinBox* m_threads;
    QSpinBox* m_seed;
    QLabel* m_problems;
};

}  // namespace lathe::gui
