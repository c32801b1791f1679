#pragma once
// Decode any source with an encoder–decoder run's latest checkpoint: during training (the
// checkpoint written at the last evaluation) and after. One source per line; decoding runs off
// the GUI thread.
#include "common/BackgroundTask.h"

#include <QGroupBox>
#include <QString>
#include <QStringList>

class QDoubleSpinBox;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace lathe {
class RunStore;
}

namespace lathe::gui {

class TranslateBox : public QGroupBox {
    Q_OBJECT
public:
    explicit TranslateBox(QWidget* parent = nullptr);

    void setStore(RunStore* store) { m_store = store; }
    // Another run clears the outputs shown (and drops a decode still under way for the last one).
    void setRun(qint64 runId);
    void setSources(const QString& lines);
    void setBeamSize(int beam);
    void translate();
    QString output() const;
    bool isTranslating() const { return m_busy; }

Q_SIGNALS:
    // One output per source line, in order (empty for a blank line).
    void translated(const QStringList& outputs);

private:
    struct Result {
        QStringList outputs;
        QList<bool> blank;  // the source line was blank
        QString error;
    };
    void onDone();

    RunStore* m_store = nullptr;
    qint64 m_runId = 0;
    qint64 m_decodingRun = 0;  // the run the decode under way reads
    quint64 m_seed = 1;
    bool m_busy = false;  // until the result is shown, not merely computed
    QPlainTextEdit* m_sources;
    QSpinBox* m_beam;
    QDoubleSpinBox* m_lengthPenalty;  // α of log p / length^α, ranking beams
    QDoubleSpinBox* m_temperature;  // 0: search (greedy or beam); above: sample
    QSpinBox* m_topK;
    QPushButton* m_button;
    QPlainTextEdit* m_output;
    BackgroundTask<Result> m_watcher;
};

}  // namespace lathe::gui
