#pragma once
// How runs read in the GUI: translated status names and short descriptions.
#include "store/RunRecord.h"

#include <QString>

namespace lathe::gui {

QString runStatusName(RunStatus status);
// "Transformer classifier", "GPT language model", … from a model family name.
QString modelFamilyName(const QString& family);

}  // namespace lathe::gui
