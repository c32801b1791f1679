#pragma once
// Sample text from a language-model run's latest checkpoint: during training (the
// checkpoint written at the last evaluation) and after. Sampling runs off the GUI thread.
#include "common/BackgroundTask.h"

#include <QGroupBox>
#include <QString>

class QDoubleSpinBox;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace lathe {
class RunStore;
}

namespace lathe::gui {

class GenerateBox : public QGroupBox {
    Q_OBJECT
public:
    explicit GenerateBox(QWidget* parent = nullptr);

    void setStore(RunStore* store) { m_store = store; }
    void setRun(qint64 runId) { m_runId = runId; }
    void setPrompt(const QString& prompt);
    void generate();
    QString output() const;
    bool isGenerating() const { return m_busy; }

Q_SIGNALS:
    void generated(const QString& text);

private:
    struct Result {
        QString text;
        QString error;
    };
    void onDone();

    RunStore* m_store = nullptr;
    qint64 m_runId = 0;
    bool m_busy = false;  // until the result is shown, not merely computed
    QLineEdit* m_prompt;
    QDoubleSpinBox* m_temperature;
    QSpinBox* m_topK;
    QSpinBox* m_length;
    QPushButton* m_button;
    QPlainTextEdit* m_output;
    BackgroundTask<Result> m_watcher;
};

}  // namespace lathe::gui
