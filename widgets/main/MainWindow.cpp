#include "main/MainWindow.h"

#include "data/DataPanel.h"
#include "store/RunStore.h"
#include "training/TrainingPanel.h"

#include <QAction>
#include <QApplication>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSplitter>
#include <QStatusBar>

namespace lathe::gui {

MainWindow::MainWindow(const QString& databasePath, QWidget* parent)
    : QMainWindow(parent), m_data(new DataPanel(this)), m_training(new TrainingPanel(this)),
      m_storeLabel(new QLabel(this)), m_threadsLabel(new QLabel(this))
{
    setWindowTitle(tr("Lathe"));
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_data);
    splitter->addWidget(m_training);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    setCentralWidget(splitter);
    statusBar()->addWidget(m_storeLabel, 1);
    statusBar()->addPermanentWidget(m_threadsLabel);
    buildMenus();
    openStore(databasePath);

    connect(m_data, &DataPanel::datasetChanged, this, [this](const QString& path) {
        m_training->setDataset(path, m_data->dataset()->labelled());
    });
    connect(m_training, &TrainingPanel::threadsChanged, this, &MainWindow::updateStatusBar);
    updateStatusBar();
    resize(1200, 760);
}

MainWindow::~MainWindow() = default;

void MainWindow::openDataset(const QString& path)
{
    m_data->openDataset(path);
}

void MainWindow::openStore(const QString& path)
{
    try {
        m_store = std::make_unique<RunStore>(path.toStdString());
        m_training->setStore(m_store.get());
    } catch (const std::exception& e) {
        // A newer or damaged database is left untouched; the user decides what to do.
        m_storeError = QString::fromStdString(e.what());
        // Not modal: the window stays usable for looking at data.
        auto* box = new QMessageBox(QMessageBox::Warning, tr("Experiment database"),
                                    tr("The experiment database could not be opened, so training is disabled:\n\n%1\n\n"
                                       "Choose another database with --db or the LATHE_DB environment variable.")
                                        .arg(m_storeError),
                                    QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
}

void MainWindow::buildMenus()
{
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* open = file->addAction(tr("&Open Dataset…"));
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, m_data, &DataPanel::chooseDataset);
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

    auto* help = menuBar()->addMenu(tr("&Help"));
    connect(help->addAction(tr("&About Lathe")), &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Lathe"),
                           tr("Lathe %1 — a workbench for training small language models and taking them apart.")
                               .arg(QStringLiteral(LATHE_VERSION)));
    });
}

void MainWindow::updateStatusBar()
{
    m_storeLabel->setText(m_store ? tr("Experiments: %1").arg(QString::fromStdString(m_store->path()))
                                  : tr("No experiment database: %1").arg(m_storeError));
    m_threadsLabel->setText(tr("Threads: %1").arg(m_training->threads()));
}

}  // namespace lathe::gui
