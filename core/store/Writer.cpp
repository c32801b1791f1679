#include "store/Writer.h"
#include "store/Sqlite.h"
#include "util/FaultPoint.h"
#include "util/Message.h"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <utility>

namespace lathe {

namespace {
// Metric appends wait this long for company, so one transaction carries many of them.
constexpr auto kBatchWindow = std::chrono::milliseconds(100);
}

RunStore::Writer::Writer(sqlite3* db) : m_db(db), m_thread([this](std::stop_token st) { loop(st); }) {}

RunStore::Writer::~Writer()
{
    m_thread.request_stop();
    m_wake.notify_all();
    m_thread.join();
    sqlite3_close(m_db);
}

void RunStore::Writer::submit(std::function<void(sqlite3*)> job, bool wait)
{
    std::promise<void> done;
    auto future = done.get_future();
    {
        std::lock_guard lock(m_mutex);
        m_queue.push_back({std::move(job), wait ? &done : nullptr});
    }
    m_wake.notify_all();
    if (wait)
        future.get();
}

Message RunStore::Writer::takeFailure()
{
    std::lock_guard lock(m_mutex);
    return std::exchange(m_failure, {});
}

void RunStore::Writer::loop(std::stop_token stop)
{
    while (true) {
        std::deque<Job> batch;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, stop, [this] { return !m_queue.empty(); });
            const bool someoneWaits =
                std::any_of(m_queue.begin(), m_queue.end(), [](const Job& j) { return j.done != nullptr; });
            if (!someoneWaits && !stop.stop_requested())
                m_wake.wait_for(lock, stop, kBatchWindow, [this] {
                    return std::any_of(m_queue.begin(), m_queue.end(), [](const Job& j) { return j.done != nullptr; });
                });
            batch.swap(m_queue);
        }
        if (!batch.empty())
            runBatch(batch);
        if (stop.stop_requested()) {
            std::lock_guard lock(m_mutex);
            if (m_queue.empty())
                return;
        }
    }
}

void RunStore::Writer::runBatch(std::deque<Job>& batch)
{
    std::exception_ptr batchError;
    try {
        sql::exec(m_db, "BEGIN IMMEDIATE");
    } catch (...) {
        batchError = std::current_exception();
    }
    std::vector<std::pair<std::promise<void>*, std::exception_ptr>> results;
    for (auto& job : batch) {
        std::exception_ptr error = batchError;
        if (!error) {
            try {
                job.fn(m_db);
            } catch (...) {
                error = std::current_exception();
            }
        }
        results.emplace_back(job.done, error);
    }
    if (!batchError) {
        faultPoint("metrics-transaction");
        try {
            sql::exec(m_db, "COMMIT");
        } catch (...) {
            sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
            for (auto& r : results)
                r.second = std::current_exception();
        }
    }
    for (auto& [promise, error] : results) {
        if (promise) {
            if (error)
                promise->set_exception(error);
            else
                promise->set_value();
        } else if (error) {
            // Nobody waits for a queued write; say so rather than lose it silently.
            try {
                std::rethrow_exception(error);
            } catch (const std::exception& e) {
                std::fprintf(stderr, "lathe: a queued database write failed: %s\n", e.what());
                std::lock_guard lock(m_mutex);
                if (m_failure.empty())
                    m_failure = messageOf(e);
            }
        }
    }
}

}  // namespace lathe
