#pragma once
// A text-VAE run's latent space from its latest checkpoint: sentences sampled from the prior, a
// typed sentence reconstructed from its posterior mean, and the path between two typed sentences
// decoded step by step. Decoding runs off the GUI thread.
#include "common/BackgroundTask.h"

#include <QGroupBox>
#include <QString>
#include <QStringList>

class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace lathe {
class RunStore;
}

namespace lathe::gui {

class VaeBox : public QGroupBox {
    Q_OBJECT
public:
    explicit VaeBox(QWidget* parent = nullptr);

    void setStore(RunStore* store) { m_store = store; }
    void setRun(qint64 runId) { m_runId = runId; }
    void setSentences(const QString& first, const QString& second);
    void sample();
    void reconstruct();
    void interpolate();
    QString output() const;
    bool isBusy() const { return m_busy; }

Q_SIGNALS:
    void decoded();

private:
    struct Result {
        QStringList lines;
        QString error;
    };
    enum class Action { Sample, Reconstruct, Interpolate };
    void run(Action action);
    void onDone();

    RunStore* m_store = nullptr;
    qint64 m_runId = 0;
    bool m_busy = false;
    Action m_action = Action::Sample;
    QLineEdit* m_first;
    QLineEdit* m_second;
    QSpinBox* m_count;
    QSpinBox* m_steps;
    QPushButton* m_sample;
    QPushButton* m_reconstruct;
    QPushButton* m_interpolate;
    QPlainTextEdit* m_output;
    BackgroundTask<Result> m_watcher;
};

}  // namespace lathe::gui
