#include "runs/RunText.h"

#include <QComboBox>
#include <QCoreApplication>

namespace lathe::gui {


bool followsItsData(const RunRecord& run)
{
    return QString::fromStdString(run.tags).split(QLatin1Char(',')).contains(QLatin1String("follow"));
}

QString runStatusName(RunStatus status)
{
    switch (status) {
    case RunStatus::Running: return QCoreApplication::translate("lathe::gui::RunText", "running");
    case RunStatus::Completed: return QCoreApplication::translate("lathe::gui::RunText", "completed");
    case RunStatus::Stopped: return QCoreApplication::translate("lathe::gui::RunText", "stopped");
    case RunStatus::Failed: return QCoreApplication::translate("lathe::gui::RunText", "failed");
    case RunStatus::Diverged: return QCoreApplication::translate("lathe::gui::RunText", "diverged");
    case RunStatus::Crashed: return QCoreApplication::translate("lathe::gui::RunText", "crashed");
    }
    return {};
}

QString modelFamilyName(const QString& family)
{
    if (family == QLatin1String("transformer"))
        return QCoreApplication::translate("lathe::gui::RunText", "Transformer classifier");
    if (family == QLatin1String("bilstm"))
        return QCoreApplication::translate("lathe::gui::RunText", "BiLSTM classifier");
    if (family == QLatin1String("gpt"))
        return QCoreApplication::translate("lathe::gui::RunText", "GPT language model");
    if (family == QLatin1String("lstm"))
        return QCoreApplication::translate("lathe::gui::RunText", "LSTM language model");
    if (family == QLatin1String("mlm"))
        return QCoreApplication::translate("lathe::gui::RunText", "Masked language model (BERT-style)");
    if (family == QLatin1String("fasttext"))
        return QCoreApplication::translate("lathe::gui::RunText", "fastText (bag of n-grams)");
    if (family == QLatin1String("seq2seq"))
        return QCoreApplication::translate("lathe::gui::RunText", "Transformer encoder–decoder");
    if (family == QLatin1String("lstm-seq2seq"))
        return QCoreApplication::translate("lathe::gui::RunText", "LSTM encoder–decoder (attention)");
    if (family == QLatin1String("skipgram"))
        return QCoreApplication::translate("lathe::gui::RunText", "Word vectors (skip-gram)");
    if (family == QLatin1String("cbow"))
        return QCoreApplication::translate("lathe::gui::RunText", "Word vectors (CBOW)");
    if (family == QLatin1String("vae"))
        return QCoreApplication::translate("lathe::gui::RunText", "Text VAE (LSTM)");
    if (family == QLatin1String("glove"))
        return QCoreApplication::translate("lathe::gui::RunText", "Word vectors (GloVe)");
    return family;
}

void addTokenizerKinds(QComboBox& box)
{
    box.addItem(QCoreApplication::translate("lathe::gui::RunText", "Words"), QStringLiteral("word"));
    box.addItem(QCoreApplication::translate("lathe::gui::RunText", "Characters"), QStringLiteral("char"));
    box.addItem(QCoreApplication::translate("lathe::gui::RunText", "Subwords (BPE)"), QStringLiteral("bpe"));
    box.addItem(QCoreApplication::translate("lathe::gui::RunText", "Subwords (unigram)"), QStringLiteral("unigram"));
}

}  // namespace lathe::gui
