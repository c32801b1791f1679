#include "store/RunStore.h"
#include "store/Sqlite.h"

#include <filesystem>
#include <unistd.h>

namespace lathe {

std::int64_t RunStore::createRun(const RunRecord& r, std::unique_ptr<RunLock>* lock)
{
    std::int64_t id = 0;
    write([&, this](sqlite3* db) {
        sql::Statement q(db, "INSERT INTO runs (name, created, heartbeat, status, kind, model, config, dataset, "
                             "dataset_fingerprint, parameters, tags, notes, parent_id, host, pid, steps) "
                             "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        const double now = r.created > 0 ? r.created : nowSeconds();
        q.bind(1, r.name).bind(2, now).bind(3, now).bind(4, toString(r.status)).bind(5, r.kind).bind(6, r.model);
        q.bind(7, r.configJson).bind(8, r.dataset).bind(9, r.datasetFingerprint).bind(10, r.parameters);
        q.bind(11, r.tags).bind(12, r.notes).bind(13, r.parentId).bind(14, r.host.empty() ? hostName() : r.host);
        q.bind(15, r.pid).bind(16, r.steps);
        q.run();
        id = sqlite3_last_insert_rowid(db);
        if (lock)
            *lock = lockRun(id);
    }, true);
    return id;
}

void RunStore::appendMetrics(std::int64_t runId, std::vector<MetricPoint> points)
{
    write([runId, points = std::move(points)](sqlite3* db) {
        sql::Statement q(db, "INSERT INTO metrics (run_id, key, step, wall, value) VALUES (?,?,?,?,?)");
        for (const auto& p : points) {
            q.bind(1, runId).bind(2, p.key).bind(3, p.step).bind(4, p.wallTime).bind(5, p.value);
            q.run();
        }
    }, false);
}

void RunStore::heartbeat(std::int64_t runId, std::int64_t steps)
{
    write([runId, steps](sqlite3* db) {
        sql::Statement q(db, "UPDATE runs SET heartbeat = ?, steps = ? WHERE id = ?");
        q.bind(1, nowSeconds()).bind(2, steps).bind(3, runId).run();
    }, false);
}

void RunStore::finishRun(std::int64_t runId, RunStatus status, const Message& message,
                         const std::string& summaryJson, std::int64_t steps)
{
    write([=, english = message.english(), parts = message.empty() ? std::string() : message.toJson()](sqlite3* db) {
        sql::Statement q(db, "UPDATE runs SET status = ?, message = ?, message_parts = ?, summary = ?, steps = ?, "
                             "finished = ?, heartbeat = ? WHERE id = ?");
        const double now = nowSeconds();
        q.bind(1, toString(status)).bind(2, english).bind(3, parts);
        q.bind(4, summaryJson.empty() ? std::string("{}") : summaryJson);
        q.bind(5, steps).bind(6, now).bind(7, now).bind(8, runId).run();
    }, true);
}

void RunStore::markCrashed(std::int64_t runId)
{
    const Message message(LATHE_TR("Store", "the training process ended without finishing the run (killed or "
                                            "crashed); resume it from its last checkpoint"));
    write([runId, english = message.english(), parts = message.toJson()](sqlite3* db) {
        sql::Statement q(db, "UPDATE runs SET status = 'crashed', message = ?, message_parts = ?, finished = ? "
                             "WHERE id = ? AND status = 'running'");
        q.bind(1, english).bind(2, parts).bind(3, nowSeconds()).bind(4, runId).run();
    }, true);
}

void RunStore::markRunCrashed(std::int64_t runId)
{
    if (!RunLock::isHeld(runDirectory(runId) + "/run.lock"))
        markCrashed(runId);
}

void RunStore::setRunning(std::int64_t runId)
{
    write([runId](sqlite3* db) {
        sql::Statement q(db, "UPDATE runs SET status = 'running', message = '', message_parts = '', finished = 0, heartbeat = ?, "
                             "host = ?, pid = ? WHERE id = ?");
        q.bind(1, nowSeconds()).bind(2, hostName()).bind(3, static_cast<std::int64_t>(::getpid())).bind(4, runId).run();
    }, true);
}

void RunStore::truncateMetrics(std::int64_t runId, std::int64_t step)
{
    write([runId, step](sqlite3* db) {
        sql::Statement q(db, "DELETE FROM metrics WHERE run_id = ? AND step > ?");
        q.bind(1, runId).bind(2, step).run();
    }, true);
}

void RunStore::addArtifact(const Artifact& a)
{
    write([a](sqlite3* db) {
        sql::Statement del(db, "DELETE FROM artifacts WHERE run_id = ? AND path = ?");
        del.bind(1, a.runId).bind(2, a.path).run();
        sql::Statement q(db, "INSERT INTO artifacts (run_id, kind, path, hash, bytes, step, created) "
                             "VALUES (?,?,?,?,?,?,?)");
        q.bind(1, a.runId).bind(2, a.kind).bind(3, a.path).bind(4, a.hash).bind(5, a.bytes).bind(6, a.step);
        q.bind(7, nowSeconds()).run();
    }, true);
}

void RunStore::removeArtifact(std::int64_t runId, const std::string& path)
{
    write([runId, path](sqlite3* db) {
        sql::Statement q(db, "DELETE FROM artifacts WHERE run_id = ? AND path = ?");
        q.bind(1, runId).bind(2, path).run();
    }, true);
}

void RunStore::addEvaluation(const EvaluationRecord& e)
{
    write([e](sqlite3* db) {
        sql::Statement q(db, "INSERT INTO evaluations (run_id, step, split, report, created) VALUES (?,?,?,?,?)");
        q.bind(1, e.runId).bind(2, e.step).bind(3, e.split).bind(4, e.reportJson).bind(5, nowSeconds()).run();
    }, false);
}

void RunStore::updateRunInfo(std::int64_t runId, const std::string& name, const std::string& tags,
                             const std::string& notes)
{
    write([=](sqlite3* db) {
        sql::Statement q(db, "UPDATE runs SET name = ?, tags = ?, notes = ? WHERE id = ?");
        q.bind(1, name).bind(2, tags).bind(3, notes).bind(4, runId).run();
    }, true);
}

void RunStore::deleteRun(std::int64_t runId)
{
    write([runId](sqlite3* db) {
        sql::Statement points(db, "DELETE FROM sweep_points WHERE sweep_id IN (SELECT id FROM sweeps WHERE run_id = ?)");
        points.bind(1, runId).run();
        for (const char* table : {"metrics", "evaluations", "artifacts", "sweeps"}) {
            sql::Statement q(db, (std::string("DELETE FROM ") + table + " WHERE run_id = ?").c_str());
            q.bind(1, runId).run();
        }
        sql::Statement q(db, "DELETE FROM runs WHERE id = ?");
        q.bind(1, runId).run();
    }, true);
    std::error_code ec;
    std::filesystem::remove_all(runDirectory(runId), ec);
}

}  // namespace lathe
