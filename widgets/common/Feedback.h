#pragma once
// One look for the short messages panels show under their controls: plain for news, red
// for problems the user should act on.
#include <QString>

class QLabel;

namespace lathe::gui {

void setFeedback(QLabel& label, const QString& text, bool error = false);
// The style sheet of a label that only ever shows problems.
QString errorStyle();

}  // namespace lathe::gui
