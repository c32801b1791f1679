#include "common/CoreText.h"
#include "main/MainWindow.h"
#include "kernels/Threads.h"

#include "compare/ComparePanel.h"
#include "compress/CompressPanel.h"
#include "data/ArrivalsView.h"
#include "data/DataPanel.h"
#include "attention/AttentionPanel.h"
#include "evaluation/EvaluationPanel.h"
#include "predictions/PredictionsPanel.h"
#include "projector/ProjectorPanel.h"
#include "live/LivePanel.h"
#include "main/Language.h"
#include "runs/RunsPanel.h"
#include "store/RunStore.h"
#include "studies/StudiesPanel.h"
#include "train/Training.h"
#include "training/TrainingPanel.h"
#include "training/TrainingSession.h"

#include <QCloseEvent>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>

namespace lathe::gui {

// How many datasets File ▸ Recent remembers.
constexpr int kMaxRecent = 8;

MainWindow::MainWindow(const QString& databasePath, QWidget* parent)
    : QMainWindow(parent), m_data(new DataPanel(this)), m_training(new TrainingPanel(this)),
      m_live(new LivePanel(m_training->session(), this)), m_runs(new RunsPanel(this)),
      m_compare(new ComparePanel(this)), m_evaluation(new EvaluationPanel(this)),
      m_attention(new AttentionPanel(this)), m_projector(new ProjectorPanel(this)),
      m_predictions(new PredictionsPanel(this)), m_compress(new CompressPanel(this)), m_studies(new StudiesPanel(this)), m_storeLabel(new QLabel(this)),
      m_threadsLabel(new QLabel(this)), m_currentLabel(new QLabel(this))
{
    setWindowTitle(tr("Lathe"));
    setObjectName(QStringLiteral("mainWindow"));
    setAcceptDrops(true);
    setDockNestingEnabled(true);
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks | QMainWindow::AllowNestedDocks);
    // No central widget: every panel is a dock the user can move, tab, float or close.
    setCentralWidget(nullptr);
    addPanel(m_training, tr("Model & Training"), QStringLiteral("trainingDock"), Qt::LeftDockWidgetArea);
    auto* data = addPanel(m_data, tr("Data"), QStringLiteral("dataDock"), Qt::RightDockWidgetArea);
    auto* live = addPanel(m_live, tr("Live"), QStringLiteral("liveDock"), Qt::RightDockWidgetArea);
    auto* runs = addPanel(m_runs, tr("Runs"), QStringLiteral("runsDock"), Qt::RightDockWidgetArea);
    tabifyDockWidget(data, live);
    auto* compare = addPanel(m_compare, tr("Compare"), QStringLiteral("compareDock"), Qt::RightDockWidgetArea);
    tabifyDockWidget(live, runs);
    auto* evaluation = addPanel(m_evaluation, tr("Evaluation"), QStringLiteral("evaluationDock"), Qt::RightDockWidgetArea);
    tabifyDockWidget(runs, compare);
    tabifyDockWidget(compare, evaluation);
    auto* predictions = addPanel(m_predictions, tr("Predictions"), QStringLiteral("predictionsDock"), Qt::RightDockWidgetArea);
    tabifyDockWidget(evaluation, predictions);
    auto* attention = addPanel(m_attention, tr("Attention"), QStringLiteral("attentionDock"), Qt::RightDockWidgetArea);
    tabifyDockWidget(predictions, attention);
    auto* projector = addPanel(m_projector, tr("Projector"), QStringLiteral("projectorDock"), Qt::RightDockWidgetArea);
    tabifyDockWidget(attention, projector);
    auto* compress = addPanel(m_compress, tr("Compress"), QStringLiteral("compressDock"), Qt::RightDockWidgetArea);
    tabifyDockWidget(projector, compress);
    auto* studies = addPanel(m_studies, tr("Studies"), QStringLiteral("studiesDock"), Qt::RightDockWidgetArea);
    tabifyDockWidget(compress, studies);
    data->raise();
    resizeDocks({dock(QStringLiteral("trainingDock"))}, {360}, Qt::Horizontal);
    statusBar()->addWidget(m_storeLabel, 1);
    m_currentLabel->setObjectName(QStringLiteral("currentRunLabel"));
    statusBar()->addPermanentWidget(m_currentLabel);
    statusBar()->addPermanentWidget(m_threadsLabel);
    buildMenus();
    m_defaultState = saveState();
    resize(1280, 800);
    restoreSettings();
    openStore(databasePath);
    wirePanels();
    updateStatusBar();
}

