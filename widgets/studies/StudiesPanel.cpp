#include "studies/StudiesPanel.h"

#include "common/CoreText.h"
#include "store/RunStore.h"
#include "common/BackgroundTask.h"
#include "studies/ParallelCoordinates.h"
#include "studies/SpaceEditor.h"
#include "studies/StudyCharts.h"
#include "studies/StudyTask.h"
#include "studies/TrialsModel.h"
#include "study/Importance.h"
#include "study/StudyResults.h"

#include <QComboBox>
#include <QElapsedTimer>
#include <QCoreApplication>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSpinBox>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QThread>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace lathe::gui {

namespace {
QString metricOf(const StudyRecord& s)
{
    return QString::fromStdString(s.objective.empty() ? s.metric : s.objective);
}

QString studyStatusText(const std::string& status)
{
    if (status == "completed")
        return StudiesPanel::tr("completed");
    if (status == "stopped")
        return StudiesPanel::tr("stopped");
    if (status == "failed")
        return StudiesPanel::tr("failed");
    if (status == "interrupted")
        return StudiesPanel::tr("interrupted");
    return StudiesPanel::tr("running");
}
}  // namespace

StudiesPanel::StudiesPanel(QWidget* parent)
    : QWidget(parent), m_workerProgram(defaultWorkerProgram()), m_task(new StudyTask(this)), m_name(new QLineEdit(this)),
      m_sampler(new QComboBox(this)), m_pruner(new QComboBox(this)), m_metric(new QComboBox(this)),
      m_trials(new QSpinBox(this)), m_workers(new QSpinBox(this)), m_space(new SpaceEditor(this)),
      m_start(new QPushButton(tr("Start Study"), this)), m_stop(new QPushButton(tr("Stop"), this)),
      m_status(new QLabel(this)), m_studyBox(new QComboBox(this)), m_summary(new QLabel(this)),
      m_resume(new QPushButton(tr("Resume"), this)), m_delete(new QPushButton(tr("Delete"), this)), m_trainAgain(new QPushButton(tr("Train Best Again"), this)),
      m_compareTop(new QPushButton(tr("Compare Top 5"), this)), m_views(new QTabWidget(this)), m_history(new HistoryChart(this)), m_intermediate(new IntermediateChart(this)),
      m_parallel(new ParallelCoordinates(this)), m_importance(new ImportanceChart(this)), m_slice(new SliceChart(this)),
      m_sliceParameter(new QComboBox(this)),
      m_importanceTask(new BackgroundTask<std::vector<std::pair<QString, double>>>(this)),
      m_model(new TrialsModel(this)), m_sorted(new QSortFilterProxyModel(this)), m_table(new QTableView(this)),
      m_poll(new QTimer(this)), m_redraw(new QTimer(this))
{
    m_name->setObjectName(QStringLiteral("studyName"));
    m_sampler->addItem(tr("TPE (Bayesian)"), QStringLiteral("tpe"));
    m_sampler->addItem(tr("TPE, multivariate"), QStringLiteral("tpe-multivariate"));
    m_sampler->addItem(tr("Gaussian process"), QStringLiteral("gp"));
    m_sampler->addItem(tr("Random"), QStringLiteral("random"));
    m_sampler->addItem(tr("Sobol (quasi-random)"), QStringLiteral("sobol"));
    m_sampler->addItem(tr("Grid"), QStringLiteral("grid"));
    m_pruner->addItem(tr("Median"), QStringLiteral("median"));
    m_pruner->addItem(tr("Successive halving (ASHA)"), QStringLiteral("asha"));
    m_pruner->addItem(tr("Hyperband"), QStringLiteral("hyperband"));
    m_pruner->addItem(tr("None"), QStringLiteral("none"));
    // Classifiers', language models' and encoder–decoders' metrics; the study refuses one its model does not log.
    for (const char* m : {"val/accuracy", "val/macro_f1", "val/loss", "val/perplexity", "val/exact_match",
                          "val/token_error_rate", "val/bleu", "val/chrf"})
        m_metric->addItem(QString::fromLatin1(m), QString::fromLatin1(m));
    m_trials->setRange(1, 100000);
    m_trials->setValue(20);
    m_workers->setRange(1, std::max(1, QThread::idealThreadCount()));
    m_workers->setValue(1);
    m_workers->setToolTip(tr("Trials trained at once, each in its own process; the cores are shared out between them"));

    auto* setup = new QGroupBox(tr("New study"), this);
    auto* form = new QFormLayout;
    auto* row1 = new QHBoxLayout;
    row1->addWidget(m_name, 1);
    row1->addWidget(new QLabel(tr("Sampler"), this));
    row1->addWidget(m_sampler);
    row1->addWidget(new QLabel(tr("Pruner"), this));
    row1->addWidget(m_pruner);
    form->addRow(tr("Name"), row1);
    auto* row2 = new QHBoxLayout;
    row2->addWidget(m_metric);
    row2->addWidget(new QLabel(tr("Trials"), this));
    row2->addWidget(m_trials);
    row2->addWidget(new QLabel(tr("Workers"), this));
    row2->addWidget(m_workers);
    row2->addStretch(1);
    form->addRow(tr("Objective"), row2);
    auto* hint = new QLabel(tr("Each trial trains with the Model & Training settings and dataset; the ticked settings "
                               "are searched over their ranges."),
                            this);
    hint->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_start);
    buttons->addWidget(m_stop);
    buttons->addWidget(m_status, 1);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("studyStatus"));
    auto* setupLayout = new QVBoxLayout(setup);
    setupLayout->addLayout(form);
    setupLayout->addWidget(hint);
    setupLayout->addWidget(m_space, 1);
    setupLayout->addLayout(buttons);

    auto* results = new QWidget(this);
    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Study"), this));
    m_studyBox->setObjectName(QStringLiteral("studyBox"));
    m_studyBox->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    top->addWidget(m_studyBox);
    top->addWidget(m_summary, 1);
    top->addWidget(m_resume);
    top->addWidget(m_delete);
    m_delete->setToolTip(tr("Delete this study and its trials; their runs stay in Runs"));
    top->addWidget(m_trainAgain);
    m_resume->setToolTip(tr("Go on with this study: finished trials are kept, trials cut short run again"));
    top->addWidget(m_compareTop);
    m_summary->setWordWrap(true);
    m_trainAgain->setToolTip(tr("Put the best trial's settings into Model & Training, to train it again (for "
                                "example with more steps)"));
    m_compareTop->setToolTip(tr("Open the runs of the five best trials in Compare"));
    m_sorted->setSourceModel(m_model);
    m_sorted->setSortRole(Qt::EditRole);
    m_table->setModel(m_sorted);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(0, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setToolTip(tr("Double-click a trial to make its run the current run"));
    m_views->addTab(m_history, tr("History"));
    m_views->addTab(m_intermediate, tr("Intermediate values"));
    m_views->addTab(m_parallel, tr("Parallel coordinates"));
    m_views->addTab(m_importance, tr("Importance"));
    auto* slices = new QWidget(this);
    auto* slicesLayout = new QVBoxLayout(slices);
    auto* sliceTop = new QHBoxLayout;
    sliceTop->addWidget(new QLabel(tr("Parameter"), slices));
    sliceTop->addWidget(m_sliceParameter);
    sliceTop->addStretch(1);
    slicesLayout->addLayout(sliceTop);
    slicesLayout->addWidget(m_slice, 1);
    m_views->addTab(slices, tr("Slices"));
    m_views->addTab(m_table, tr("Trials"));
    connect(m_sliceParameter, &QComboBox::currentIndexChanged, this, &StudiesPanel::redrawSlice);
    connect(m_importanceTask, &TaskNotifier::finished, this, [this] {
        try {
            m_importance->setImportance(m_importanceTask->result());
        } catch (const std::exception& e) {
            m_status->setText(coreErrorText(e));
        }
    });
    auto* resultsLayout = new QVBoxLayout(results);
    resultsLayout->setContentsMargins(0, 0, 0, 0);
    resultsLayout->addLayout(top);
    resultsLayout->addWidget(m_views, 1);

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(setup);
    split->addWidget(results);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(split);

    m_name->setText(nextStudyName());
    connect(m_start, &QPushButton::clicked, this, &StudiesPanel::startStudy);
    connect(m_stop, &QPushButton::clicked, this, &StudiesPanel::stopStudy);
    connect(m_resume, &QPushButton::clicked, this, &StudiesPanel::resumeStudy);
    connect(m_delete, &QPushButton::clicked, this, [this] { deleteShownStudy(true); });
    connect(m_task, &StudyTask::started, this, [this](qint64 id) {
        refreshStudies();
        showStudy(id);
        m_status->setText(tr("Study %1 running…").arg(id));
    });
    connect(m_task, &StudyTask::trialsChanged, this, &StudiesPanel::onTrialsChanged);
    connect(m_task, &StudyTask::finished, this, &StudiesPanel::onFinished);
    connect(m_studyBox, &QComboBox::activated, this, [this](int index) { showStudy(m_studyBox->itemData(index).toLongLong()); });
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        const auto& t = m_model->trialAt(m_sorted->mapToSource(index).row());
        if (t.runId > 0)
            Q_EMIT runChosen(t.runId);
    });
    connect(m_trainAgain, &QPushButton::clicked, this, [this] {
        const auto runs = topRuns(1);
        if (runs.isEmpty() || !m_store)
            return;
        if (const auto run = m_store->run(runs.front()))
            Q_EMIT trainAgainRequested(QString::fromStdString(run->configJson));
    });
    connect(m_compareTop, &QPushButton::clicked, this, [this] {
        if (const auto runs = topRuns(5); !runs.isEmpty())
            Q_EMIT compareRequested(runs);
    });
    // Charts are rebuilt at most 5 times a second however fast trials report.
    m_redraw->setSingleShot(true);
    m_redraw->setInterval(200);
    connect(m_redraw, &QTimer::timeout, this, &StudiesPanel::redrawViews);
    // A study another process runs (lathe-cli study run) is read back every second.
    m_poll->setInterval(1000);
    connect(m_poll, &QTimer::timeout, this, &StudiesPanel::pollShownStudy);
    m_poll->start();
    redrawViews();
    updateButtons();
}

