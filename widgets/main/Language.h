#pragma once
// Installs the UI translation for a locale (the system's unless one is chosen).
#include <QLocale>

class QCoreApplication;

namespace lathe::gui {

// Returns true when a translation for `locale` was found and installed; English needs none.
bool installTranslation(QCoreApplication& app, const QLocale& locale = QLocale());

}  // namespace lathe::gui
