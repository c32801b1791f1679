// lathe: the workbench. Opens the given dataset, else the bundled sample.
#include "main/Language.h"
#include "kernels/Gemm.h"
#include "kernels/Threads.h"
#include "main/MainWindow.h"
#include "main/QuitOnSignal.h"
#include "store/RunStore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QSettings>

namespace {

// The bundled sample: installed next to the binary's share/ directory, else the source tree.
QString sampleDataset()
{
    const QStringList candidates{
        QCoreApplication::applicationDirPath() + QStringLiteral("/../share/lathe/sample/topics.csv"),
        QStringLiteral(LATHE_SOURCE_SAMPLE_DIR "/topics.csv"),
    };
    for (const auto& c : candidates)
        if (QFileInfo::exists(c))
            return QDir::cleanPath(c);
    return {};
}

}  // namespace

int main(int argc, char** argv)
{
    // Before any matrix product: OpenBLAS's kernels for this CPU (kernels/Threads.h).
    lathe::kernels::useFittingBlasKernels();
    lathe::kernels::capGemmIsa();
    // Before any thread starts (Qt's platform threads come with QApplication): every thread
    // inherits SIGTERM/SIGINT/SIGHUP blocked, and only QuitOnSignal's waiter takes them.
    lathe::gui::QuitOnSignal::blockSignalsInThisThread();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("lathe"));
    QApplication::setOrganizationName(QStringLiteral("Lathe"));
    QApplication::setApplicationVersion(QStringLiteral(LATHE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Lathe workbench"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption db(QStringLiteral("db"), QStringLiteral("Experiment database (default: $LATHE_DB, else the one used last time, else ~/.local/share/lathe/experiments.db)"),
                          QStringLiteral("path"));
    QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("Interface language, e.g. en or zh_CN (default: the one chosen in View > Language, else the system's)"),
                            QStringLiteral("locale"));
    parser.addOption(db);
    parser.addOption(lang);
    parser.addPositionalArgument(QStringLiteral("dataset"), QStringLiteral("CSV/TSV/JSONL file, folder-per-class tree or text corpus"));
    parser.process(app);

    const QString language = parser.isSet(lang) ? parser.value(lang) : lathe::gui::savedLanguage();
    lathe::gui::installTranslation(app, language.isEmpty() ? QLocale() : QLocale(language));

    // --db, else $LATHE_DB, else the database used last time, else the default location.
    QSettings settings;
    const QString defaultDb = QString::fromStdString(lathe::RunStore::defaultPath());
    const QString dbPath = parser.isSet(db)                           ? parser.value(db)
                           : qEnvironmentVariableIsSet("LATHE_DB") ? defaultDb
                                                                   : settings.value(QStringLiteral("store/path"), defaultDb).toString();
    // SIGTERM/SIGINT/SIGHUP end the event loop (one sent during start-up, once it runs):
    // `window` then stops a training cleanly.
    lathe::gui::QuitOnSignal quitOnSignal;
    lathe::gui::MainWindow window(dbPath);
    window.show();
    // The dataset given, else the one open last time, else the bundled sample.
    QString dataset = parser.positionalArguments().value(0);
    if (dataset.isEmpty())
        dataset = settings.value(QStringLiteral("data/last")).toString();
    if (dataset.isEmpty() || !QFileInfo::exists(dataset))
        dataset = sampleDataset();
    if (!dataset.isEmpty())
        window.openDataset(dataset);
    return app.exec();
}
