// Compression sweeps and their evaluated points, linked to the run they compress.
#include "store/RunStore.h"
#include "store/Sqlite.h"

#include <sqlite3.h>

namespace lathe {

std::int64_t RunStore::createSweep(const SweepRecord& s)
{
    std::int64_t id = 0;
    write([&](sqlite3* db) {
        sql::Statement q(db, "INSERT INTO sweeps (run_id, kind, settings, spectra, reference, status, created) "
                             "VALUES (?,?,?,?,?,?,?)");
        q.bind(1, s.runId).bind(2, s.kind).bind(3, s.settingsJson).bind(4, s.spectraJson).bind(5, s.referenceJson);
        q.bind(6, s.status.empty() ? std::string("running") : s.status).bind(7, nowSeconds()).run();
        id = sqlite3_last_insert_rowid(db);
    }, true);
    return id;
}

void RunStore::setSweepSpectra(std::int64_t sweepId, const std::string& spectraJson, const std::string& referenceJson)
{
    write([=](sqlite3* db) {
        sql::Statement q(db, "UPDATE sweeps SET spectra = ?, reference = ? WHERE id = ?");
        q.bind(1, spectraJson).bind(2, referenceJson).bind(3, sweepId).run();
    }, false);
}

std::int64_t RunStore::addSweepPoint(std::int64_t sweepId, const std::string& pointJson)
{
    std::int64_t id = 0;
    write([&](sqlite3* db) {
        sql::Statement q(db, "INSERT INTO sweep_points (sweep_id, point, created) VALUES (?,?,?)");
        q.bind(1, sweepId).bind(2, pointJson).bind(3, nowSeconds()).run();
        id = sqlite3_last_insert_rowid(db);
    }, true);
    return id;
}

void RunStore::setPointSavedRun(std::int64_t pointId, std::int64_t runId)
{
    write([=](sqlite3* db) {
        sql::Statement q(db, "UPDATE sweep_points SET saved_run_id = ? WHERE id = ?");
        q.bind(1, runId).bind(2, pointId).run();
    }, true);
}

void RunStore::finishSweep(std::int64_t sweepId, const std::string& status, double seconds)
{
    write([=](sqlite3* db) {
        sql::Statement q(db, "UPDATE sweeps SET status = ?, seconds = ? WHERE id = ?");
        q.bind(1, status).bind(2, seconds).bind(3, sweepId).run();
    }, true);
}

namespace {
constexpr const char* kSweepColumns =
    "SELECT id, run_id, kind, settings, spectra, reference, status, seconds, created FROM sweeps ";

SweepRecord sweepFrom(sql::Statement& q)
{
    return SweepRecord{q.integer(0), q.integer(1), q.text(2), q.text(3), q.text(4),
                       q.text(5),    q.text(6),    q.real(7), q.real(8)};
}
}  // namespace

std::vector<SweepRecord> RunStore::sweeps(std::int64_t runId) const
{
    std::lock_guard lock(*m_readMutex);
    sql::Statement q(m_read, (std::string(kSweepColumns) + "WHERE run_id = ? ORDER BY id DESC").c_str());
    q.bind(1, runId);
    std::vector<SweepRecord> out;
    while (q.step())
        out.push_back(sweepFrom(q));
    return out;
}

std::optional<SweepRecord> RunStore::sweep(std::int64_t sweepId) const
{
    std::lock_guard lock(*m_readMutex);
    sql::Statement q(m_read, (std::string(kSweepColumns) + "WHERE id = ?").c_str());
    q.bind(1, sweepId);
    if (!q.step())
        return std::nullopt;
    return sweepFrom(q);
}

std::vector<SweepPointRecord> RunStore::sweepPoints(std::int64_t sweepId) const
{
    std::lock_guard lock(*m_readMutex);
    sql::Statement q(m_read, "SELECT id, sweep_id, point, saved_run_id FROM sweep_points WHERE sweep_id = ? ORDER BY id");
    q.bind(1, sweepId);
    std::vector<SweepPointRecord> out;
    while (q.step())
        out.push_back({q.integer(0), q.integer(1), q.text(2), q.integer(3)});
    return out;
}

std::optional<SweepPointRecord> RunStore::sweepPoint(std::int64_t pointId) const
{
    std::lock_guard lock(*m_readMutex);
    sql::Statement q(m_read, "SELECT id, sweep_id, point, saved_run_id FROM sweep_points WHERE id = ?");
    q.bind(1, pointId);
    if (!q.step())
        return std::nullopt;
    return SweepPointRecord{q.integer(0), q.integer(1), q.text(2), q.integer(3)};
}

}  // namespace lathe
