#include "store/RunStore.h"
#include "store/Connection.h"
#include "store/RunStore.h"
#include "store/Schema.h"
#include "store/Sqlite.h"
#include "store/Writer.h"
#include "util/Message.h"

#include <fmt/format.h>

#include <cstdlib>
#include <filesystem>

namespace lathe {

namespace fs = std::filesystem;

namespace detail {
sqlite3* openConnection(const std::string& path)
{
    std::error_code ec;
    if (fs::path(path).has_parent_path())
        fs::create_directories(fs::path(path).parent_path(), ec);
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        nullptr) != SQLITE_OK) {
        std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        throw StoreError(Message(LATHE_TR("Store", "%1: cannot open the experiment database: %2. Check the path and "
                                                   "its permissions, or choose another with --db or LATHE_DB."),
                                 path, msg));
    }
    sqlite3_busy_timeout(db, 5000);
    // The first read of the header tells a corrupt or foreign file from a database.
    char* err = nullptr;
    const int rc = sqlite3_exec(db, "SELECT count(*) FROM sqlite_schema", nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        sqlite3_close(db);
        throw StoreError(Message(LATHE_TR("Store", "%1: this is not a readable experiment database (%2). It may be "
                                                   "corrupted or another kind of file; it was left untouched. Move it "
                                                   "aside, or choose another database with --db or LATHE_DB."),
                                 path, msg));
    }
    sql::exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
    return db;
}
}  // namespace detail

RunStore::RunStore(std::string path) : m_path(std::move(path)), m_readMutex(std::make_unique<std::mutex>())
{
    sqlite3* writeDb = detail::openConnection(m_path);
    try {
        schema::migrate(writeDb, m_path);
    } catch (...) {
        sqlite3_close(writeDb);
        throw;
    }
    m_writer = std::make_unique<Writer>(writeDb);
    m_read = detail::openConnection(m_path);
    markDeadRunsCrashed();
}

RunStore::~RunStore()
{
    m_writer.reset();  // drains and commits the queue
    sqlite3_close(m_read);
}

std::string RunStore::defaultPath()
{
    if (const char* env = std::getenv("LATHE_DB"); env && *env)
        return env;
    std::string base;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        base = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = std::string(home) + "/.local/share";
    else
        base = ".";
    return base + "/lathe/experiments.db";
}

std::string RunStore::runDirectory(std::int64_t id) const
{
    const fs::path db(m_path);
    return (db.parent_path() / (db.stem().string() + "-files") / fmt::format("run-{}", id)).string();
}

std::string RunStore::checkpointPath(std::int64_t id) const
{
    return runDirectory(id) + "/checkpoint.pt";
}

std::string RunStore::snapshotPath(std::int64_t id, std::int64_t step) const
{
    return runDirectory(id) + fmt::format("/snapshots/step-{:08}.pt", step);
}

std::vector<std::pair<std::int64_t, std::string>> RunStore::checkpointTimeline(std::int64_t id) const
{
    std::map<std::int64_t, std::string> byStep;
    for (const auto& a : artifacts(id))
        if (a.kind == "snapshot" && fs::exists(a.path))
            byStep[a.step] = a.path;
    // The latest checkpoint stands for its own step (a stopped run's last state has no snapshot).
    for (const auto& a : artifacts(id))
        if (a.kind == "checkpoint" && fs::exists(a.path))
            byStep[a.step] = a.path;
    return {byStep.begin(), byStep.end()};
}

std::unique_ptr<RunStore::RunLock> RunStore::lockRun(std::int64_t id)
{
    return std::make_unique<RunLock>(runDirectory(id) + "/run.lock");
}

void RunStore::markDeadRunsCrashed()
{
    // Runs from this machine: their lock tells at once. Others: a heartbeat older than this.
    constexpr double kStaleHeartbeatSeconds = 300;
    const auto host = hostName();
    for (const auto& r : listRuns()) {
        if (r.status != RunStatus::Running)
            continue;
        const bool dead = r.host == host ? !RunLock::isHeld(runDirectory(r.id) + "/run.lock")
                                         : nowSeconds() - r.heartbeat > kStaleHeartbeatSeconds;
        if (dead)
            markCrashed(r.id);
    }
}

void RunStore::write(std::function<void(sqlite3*)> job, bool wait) { m_writer->submit(std::move(job), wait); }

Message RunStore::takeWriteFailure() { return m_writer->takeFailure(); }

void RunStore::flush() { m_writer->submit([](sqlite3*) {}, true); }

}  // namespace lathe