StudiesPanel::~StudiesPanel() = default;

QString StudiesPanel::defaultWorkerProgram()
{
    if (const auto env = qEnvironmentVariable("LATHE_CLI"); !env.isEmpty())
        return env;
    const QString dir = QCoreApplication::applicationDirPath();
    // Installed side by side; in a build tree the workbench is in app/gui and lathe-cli in app.
    for (const auto& candidate : {dir + QStringLiteral("/lathe-cli"), dir + QStringLiteral("/../lathe-cli")})
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).canonicalFilePath();
    return dir + QStringLiteral("/lathe-cli");
}

void StudiesPanel::setStore(RunStore* store)
{
    m_store = store;
    refreshStudies();
    m_name->setText(nextStudyName());
    if (m_studyBox->count() > 0)
        showStudy(m_studyBox->itemData(0).toLongLong());
    else
        redrawViews();
    updateButtons();
}

void StudiesPanel::setFixedSettings(std::function<RunConfig()> settings) { m_fixed = std::move(settings); }

void StudiesPanel::setWorkerProgram(const QString& path) { m_workerProgram = path; }

QString StudiesPanel::nextStudyName() const
{
    if (!m_store)
        return QStringLiteral("study-1");
    for (int n = static_cast<int>(m_store->listStudies().size()) + 1;; ++n) {
        const auto name = QStringLiteral("study-%1").arg(n);
        if (!m_store->studyNamed(name.toStdString()))
            return name;
    }
}

