#include "common/CoreText.h"
#include "data/DatasetLoadTask.h"

#include "data/DataError.h"

#include <QMetaObject>

namespace lathe::gui {

namespace {
// Forwards progress to the GUI thread at most once per percent.
class Listener : public LoadListener {
public:
    Listener(DatasetLoadTask* task, std::shared_ptr<std::atomic<bool>> cancel) : m_task(task), m_cancel(std::move(cancel)) {}
    void progress(std::uint64_t done, std::uint64_t total) override
    {
        const int percent = total ? static_cast<int>(100 * done / total) : 0;
        if (percent == m_last)
            return;
        m_last = percent;
        // The task is the context object: the call is dropped if it is gone.
        QMetaObject::invokeMethod(m_task, [task = m_task, percent] { Q_EMIT task->progressed(percent); },
                                  Qt::QueuedConnection);
    }
    bool cancelRequested() const override { return m_cancel->load(); }

private:
    DatasetLoadTask* m_task;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    int m_last = -1;
};
}  // namespace

DatasetLoadTask::DatasetLoadTask(QObject* parent) : QObject(parent) {}

DatasetLoadTask::~DatasetLoadTask()
{
    cancelAndWait();
}

void DatasetLoadTask::cancelAndWait()
{
    if (m_cancel)
        m_cancel->store(true);
    if (m_thread.joinable())
        m_thread.join();
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

void DatasetLoadTask::start(const QString& path, const LoadOptions& options)
{
    cancelAndWait();
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    auto cancel = m_cancel;
    m_thread = std::thread([this, path, options, cancel] {
        Listener listener(this, cancel);
        std::shared_ptr<const TextDataset> dataset;
        QString error;
        try {
            dataset = std::make_shared<const TextDataset>(loadDataset(path.toStdString(), options, &listener));
        } catch (const Cancelled&) {
            return;
        } catch (const std::exception& e) {
            error = coreErrorText(e);
        }
        // Delivered on the GUI thread; dropped if this task is gone by then.
        QMetaObject::invokeMethod(
            this,
            [this, path, dataset, error, cancel] {
                if (cancel->load())
                    return;
                if (dataset)
                    Q_EMIT loaded(path, dataset);
                else
                    Q_EMIT failed(path, error);
            },
            Qt::QueuedConnection);
    });
}

}  // namespace lathe::gui
