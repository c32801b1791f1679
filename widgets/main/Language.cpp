#include "main/Language.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QSettings>
#include <QTranslator>

namespace lathe::gui {

bool installTranslation(QCoreApplication& app, const QLocale& locale)
{
    // Qt's own strings (dialog buttons) first, then ours, which are compiled in under :/i18n.
    auto* qt = new QTranslator(&app);
    if (qt->load(locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    auto* ours = new QTranslator(&app);
    if (!ours->load(locale, QStringLiteral("lathe"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        delete ours;
        return false;
    }
    QCoreApplication::installTranslator(ours);
    return true;
}

}  // namespace lathe::gui

namespace lathe::gui {

// QSettings key of the interface language.
constexpr auto kLanguageKey = "ui/language";

QString savedLanguage()
{
    return QSettings().value(QLatin1String(kLanguageKey)).toString();
}

void saveLanguage(const QString& locale)
{
    QSettings().setValue(QLatin1String(kLanguageKey), locale);
}

}  // namespace lathe::gui
