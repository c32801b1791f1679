// Hyperparameter studies: the study, its trials and their intermediate values (issue 15).
#include "store/Connection.h"
#include "store/RunStore.h"
#include "store/Sqlite.h"

#include <sqlite3.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cmath>
#include <map>

namespace lathe {

std::int64_t RunStore::createStudy(const StudyRecord& s)
{
    if (studyNamed(s.name))
        throw StoreError(Message(LATHE_TR("Store", "%1: a study named '%2' already exists. Give --resume to go on "
                                                   "with it, or choose another --name."),
                                 m_path, s.name));
    std::int64_t id = 0;
    write([&](sqlite3* db) {
        sql::Statement q(db, "INSERT INTO studies (name, created, status, space, fixed, metric, objective, direction, "
                             "sampler, pruner, seed, max_trials, timeout, workers, host, pid) "
                             "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        q.bind(1, s.name).bind(2, s.created > 0 ? s.created : nowSeconds()).bind(3, std::string("running"));
        q.bind(4, s.spaceJson).bind(5, s.fixedJson).bind(6, s.metric).bind(7, s.objective).bind(8, s.direction);
        q.bind(9, s.sampler).bind(10, s.pruner).bind(11, s.seed).bind(12, s.maxTrials).bind(13, s.timeout);
        q.bind(14, s.workers).bind(15, s.host.empty() ? hostName() : s.host);
        q.bind(16, s.pid > 0 ? s.pid : static_cast<std::int64_t>(::getpid())).run();
        id = sqlite3_last_insert_rowid(db);
    }, true);
    return id;
}

void RunStore::claimStudy(std::int64_t studyId, std::int64_t maxTrials, double timeout, std::int64_t workers)
{
    write([=, host = hostName(), pid = static_cast<std::int64_t>(::getpid())](sqlite3* db) {
        sql::Statement q(db, "UPDATE studies SET status = 'running', finished = 0, host = ?, pid = ?, message = '', "
                             "message_parts = '', max_trials = ?, timeout = ?, workers = ? WHERE id = ?");
        q.bind(1, host).bind(2, pid).bind(3, maxTrials).bind(4, timeout).bind(5, workers).bind(6, studyId).run();
    }, true);
}

void RunStore::finishStudy(std::int64_t studyId, const std::string& status, const Message& message)
{
    write([=, english = message.english(), parts = message.empty() ? std::string() : message.toJson()](sqlite3* db) {
        sql::Statement q(db, "UPDATE studies SET status = ?, finished = ?, message = ?, message_parts = ? WHERE id = ?");
        q.bind(1, status).bind(2, nowSeconds()).bind(3, english).bind(4, parts).bind(5, studyId).run();
    }, true);
}

std::int64_t RunStore::createTrial(const TrialRecord& t)
{
    std::int64_t id = 0;
    write([&](sqlite3* db) {
        sql::Statement q(db, "INSERT INTO trials (study_id, number, state, params, run_id, started, attempts) "
                             "VALUES (?,?,?,?,?,?,?)");
        q.bind(1, t.studyId).bind(2, t.number).bind(3, t.state).bind(4, t.paramsJson).bind(5, t.runId);
        q.bind(6, t.started > 0 ? t.started : nowSeconds()).bind(7, t.attempts).run();
        id = sqlite3_last_insert_rowid(db);
    }, true);
    return id;
}

void RunStore::setTrialRun(std::int64_t trialId, std::int64_t runId)
{
    write([=](sqlite3* db) {
        sql::Statement q(db, "UPDATE trials SET run_id = ? WHERE id = ?");
        q.bind(1, runId).bind(2, trialId).run();
    }, false);
}

void RunStore::addTrialValue(std::int64_t trialId, std::int64_t step, double value)
{
    write([=](sqlite3* db) {
        sql::Statement q(db, "INSERT OR REPLACE INTO trial_values (trial_id, step, value) VALUES (?,?,?)");
        q.bind(1, trialId).bind(2, step).bind(3, value).run();
    }, false);
}

void RunStore::finishTrial(std::int64_t trialId, const std::string& state, std::optional<double> value,
                           std::int64_t steps, const Message& message)
{
    write([=, english = message.english(), parts = message.empty() ? std::string() : message.toJson()](sqlite3* db) {
        sql::Statement q(db, "UPDATE trials SET state = ?, value = ?, steps = ?, finished = ?, message = ?, "
                             "message_parts = ? WHERE id = ?");
        q.bind(1, state);
        if (value && !std::isnan(*value))
            q.bind(2, *value);
        else
            q.bindNull(2);
        q.bind(3, steps).bind(4, nowSeconds()).bind(5, english).bind(6, parts).bind(7, trialId).run();
    }, true);
}

void RunStore::requeueTrial(std::int64_t trialId)
{
    write([=](sqlite3* db) {
        sql::Statement values(db, "DELETE FROM trial_values WHERE trial_id = ?");
        values.bind(1, trialId).run();
        sql::Statement q(db, "UPDATE trials SET state = 'running', value = NULL, run_id = 0, steps = 0, started = ?, "
                             "finished = 0, attempts = attempts + 1, message = '', message_parts = '' WHERE id = ?");
        q.bind(1, nowSeconds()).bind(2, trialId).run();
    }, true);
}

void RunStore::deleteStudy(std::int64_t studyId)
{
    write([=](sqlite3* db) {
        sql::Statement values(db, "DELETE FROM trial_values WHERE trial_id IN (SELECT id FROM trials WHERE study_id = ?)");
        values.bind(1, studyId).run();
        sql::Statement trials(db, "DELETE FROM trials WHERE study_id = ?");
        trials.bind(1, studyId).run();
        sql::Statement q(db, "DELETE FROM studies WHERE id = ?");
        q.bind(1, studyId).run();
    }, true);
}

std::unique_ptr<RunStore::RunLock> RunStore::lockStudy(std::int64_t studyId)
{
    const auto path = fmt::format("{}.studies/study-{}.lock", m_path, studyId);
    try {
        return std::make_unique<RunLock>(path);
    } catch (const StoreError&) {
        throw StoreError(Message(LATHE_TR("Store", "study %1 is being run by another process right now (%2 is "
                                                   "locked); stop that one first"),
                                 studyId, path));
    }
}

bool RunStore::studyLocked(std::int64_t studyId) const
{
    return RunLock::isHeld(fmt::format("{}.studies/study-{}.lock", m_path, studyId));
}

namespace {
constexpr const char* kStudyColumns =
    "SELECT id, name, created, finished, status, space, fixed, metric, objective, direction, sampler, pruner, seed, "
    "max_trials, timeout, workers, host, pid, message, message_parts FROM studies ";

StudyRecord studyFrom(const sql::Statement& q)
{
    StudyRecord s;
    s.id = q.integer(0);
    s.name = q.text(1);
    s.created = q.real(2);
    s.finished = q.real(3);
    s.status = q.text(4);
    s.spaceJson = q.text(5);
    s.fixedJson = q.text(6);
    s.metric = q.text(7);
    s.objective = q.text(8);
    s.direction = q.text(9);
    s.sampler = q.text(10);
    s.pruner = q.text(11);
    s.seed = q.integer(12);
    s.maxTrials = q.integer(13);
    s.timeout = q.real(14);
    s.workers = q.integer(15);
    s.host = q.text(16);
    s.pid = q.integer(17);
    s.message = detail::storedMessage(q.text(18), q.text(19));
    return s;
}
}  // namespace

std::vector<StudyRecord> RunStore::listStudies() const
{
    std::lock_guard lock(*m_readMutex);
    sql::Statement q(m_read, (std::string(kStudyColumns) + "ORDER BY id DESC").c_str());
    std::vector<StudyRecord> out;
    while (q.step())
        out.push_back(studyFrom(q));
    return out;
}

std::optional<StudyRecord> RunStore::study(std::int64_t studyId) const
{
    std::lock_guard lock(*m_readMutex);
    sql::Statement q(m_read, (std::string(kStudyColumns) + "WHERE id = ?").c_str());
    q.bind(1, studyId);
    if (!q.step())
        return std::nullopt;
    return studyFrom(q);
}

std::optional<StudyRecord> RunStore::studyNamed(const std::string& name) const
{
    std::lock_guard lock(*m_readMutex);
    sql::Statement q(m_read, (std::string(kStudyColumns) + "WHERE name = ?").c_str());
    q.bind(1, name);
    if (!q.step())
        return std::nullopt;
    return studyFrom(q);
}

std::vector<TrialRecord> RunStore::trials(std::int64_t studyId) const
{
    std::lock_guard lock(*m_readMutex);
    // One read transaction, so the trials and their values agree while a coordinator writes.
    sql::exec(m_read, "BEGIN");
    std::vector<TrialRecord> out;
    std::map<std::int64_t, std::size_t> byId;
    try {
        sql::Statement q(m_read, "SELECT id, study_id, number, state, params, value, run_id, steps, started, finished, "
                                 "attempts, message, message_parts FROM trials WHERE study_id = ? ORDER BY number");
        q.bind(1, studyId);
        while (q.step()) {
            TrialRecord t;
            t.id = q.integer(0);
            t.studyId = q.integer(1);
            t.number = q.integer(2);
            t.state = q.text(3);
            t.paramsJson = q.text(4);
            if (!q.isNull(5))
                t.value = q.real(5);
            t.runId = q.integer(6);
            t.steps = q.integer(7);
            t.started = q.real(8);
            t.finished = q.real(9);
            t.attempts = q.integer(10);
            t.message = detail::storedMessage(q.text(11), q.text(12));
            byId[t.id] = out.size();
            out.push_back(std::move(t));
        }
        sql::Statement v(m_read, "SELECT v.trial_id, v.step, v.value FROM trial_values v JOIN trials t "
                                 "ON t.id = v.trial_id WHERE t.study_id = ? ORDER BY v.trial_id, v.step");
        v.bind(1, studyId);
        while (v.step())
            if (auto it = byId.find(v.integer(0)); it != byId.end())
                out[it->second].intermediate.emplace_back(v.integer(1), v.isNull(2) ? std::nan("") : v.real(2));
    } catch (...) {
        sqlite3_exec(m_read, "COMMIT", nullptr, nullptr, nullptr);
        throw;
    }
    sql::exec(m_read, "COMMIT");
    return out;
}

std::optional<std::pair<std::int64_t, std::int64_t>> RunStore::trialOfRun(std::int64_t runId) const
{
    std::lock_guard lock(*m_readMutex);
    sql::Statement q(m_read, "SELECT study_id, number FROM trials WHERE run_id = ?");
    q.bind(1, runId);
    if (!q.step())
        return std::nullopt;
    return std::make_pair(q.integer(0), q.integer(1));
}

}  // namespace lathe
