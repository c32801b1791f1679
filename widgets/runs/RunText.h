#pragma once
// How runs read in the GUI: translated status names and short descriptions.
#include "store/RunRecord.h"

#include <QString>

class QComboBox;

namespace lathe::gui {

QString runStatusName(RunStatus status);
// "Transformer classifier", "GPT language model", … from a model family name.
QString modelFamilyName(const QString& family);
// Adds the tokenizer kinds (word, char, bpe, unigram) with their names as item data.
void addTokenizerKinds(QComboBox& box);
// Whether a run follows its data (DataConfig::follow): the engine tags it "follow".
bool followsItsData(const RunRecord& run);

}  // namespace lathe::gui
