#include "studies/StudyTask.h"

#include "common/CoreText.h"
#include "store/RunStore.h"
#include "util/Message.h"

#include <map>
#include <mutex>

namespace lathe::gui {

namespace {
constexpr int kDrainMs = 50;
}  // namespace

// What the coordinator's thread leaves for the GUI, all under the mutex.
struct StudyTask::Shared : study::StudyListener {
    std::mutex mutex;
    std::stop_source stop;
    qint64 studyId = 0;
    bool startedFresh = false;
    std::map<std::int64_t, TrialRecord> changed;  // by number: the latest of each
    bool finished = false;
    std::string status;
    Message error;

    void onStudyStarted(const StudyRecord& study) override
    {
        std::lock_guard lock(mutex);
        studyId = study.id;
        startedFresh = true;
    }
    void onTrial(const TrialRecord& trial) override
    {
        std::lock_guard lock(mutex);
        changed[trial.number] = trial;
    }
};

StudyTask::StudyTask(QObject* parent) : QObject(parent)
{
    m_drain.setInterval(kDrainMs);
    connect(&m_drain, &QTimer::timeout, this, &StudyTask::drain);
}

StudyTask::~StudyTask()
{
    stop();
    // m_worker joins here.
}

bool StudyTask::start(RunStore* store, study::StudySettings settings, bool resume)
{
    if (m_running || !store)
        return false;
    if (m_worker.joinable())
        m_worker.join();
    m_shared = std::make_shared<Shared>();
    m_running = true;
    m_studyId = 0;
    m_worker = std::jthread([shared = m_shared, store, settings = std::move(settings), resume] {
        std::string status;
        Message error;
        try {
            const auto outcome = study::runStudy(*store, settings, resume, shared.get(), shared->stop.get_token());
            status = outcome.status;
            if (outcome.status != "completed")
                error = outcome.message;
        } catch (const std::exception& e) {
            status = "refused";
            error = messageOf(e);
        }
        std::lock_guard lock(shared->mutex);
        shared->finished = true;
        shared->status = status;
        shared->error = error;
    });
    m_drain.start();
    return true;
}

void StudyTask::stop()
{
    if (m_shared)
        m_shared->stop.request_stop();
}

void StudyTask::drain()
{
    std::vector<TrialRecord> trials;
    bool startedNow = false, done = false;
    std::string status;
    Message error;
    {
        std::lock_guard lock(m_shared->mutex);
        if (m_shared->startedFresh) {
            m_shared->startedFresh = false;
            startedNow = true;
            m_studyId = m_shared->studyId;
        }
        for (auto& [number, t] : m_shared->changed)
            trials.push_back(std::move(t));
        m_shared->changed.clear();
        done = m_shared->finished;
        status = m_shared->status;
        error = m_shared->error;
    }
    if (startedNow)
        Q_EMIT started(m_studyId);
    if (!trials.empty())
        Q_EMIT trialsChanged(trials);
    if (done) {
        m_drain.stop();
        m_running = false;
        if (m_worker.joinable())
            m_worker.join();
        Q_EMIT finished(QString::fromStdString(status), error.empty() ? QString() : coreText(error));
    }
}

}  // namespace lathe::gui
