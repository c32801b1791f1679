#pragma once
// Installs the UI translation for a locale (the system's unless one is chosen).
#include <QLocale>
#include <QString>

class QCoreApplication;

namespace lathe::gui {

// Returns true when a translation for `locale` was found and installed; English needs none.
bool installTranslation(QCoreApplication& app, const QLocale& locale = QLocale());

}  // namespace lathe::gui

namespace lathe::gui {

// The language chosen in the workbench's settings: "" follows the system, else a locale
// name such as "en" or "zh_CN". Applies from the next start.
QString savedLanguage();
void saveLanguage(const QString& locale);

}  // namespace lathe::gui
