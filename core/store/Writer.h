#pragma once
// Internal to core/store: the one thread that writes to the database.
#include "store/RunStore.h"

#include <sqlite3.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

namespace lathe {

class RunStore::Writer {
public:
    explicit Writer(sqlite3* db);
    ~Writer();  // commits what is queued, then closes the connection

    // Queues a job; with `wait`, blocks until its transaction committed and rethrows its error.
    void submit(std::function<void(sqlite3*)> job, bool wait);
    // The first queued write (one nobody waited for) that failed since the last call, e.g.
    // "database or disk is full"; empty while all went in. Reported once, so a long-lived
    // store (the workbench's) is not failed for good by one full disk.
    Message takeFailure();

private:
    struct Job {
        std::function<void(sqlite3*)> fn;
        std::promise<void>* done = nullptr;
    };
    void loop(std::stop_token stop);
    void runBatch(std::deque<Job>& batch);

    sqlite3* m_db;
    std::mutex m_mutex;
    Message m_failure;
    std::condition_variable_any m_wake;
    std::deque<Job> m_queue;
    std::jthread m_thread;
};

}  // namespace lathe
