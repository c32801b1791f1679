// The main window's menus: File (open, recent, quit), Training, View (panels, layout,
// language) and Help.
#include "main/MainWindow.h"

#include "data/DataPanel.h"
#include "main/Language.h"
#include "training/TrainingPanel.h"

#include <QAction>
#include <QActionGroup>
#include <QDockWidget>
#include <QFileInfo>
#include <QKeySequence>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

namespace lathe::gui {

void MainWindow::buildMenus()
{
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* open = file->addAction(tr("&Open Dataset…"));
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, m_data, &DataPanel::chooseDataset);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    rebuildRecentMenu();
    file->addSeparator();
    auto* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    auto* train = menuBar()->addMenu(tr("&Training"));
    auto* start = train->addAction(tr("&Start"));
    start->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    connect(start, &QAction::triggered, m_training, &TrainingPanel::startTraining);
    auto* pause = train->addAction(tr("&Pause / Resume"));
    pause->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_P));
    connect(pause, &QAction::triggered, m_training, &TrainingPanel::togglePause);
    auto* stop = train->addAction(tr("S&top"));
    stop->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Period));
    connect(stop, &QAction::triggered, m_training, &TrainingPanel::stopTraining);

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    for (auto* d : findChildren<QDockWidget*>())
        m_viewMenu->addAction(d->toggleViewAction());
    m_viewMenu->addSeparator();
    connect(m_viewMenu->addAction(tr("Reset &Layout")), &QAction::triggered, this, [this] {
        restoreState(m_defaultState);
        for (auto* d : findChildren<QDockWidget*>())
            d->show();
    });
    buildLanguageMenu(m_viewMenu->addMenu(tr("&Language")));

    auto* help = menuBar()->addMenu(tr("&Help"));
    connect(help->addAction(tr("&About Lathe")), &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Lathe"),
                           tr("Lathe %1 — a workbench for training small language models and taking them apart.")
                               .arg(QStringLiteral(LATHE_VERSION)));
    });
}

void MainWindow::buildLanguageMenu(QMenu* menu)
{
    auto* group = new QActionGroup(menu);
    // Language names are written in their own language, so anyone can find theirs.
    const std::pair<QString, QString> languages[] = {{QString(), tr("System language")},
                                                     {QStringLiteral("en"), QStringLiteral("English")},
                                                     {QStringLiteral("zh_CN"), QStringLiteral("简体中文")}};
    const QString current = savedLanguage();
    for (const auto& [code, name] : languages) {
        auto* action = menu->addAction(name);
        action->setCheckable(true);
        action->setChecked(code == current);
        action->setData(code);
        group->addAction(action);
        connect(action, &QAction::triggered, this, [this, code] {
            saveLanguage(code);
            statusBar()->showMessage(tr("The language changes when Lathe next starts."), 8000);
        });
    }
}

void MainWindow::rebuildRecentMenu()
{
    if (!m_recentMenu)
        return;
    m_recentMenu->clear();
    const auto recent = recentDatasets();
    for (const auto& path : recent) {
        auto* action = m_recentMenu->addAction(QFileInfo(path).fileName());
        action->setToolTip(path);
        action->setStatusTip(path);
        connect(action, &QAction::triggered, this, [this, path] { openDataset(path); });
    }
    m_recentMenu->setEnabled(!recent.isEmpty());
}

}  // namespace lathe::gui
