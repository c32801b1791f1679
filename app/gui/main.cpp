// lathe: the workbench. Opens the given dataset, else the bundled sample.
#include "main/Language.h"
#include "main/MainWindow.h"
#include "store/RunStore.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>

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
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("lathe"));
    QApplication::setOrganizationName(QStringLiteral("Lathe"));
    QApplication::setApplicationVersion(QStringLiteral(LATHE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Lathe workbench"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption db(QStringLiteral("db"), QStringLiteral("Experiment database (default: $LATHE_DB, else ~/.local/share/lathe/experiments.db)"),
                          QStringLiteral("path"));
    QCommandLineOption lang(QStringLiteral("lang"), QStringLiteral("Interface language, e.g. en or zh_CN (default: the system's)"),
                            QStringLiteral("locale"));
    parser.addOption(db);
    parser.addOption(lang);
    parser.addPositionalArgument(QStringLiteral("dataset"), QStringLiteral("CSV/TSV/JSONL file, folder-per-class tree or text corpus"));
    parser.process(app);

    lathe::gui::installTranslation(app, parser.isSet(lang) ? QLocale(parser.value(lang)) : QLocale());

    const QString dbPath = parser.isSet(db) ? parser.value(db) : QString::fromStdString(lathe::RunStore::defaultPath());
    lathe::gui::MainWindow window(dbPath);
    window.show();
    const QString dataset = parser.positionalArguments().value(0, sampleDataset());
    if (!dataset.isEmpty())
        window.openDataset(dataset);
    return app.exec();
}
