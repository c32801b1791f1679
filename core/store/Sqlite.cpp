#include "store/Sqlite.h"
#include "store/RunRecord.h"
#include "util/Message.h"

#include <fmt/format.h>

#include <chrono>
#include <unistd.h>

namespace lathe {

std::string toString(RunStatus s)
{
    switch (s) {
    case RunStatus::Running: return "running";
    case RunStatus::Completed: return "completed";
    case RunStatus::Stopped: return "stopped";
    case RunStatus::Failed: return "failed";
    case RunStatus::Diverged: return "diverged";
    case RunStatus::Crashed: return "crashed";
    }
    return "failed";
}

RunStatus runStatusFromString(const std::string& s)
{
    for (auto st : {RunStatus::Running, RunStatus::Completed, RunStatus::Stopped, RunStatus::Failed,
                    RunStatus::Diverged, RunStatus::Crashed})
        if (toString(st) == s)
            return st;
    return RunStatus::Failed;
}

double nowSeconds()
{
    using namespace std::chrono;
    return duration<double>(system_clock::now().time_since_epoch()).count();
}

std::string hostName()
{
    char buf[256] = {};
    ::gethostname(buf, sizeof buf - 1);
    return buf;
}

namespace sql {

namespace {
// SQLite says "disk I/O error" when a write hits the file-size limit: name the likely causes.
Message explained(sqlite3* db, const std::string& message)
{
    const int code = sqlite3_extended_errcode(db);
    if (code == SQLITE_FULL || code == SQLITE_IOERR_WRITE || code == SQLITE_IOERR_FSYNC || code == SQLITE_IOERR_TRUNCATE)
        return Message(LATHE_TR("Store", "%1 (the disk is full, or the file reached its size limit)"), message);
    return Message::verbatim(message);
}
}  // namespace

void fail(sqlite3* db, const std::string& what)
{
    const char* file = sqlite3_db_filename(db, "main");
    throw StoreError(Message(LATHE_TR("Store", "%1: %2 failed: %3"), file ? file : "database", what,
                             explained(db, sqlite3_errmsg(db))));
}

void exec(sqlite3* db, const std::string& sql)
{
    char* err = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        Message msg = explained(db, err ? err : "unknown error");
        sqlite3_free(err);
        const char* file = sqlite3_db_filename(db, "main");
        throw StoreError(Message::layout("%1: %2", {Message::verbatim(file ? file : "database"), std::move(msg)}));
    }
}

Statement::Statement(sqlite3* db, const char* sql) : m_db(db)
{
    if (sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) != SQLITE_OK)
        fail(db, "preparing a query");
}

Statement::~Statement() { sqlite3_finalize(m_stmt); }

Statement& Statement::bind(int i, std::int64_t v)
{
    sqlite3_bind_int64(m_stmt, i, v);
    return *this;
}

Statement& Statement::bind(int i, double v)
{
    sqlite3_bind_double(m_stmt, i, v);
    return *this;
}

Statement& Statement::bind(int i, const std::string& v)
{
    sqlite3_bind_text(m_stmt, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement& Statement::bindNull(int i)
{
    sqlite3_bind_null(m_stmt, i);
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc != SQLITE_DONE)
        fail(m_db, "a query");
    return false;
}

void Statement::run()
{
    step();
    reset();
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

std::int64_t Statement::integer(int col) const { return sqlite3_column_int64(m_stmt, col); }
double Statement::real(int col) const { return sqlite3_column_double(m_stmt, col); }
bool Statement::isNull(int col) const { return sqlite3_column_type(m_stmt, col) == SQLITE_NULL; }
std::string Statement::text(int col) const
{
    const auto* p = sqlite3_column_text(m_stmt, col);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(m_stmt, col)))
             : std::string();
}

}  // namespace sql
}  // namespace lathe
