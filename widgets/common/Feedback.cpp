#include "common/Feedback.h"

#include <QLabel>

namespace lathe::gui {

QString errorStyle()
{
    return QStringLiteral("QLabel { color: #b3261e; }");
}

void setFeedback(QLabel& label, const QString& text, bool error)
{
    label.setText(text);
    label.setStyleSheet(error ? errorStyle() : QString());
}

}  // namespace lathe::gui