bool StudiesPanel::startStudy()
{
    if (!m_store) {
        m_status->setText(tr("No experiment database: studies need one to record their trials."));
        return false;
    }
    if (m_task->isRunning())
        return false;
    const RunConfig fixed = m_fixed ? m_fixed() : RunConfig();
    if (fixed.data.path.empty()) {
        m_status->setText(tr("Open a dataset first (Data panel or File ▸ Open Dataset)."));
        return false;
    }
    QString error;
    const QString space = m_space->spaceJson(&error);
    if (space.isEmpty()) {
        m_status->setText(error);
        return false;
    }
    if (space.trimmed() == QStringLiteral("{\n}") || space.trimmed() == QStringLiteral("{}")) {
        m_status->setText(tr("Tick at least one setting to search."));
        return false;
    }
    study::StudySettings s;
    s.study.name = m_name->text().trimmed().toStdString();
    s.study.spaceJson = space.toStdString();
    s.study.metric = m_metric->currentData().toString().toStdString();
    s.study.direction.clear();
    s.study.sampler = m_sampler->currentData().toString().toStdString();
    s.study.pruner = m_pruner->currentData().toString().toStdString();
    s.study.maxTrials = m_trials->value();
    s.study.workers = m_workers->value();
    s.fixed = fixed;
    s.workerProgram = m_workerProgram.toStdString();
    m_task->start(m_store, std::move(s), false);
    m_status->setText(tr("Starting…"));
    updateButtons();
    return true;
}

bool StudiesPanel::resumeStudy()
{
    if (!m_store || m_task->isRunning() || m_shown.id == 0)
        return false;
    study::StudySettings s;
    s.study.name = m_shown.name;  // the stored settings win; the stored budget and workers too
    s.study.workers = m_shown.workers;
    s.workerProgram = m_workerProgram.toStdString();
    m_task->start(m_store, std::move(s), true);
    m_status->setText(tr("Resuming study %1…").arg(m_shown.id));
    updateButtons();
    return true;
}

