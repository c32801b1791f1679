#include "common/CoreText.h"
#include "data/DatasetLoadTask.h"

#include "data/Columns.h"
#include "data/DataError.h"

namespace lathe::gui {

namespace {
// Leaves the percentage done for the GUI thread to pick up.
class Listener : public LoadListener {
public:
    Listener(std::shared_ptr<std::atomic<int>> percent, std::shared_ptr<std::atomic<bool>> cancel)
        : m_percent(std::move(percent)), m_cancel(std::move(cancel))
    {
    }
    void progress(std::uint64_t done, std::uint64_t total) override
    {
        m_percent->store(total ? static_cast<int>(100 * done / total) : 0);
    }
    bool cancelRequested() const override { return m_cancel->load(); }

private:
    std::shared_ptr<std::atomic<int>> m_percent;
    std::shared_ptr<std::atomic<bool>> m_cancel;
};
}  // namespace

DatasetLoadTask::DatasetLoadTask(QObject* parent) : QObject(parent)
{
    connect(&m_job, &TaskNotifier::finished, this, &DatasetLoadTask::onFinished);
    connect(&m_job, &TaskNotifier::polled, this, &DatasetLoadTask::onPolled);
}

DatasetLoadTask::~DatasetLoadTask()
{
    cancel();  // m_job's destructor then waits for the load to notice
}

LoadOptions DatasetLoadTask::defaultOptions(const QString& path)
{
    LoadOptions o;
    try {
        o.requireLabels = detectFormat(path.toStdString()) != DataFormat::Text;
    } catch (const std::exception&) {
        // The load itself reports what is wrong with the path.
    }
    return o;
}

void DatasetLoadTask::cancel()
{
    if (m_cancel)
        m_cancel->store(true);
}

void DatasetLoadTask::start(const QString& path, const LoadOptions& options, bool detectPairs)
{
    cancel();  // the previous load stops on its own; only this one is delivered
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_percent = std::make_shared<std::atomic<int>>(-1);
    m_shownPercent = -1;
    m_job.start([path, options, detectPairs, cancel = m_cancel, percent = m_percent] {
        Listener listener(percent, cancel);
        Outcome outcome;
        outcome.path = path;
        outcome.options = options;
        if (detectPairs && options.targetColumn.empty() && looksLikePairs(path.toStdString(), options)) {
            outcome.options.targetColumn = kDefaultTargetColumn;
            outcome.options.requireLabels = false;
        }
        try {
            outcome.dataset =
                std::make_shared<const TextDataset>(loadDataset(path.toStdString(), outcome.options, &listener));
        } catch (const Cancelled&) {
            outcome.cancelled = true;
        } catch (const std::exception& e) {
            outcome.error = coreErrorText(e);
        }
        return outcome;
    });
}

void DatasetLoadTask::onPolled()
{
    const int percent = m_percent ? m_percent->load() : -1;
    if (percent < 0 || percent == m_shownPercent)
        return;
    m_shownPercent = percent;
    Q_EMIT progressed(percent);
}

void DatasetLoadTask::onFinished()
{
    const Outcome& outcome = m_job.result();
    if (outcome.cancelled || m_cancel->load())
        return;
    if (outcome.dataset) {
        m_loadedOptions = outcome.options;
        Q_EMIT loaded(outcome.path, outcome.dataset);
    }
    else
        Q_EMIT failed(outcome.path, outcome.error);
}

}  // namespace lathe::gui
