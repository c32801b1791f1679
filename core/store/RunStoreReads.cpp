#include "store/RunStore.h"
#include "store/Connection.h"
#include "store/Sqlite.h"

namespace lathe {

namespace {
constexpr const char* kRunColumns =
    "SELECT id, name, created, finished, heartbeat, status, kind, model, config, dataset, dataset_fingerprint, "
    "parameters, tags, notes, parent_id, host, pid, steps, message, summary, message_parts FROM runs";

RunRecord readRun(const sql::Statement& q)
{
    RunRecord r;
    r.id = q.integer(0);
    r.name = q.text(1);
    r.created = q.real(2);
    r.finished = q.real(3);
    r.heartbeat = q.real(4);
    r.status = runStatusFromString(q.text(5));
    r.kind = q.text(6);
    r.model = q.text(7);
    r.configJson = q.text(8);
    r.dataset = q.text(9);
    r.datasetFingerprint = q.text(10);
    r.parameters = q.integer(11);
    r.tags = q.text(12);
    r.notes = q.text(13);
    r.parentId = q.integer(14);
    r.host = q.text(15);
    r.pid = q.integer(16);
    r.steps = q.integer(17);
    r.message = detail::storedMessage(q.text(18), q.text(20));
    r.summaryJson = q.text(19);
    return r;
}
}  // namespace

Message detail::storedMessage(std::string english, const std::string& parts)
{
    if (!parts.empty()) {
        try {
            return Message::fromJson(parts);
        } catch (const std::invalid_argument&) {
            // Edited by hand or by another tool: the English text still says it.
        }
    }
    return english.empty() ? Message() : Message::verbatim(std::move(english));
}

std::vector<RunRecord> RunStore::listRuns() const
{
    std::lock_guard lock(*m_readMutex);
    sql::Statement q(m_read, (std::string(kRunColumns) + " ORDER BY id").c_str());
    std::vector<RunRecord> runs;
    while (q.step())
        runs.push_back(readRun(q));
    return runs;
}

std::optional<RunRecord> RunStore::run(std::int64_t id) const
{
    std::lock_guard lock(*m_readMutex);
    sql::Statement q(m_read, (std::string(kRunColumns) + " WHERE id = ?").c_str());
    q.bind(1, id);
    if (!q.step())
        return std::nullopt;
    return readRun(q);
}

std::vector<MetricPoint> RunStore::metrics(std::int64_t runId, const std::string& key) const
{
    std::lock_guard lock(*m_readMutex);
    sql::Statement q(m_read, key.empty()
                                 ? "SELECT key, step, wall, value FROM metrics WHERE run_id = ? ORDER BY key, step, rowid"
                                 : "SELECT key, step, wall, value FROM metrics WHERE run_id = ? AND key = ? "
                                   "ORDER BY step, rowid");
    q.bind(1, runId);
    if (!key.empty())
        q.bind(2, key);
    std::vector<MetricPoint> out;
    while (q.step())
        out.push_back({q.text(0), q.integer(1), q.real(2), q.real(3)});
    return out;
}

std::vector<std::string> RunStore::metricKeys(std::int64_t runId) const
{
    std::lock_guard lock(*m_readMutex);
    sql::Statement q(m_read, "SELECT DISTINCT key FROM metrics WHERE run_id = ? ORDER BY key");
    q.bind(1, runId);
    std::vector<std::string> out;
    while (q.step())
        out.push_back(q.text(0));
    return out;
}

std::vector<Artifact> RunStore::artifacts(std::int64_t runId) const
{
    std::lock_guard lock(*m_readMutex);
    sql::Statement q(m_read, "SELECT id, run_id, kind, path, hash, bytes, step FROM artifacts WHERE run_id = ? "
                             "ORDER BY id");
    q.bind(1, runId);
    std::vector<Artifact> out;
    while (q.step())
        out.push_back({q.integer(0), q.integer(1), q.text(2), q.text(3), q.text(4), q.integer(5), q.integer(6)});
    return out;
}

std::optional<EvaluationRecord> RunStore::latestEvaluation(std::int64_t runId, const std::string& split) const
{
    std::lock_guard lock(*m_readMutex);
    sql::Statement q(m_read, "SELECT run_id, step, split, report, created FROM evaluations WHERE run_id = ? AND "
                             "split = ? ORDER BY id DESC LIMIT 1");
    q.bind(1, runId).bind(2, split);
    if (!q.step())
        return std::nullopt;
    return EvaluationRecord{q.integer(0), q.integer(1), q.text(2), q.text(3), q.real(4)};
}

std::map<std::int64_t, double> RunStore::bestValues(const std::string& key, bool lowest) const
{
    std::lock_guard lock(*m_readMutex);
    // One indexed lookup per run (run_id, key lead the index), so thousands of runs stay fast.
    sql::Statement q(m_read, lowest ? "SELECT id, (SELECT MIN(value) FROM metrics m WHERE m.run_id = runs.id AND m.key = ?) "
                                      "FROM runs"
                                    : "SELECT id, (SELECT MAX(value) FROM metrics m WHERE m.run_id = runs.id AND m.key = ?) "
                                      "FROM runs");
    q.bind(1, key);
    std::map<std::int64_t, double> out;
    while (q.step())
        if (!q.isNull(1))
            out[q.integer(0)] = q.real(1);
    return out;
}

}  // namespace lathe