MainWindow::~MainWindow()
{
    // The panels' background work (a training, a sweep, a projection) uses the store: the
    // panels stop it and go first, while m_store still exists. Left to ~QWidget they would go
    // after it, and a training stopped by quitting would write its end to a freed store.
    qDeleteAll(findChildren<QDockWidget*>(QString(), Qt::FindDirectChildrenOnly));
    delete takeCentralWidget();
}

QDockWidget* MainWindow::addPanel(QWidget* panel, const QString& title, const QString& objectName, Qt::DockWidgetArea area)
{
    auto* d = new QDockWidget(title, this);
    d->setObjectName(objectName);
    d->setWidget(panel);
    addDockWidget(area, d);
    return d;
}

QDockWidget* MainWindow::dock(const QString& objectName) const
{
    return findChild<QDockWidget*>(objectName);
}

void MainWindow::showPanel(QWidget* panel)
{
    for (auto* d : findChildren<QDockWidget*>()) {
        if (d->widget() == panel) {
            d->show();
            d->raise();
        }
    }
}

void MainWindow::wirePanels()
{
    m_data->arrivalsView()->setSession(m_training->session());
    connect(m_data, &DataPanel::datasetChanged, this, [this](const QString& path) {
        const auto dataset = m_data->dataset();
        m_training->setDataset(path, dataset->labelled(), int(dataset->classes.size()), m_data->loadedOptions());
        rememberDataset(path);
    });
    connect(m_training, &TrainingPanel::threadsChanged, this, &MainWindow::updateStatusBar);
    connect(m_training, &TrainingPanel::runStarted, this, [this] {
        showPanel(m_live);
        m_runs->refresh();
    });
    connect(m_runs, &RunsPanel::openRunRequested, this, [this](qint64 id) {
        if (m_live->showRun(id))
            showPanel(m_live);
        else
            statusBar()->showMessage(tr("A run is training; the Live panel follows it until it ends."), 5000);
    });
    // One current run for every inspection panel (see setCurrentRun).
    connect(m_runs, &RunsPanel::selectionChanged, this, [this](const QList<qint64>& ids) {
        if (ids.size() == 1)
            setCurrentRun(ids.front());
    });
    connect(m_training, &TrainingPanel::runFinished, this, [this](qint64 id) {
        m_runs->refresh();
        // The panels' setRun re-reads their run lists when the run is new to them. Its checkpoint
        // and evaluation are new even when it was current already (a resumed run): shown again.
        m_currentRun = 0;
        setCurrentRun(id);
    });
    connect(m_attention, &AttentionPanel::runChosen, this, &MainWindow::setCurrentRun);
    connect(m_projector, &ProjectorPanel::runChosen, this, &MainWindow::setCurrentRun);
    connect(m_compress, &CompressPanel::runChosen, this, &MainWindow::setCurrentRun);
    // A study's trials train in the dataset and settings of the Model & Training form.
    m_studies->setFixedSettings([this] { return m_training->config(); });
    connect(m_studies, &StudiesPanel::runChosen, this, &MainWindow::setCurrentRun);
    connect(m_studies, &StudiesPanel::trainAgainRequested, this, [this](const QString& json) {
        if (const auto error = m_training->applyConfigJson(json); error.isEmpty())
            showPanel(m_training);
    });
    connect(m_studies, &StudiesPanel::compareRequested, this, [this](const QList<qint64>& runs) {
        m_compare->setRuns(runs);
        showPanel(m_compare);
    });
    connect(m_studies, &StudiesPanel::studyFinished, this, [this] {
        m_runs->refresh();
        m_training->refreshTrainedRuns();
    });
    connect(m_compare, &ComparePanel::inspectRequested, this, &MainWindow::setCurrentRun);
    connect(m_compress, &CompressPanel::runSaved, this, [this] {
        m_runs->refresh();
        m_training->refreshTrainedRuns();
        m_attention->refreshRuns();
        m_projector->refreshRuns();
    });
    connect(m_evaluation, &EvaluationPanel::examplesRequested, this, [this](qint64 id, int truth, int predicted) {
        m_predictions->setRun(id);
        m_predictions->showCell(truth, predicted);
        showPanel(m_predictions);
    });
    connect(m_predictions, &PredictionsPanel::openInAttention, this, [this](qint64 id, const QString& text) {
        if (m_attention->setRun(id)) {
            m_attention->showText(text);
            showPanel(m_attention);
        } else {
            statusBar()->showMessage(m_attention->message(), 5000);
        }
    });
    connect(m_runs, &RunsPanel::compareRequested, this, [this](const QList<qint64>& ids) {
        m_compare->setRuns(ids);
        showPanel(m_compare);
    });
    connect(m_runs, &RunsPanel::resumeRequested, this, [this](qint64 id) {
        if (!m_training->resumeRun(id))
            statusBar()->showMessage(tr("Another run is training; stop it before resuming run %1.").arg(id), 5000);
    });
}