bool StudiesPanel::deleteShownStudy(bool confirm)
{
    if (!m_store || m_shown.id == 0 || m_store->studyLocked(m_shown.id))
        return false;
    if (confirm &&
        QMessageBox::question(this, tr("Delete Study"),
                              tr("Delete study %1 (%2) and its %3 trials? Their runs stay in the database.")
                                  .arg(m_shown.id)
                                  .arg(QString::fromStdString(m_shown.name))
                                  .arg(m_model->trials().size())) != QMessageBox::Yes)
        return false;
    m_store->deleteStudy(m_shown.id);
    m_shown = StudyRecord();
    m_shown.id = 0;
    m_model->setTrials({});
    refreshStudies();
    if (m_studyBox->count() > 0)
        showStudy(m_studyBox->itemData(0).toLongLong());
    else
        redrawViews();
    m_name->setText(nextStudyName());
    updateButtons();
    return true;
}

void StudiesPanel::stopStudy()
{
    if (!m_task->isRunning())
        return;
    m_task->stop();
    m_status->setText(tr("Stopping: the running trials stop at their next step…"));
}

bool StudiesPanel::isRunning() const { return m_task->isRunning(); }

QString StudiesPanel::statusText() const { return m_status->text(); }

void StudiesPanel::refreshStudies()
{
    const qint64 keep = m_shown.id;
    m_studyBox->clear();
    if (!m_store)
        return;
    for (const auto& s : m_store->listStudies())
        m_studyBox->addItem(QStringLiteral("%1 · %2").arg(s.id).arg(QString::fromStdString(s.name)), qint64(s.id));
    if (const int i = m_studyBox->findData(keep); i >= 0)
        m_studyBox->setCurrentIndex(i);
}

void StudiesPanel::showStudy(qint64 studyId)
{
    if (!m_store)
        return;
    const auto s = m_store->study(studyId);
    if (!s)
        return;
    m_shown = *s;
    if (const int i = m_studyBox->findData(studyId); i >= 0)
        m_studyBox->setCurrentIndex(i);
    m_model->setTrials(m_store->trials(studyId));
    redrawViews();
}

void StudiesPanel::onTrialsChanged(const std::vector<TrialRecord>& trials)
{
    if (m_shown.id != m_task->studyId())
        return;
    m_model->upsert(trials);
    if (!m_redraw->isActive())
        m_redraw->start();
}

void StudiesPanel::onFinished(const QString& status, const QString& error)
{
    const qint64 id = m_task->studyId();
    if (status == QStringLiteral("refused")) {
        m_status->setText(error);
    } else {
        QString text = tr("Study %1 %2.").arg(id).arg(studyStatusText(status.toStdString()));
        if (!error.isEmpty() && status == QStringLiteral("failed"))
            text += QLatin1Char(' ') + error;
        m_status->setText(text);
        refreshStudies();
        showStudy(id);
        m_name->setText(nextStudyName());
        Q_EMIT studyFinished(id);
    }
    updateButtons();
}

void StudiesPanel::pollShownStudy()
{
    if (!m_store || m_shown.id == 0 || (m_task->isRunning() && m_task->studyId() == m_shown.id))
        return;
    if (m_shown.status != "running" || !isVisible())
        return;
    // Another process runs it: read it back, at most a fifth of the GUI thread's time (a read and
    // redraw of 10,000 trials takes ~0.3 s: then every 1.5 s).
    QElapsedTimer took;
    took.start();
    showStudy(m_shown.id);
    m_poll->setInterval(std::clamp(int(5 * took.elapsed()), 1000, 10000));
}

void StudiesPanel::redrawViews()
{
    if (m_shown.id == 0) {
        m_summary->setText(tr("No study yet: tick the settings to search above and press Start Study. Studies "
                              "run with lathe-cli study run show here too."));
        m_history->setTrials({}, true, QString());
        m_intermediate->setTrials({}, true, QString());
        m_parallel->setTrials({}, {}, "{}", true, QString());
        m_slice->setTrials({}, {}, "{}", QString(), QString());
        m_importance->setImportance({});
        updateButtons();
        return;
    }
    QElapsedTimer took;
    took.start();
    const auto& trials = m_model->trials();
    const bool maximize = m_shown.direction == "maximize";
    const QString metric = metricOf(m_shown);
    m_history->setTrials(trials, maximize, metric);
    m_intermediate->setTrials(trials, maximize, metric);
    m_parallel->setTrials(trials, m_model->values(), m_shown.spaceJson, maximize, metric);
    // The slice view's parameters: every parameter any trial had.
    const auto params = m_model->parameterNames();
    if (params.size() != m_sliceParameter->count()) {
        const QString keep = m_sliceParameter->currentText();
        const QSignalBlocker block(m_sliceParameter);
        m_sliceParameter->clear();
        m_sliceParameter->addItems(params);
        m_sliceParameter->setCurrentIndex(std::max(0, int(params.indexOf(keep))));
    }
    redrawSlice();
    computeImportance();
    int complete = 0, pruned = 0, failed = 0;
    for (const auto& t : trials)
        complete += t.state == "complete", pruned += t.state == "pruned", failed += t.state == "failed";
    const auto best = study::bestTrial(m_shown, trials);
    std::string status = m_shown.status;
    if (status == "running" && !(m_task->isRunning() && m_task->studyId() == m_shown.id) && m_store &&
        !m_store->studyLocked(m_shown.id))
        status = "interrupted";
    QString text = tr("%1 · %2 trials (%3 complete, %4 pruned, %5 failed)")
                       .arg(studyStatusText(status))
                       .arg(trials.size())
                       .arg(complete)
                       .arg(pruned)
                       .arg(failed);
    if (best)
        text += tr(" · best %1 = %2 (trial %3)").arg(metric).arg(*best->value, 0, 'g', 5).arg(best->number);
    m_summary->setText(text);
    updateButtons();
    // A live study redraws at most 5 times a second, and never spends more than a quarter of the
    // GUI thread on it: a redraw that took 400 ms (10,000 trials) waits 1.2 s for the next.
    m_redraw->setInterval(std::clamp(int(3 * took.elapsed()), 200, 3000));
}

QList<qint64> StudiesPanel::topRuns(int k) const
{
    std::vector<const TrialRecord*> complete;
    for (const auto& t : m_model->trials())
        if (t.state == "complete" && t.value && std::isfinite(*t.value) && t.runId > 0)
            complete.push_back(&t);
    const bool maximize = m_shown.direction == "maximize";
    std::stable_sort(complete.begin(), complete.end(), [maximize](const TrialRecord* a, const TrialRecord* b) {
        return maximize ? *a->value > *b->value : *a->value < *b->value;
    });
    QList<qint64> out;
    for (std::size_t i = 0; i < complete.size() && int(i) < k; ++i)
        out.append(complete[i]->runId);
    return out;
}

void StudiesPanel::redrawSlice()
{
    m_slice->setTrials(m_model->trials(), m_model->values(), m_shown.spaceJson, m_sliceParameter->currentText(),
                      metricOf(m_shown));
}

bool StudiesPanel::importancePending() const { return m_importanceTask->isRunning(); }

void StudiesPanel::computeImportance()
{
    std::size_t complete = 0;
    for (const auto& t : m_model->trials())
        complete += t.state == "complete";
    // Recomputed when the study or its count of complete trials changes, on a worker thread.
    if (complete == m_importanceTrials && m_shown.id == m_importanceStudy)
        return;
    m_importanceTrials = complete;
    m_importanceStudy = m_shown.id;
    m_importanceTask->start([study = m_shown, trials = m_model->trials()] {
        std::vector<std::pair<QString, double>> out;
        const auto space = study::SearchSpace::fromJson(study.spaceJson, "search space");
        for (const auto& i : study::pedAnovaImportance(space, study::samplerTrials(study, trials)))
            out.emplace_back(QString::fromStdString(i.name), i.importance);
        return out;
    });
}

void StudiesPanel::updateButtons()
{
    const bool running = m_task->isRunning();
    m_start->setEnabled(m_store && !running);
    m_stop->setEnabled(running);
    // A study can go on when it stopped, or its coordinator died (it reads 'running' unlocked).
    const bool resumable = m_store && m_shown.id != 0 && !running &&
                           (m_shown.status == "stopped" || m_shown.status == "failed" ||
                            (m_shown.status == "running" && !m_store->studyLocked(m_shown.id)));
    m_resume->setEnabled(resumable);
    m_delete->setEnabled(m_store && m_shown.id != 0 && !(running && m_task->studyId() == m_shown.id) &&
                         !m_store->studyLocked(m_shown.id));
    const bool haveRuns = !topRuns(1).isEmpty();
    m_trainAgain->setEnabled(haveRuns);
    m_compareTop->setEnabled(haveRuns);
}

}  // namespace lathe::gui