void MainWindow::setCurrentRun(qint64 id)
{
    if (!m_store || id <= 0 || id == m_currentRun)
        return;
    const auto run = m_store->run(id);
    if (!run)
        return;
    m_currentRun = id;
    // Each panel shows the run, or says in its own message why it cannot (not a Transformer,
    // no checkpoint yet).
    m_evaluation->setRun(id);
    m_predictions->setRun(id);
    m_attention->setRun(id);
    m_projector->showRun(id);
    m_compress->setRun(id);
    if (m_runs->selectedRuns() != QList<qint64>{id})
        m_runs->selectRuns({id});
    m_currentLabel->setText(tr("Current run: #%1 %2").arg(id).arg(QString::fromStdString(run->name)));
    Q_EMIT currentRunChanged(id);
}

void MainWindow::openDataset(const QString& path)
{
    m_data->openDataset(path);
}

void MainWindow::openStore(const QString& path)
{
    try {
        m_store = std::make_unique<RunStore>(path.toStdString());
        m_training->setStore(m_store.get());
        m_live->setStore(m_store.get());
        m_runs->setStore(m_store.get());
        m_compare->setStore(m_store.get());
        m_evaluation->setStore(m_store.get());
        m_attention->setStore(m_store.get());
        m_projector->setStore(m_store.get());
        m_predictions->setStore(m_store.get());
        m_compress->setStore(m_store.get());
        m_studies->setStore(m_store.get());
    } catch (const std::exception& e) {
        // A newer or damaged database is left untouched; the user decides what to do.
        m_storeError = coreErrorText(e);
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

QStringList MainWindow::recentDatasets() const
{
    return QSettings().value(QStringLiteral("data/recent")).toStringList();
}

void MainWindow::rememberDataset(const QString& path)
{
    QStringList recent = recentDatasets();
    const QString absolute = QFileInfo(path).absoluteFilePath();
    recent.removeAll(absolute);
    recent.prepend(absolute);
    while (recent.size() > kMaxRecent)
        recent.removeLast();
    QSettings settings;
    settings.setValue(QStringLiteral("data/recent"), recent);
    settings.setValue(QStringLiteral("data/last"), absolute);
    rebuildRecentMenu();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    // 0 is Auto. (The older "training/threads" key stored the core count as a default, not a choice.)
    m_training->setThreads(settings.value(QStringLiteral("training/computeThreads"), 0).toInt());
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("training/computeThreads"), m_training->threads());
    if (m_store)
        settings.setValue(QStringLiteral("store/path"), QString::fromStdString(m_store->path()));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_training->session()->isRunning()) {
        const auto answer = QMessageBox::question(
            this, tr("Training in progress"),
            tr("A run is training. Stop it (its checkpoint is kept, so it can be resumed) and quit?"),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
    }
    saveSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent* event)
{
    const auto urls = event->mimeData()->urls();
    if (!urls.isEmpty() && urls.front().isLocalFile())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent* event)
{
    const auto urls = event->mimeData()->urls();
    if (urls.isEmpty() || !urls.front().isLocalFile())
        return;
    openDataset(urls.front().toLocalFile());
    showPanel(m_data);
    event->acceptProposedAction();
}

void MainWindow::updateStatusBar()
{
    if (m_currentRun == 0)
        m_currentLabel->setText(tr("No current run"));
    m_storeLabel->setText(m_store ? tr("Experiments: %1").arg(QString::fromStdString(m_store->path()))
                                  : tr("No experiment database: %1").arg(m_storeError));
    const int threads = m_training->threads();
    m_threadsLabel->setText(threads > 0 ? tr("Threads: %1").arg(threads)
                                        : tr("Threads: auto (up to %1)").arg(kernels::availableCores()));
    // The inspection panels (attention, projector, predictions) compute with the same count.
    setComputeThreads(m_training->threads());
    m_compress->setThreads(m_training->threads());
}

}  // namespace lathe::gui
