#include "store/Schema.h"
#include "store/RunRecord.h"
#include "store/Sqlite.h"
#include "util/Message.h"

#include <fmt/format.h>

#include <vector>

namespace lathe::schema {

namespace {
// migrations[i] takes a database from version i to version i + 1.
const std::vector<const char*> kMigrations = {
    R"sql(
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL DEFAULT '',
        created REAL NOT NULL,
        finished REAL NOT NULL DEFAULT 0,
        heartbeat REAL NOT NULL DEFAULT 0,
        status TEXT NOT NULL,
        kind TEXT NOT NULL DEFAULT '',
        model TEXT NOT NULL DEFAULT '',
        config TEXT NOT NULL DEFAULT '{}',
        dataset TEXT NOT NULL DEFAULT '',
        dataset_fingerprint TEXT NOT NULL DEFAULT '',
        parameters INTEGER NOT NULL DEFAULT 0,
        tags TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        parent_id INTEGER NOT NULL DEFAULT 0,
        host TEXT NOT NULL DEFAULT '',
        pid INTEGER NOT NULL DEFAULT 0,
        message TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE metrics (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        step INTEGER NOT NULL,
        wall REAL NOT NULL,
        value REAL
    );
    CREATE INDEX metrics_by_run_key ON metrics(run_id, key, step);
    )sql",
    R"sql(
    ALTER TABLE runs ADD COLUMN steps INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE runs ADD COLUMN summary TEXT NOT NULL DEFAULT '{}';
    CREATE TABLE evaluations (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        split TEXT NOT NULL,
        report TEXT NOT NULL,
        created REAL NOT NULL
    );
    CREATE TABLE artifacts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        path TEXT NOT NULL,
        hash TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        step INTEGER NOT NULL,
        created REAL NOT NULL
    );
    )sql",
    R"sql(
    CREATE TABLE sweeps (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        settings TEXT NOT NULL,
        spectra TEXT NOT NULL DEFAULT '[]',
        reference TEXT NOT NULL DEFAULT '{}',
        status TEXT NOT NULL,
        seconds REAL NOT NULL DEFAULT 0,
        created REAL NOT NULL
    );
    CREATE TABLE sweep_points (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        sweep_id INTEGER NOT NULL REFERENCES sweeps(id) ON DELETE CASCADE,
        point TEXT NOT NULL,
        saved_run_id INTEGER NOT NULL DEFAULT 0,
        created REAL NOT NULL
    );
    CREATE INDEX sweeps_by_run ON sweeps(run_id);
    CREATE INDEX sweep_points_by_sweep ON sweep_points(sweep_id);
    )sql",
    // A run's message as its template and arguments (Message::toJson), so the workbench shows
    // it in the user's language; `message` keeps the English text for lathe-cli and older builds.
    R"sql(
    ALTER TABLE runs ADD COLUMN message_parts TEXT NOT NULL DEFAULT '';
    )sql",
    // Hyperparameter studies (issue 15): a study, its trials (each linked to the run that trained
    // it) and the intermediate values its pruner judged.
    R"sql(
    CREATE TABLE studies (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE,
        created REAL NOT NULL,
        finished REAL NOT NULL DEFAULT 0,
        status TEXT NOT NULL,
        space TEXT NOT NULL,
        fixed TEXT NOT NULL DEFAULT '{}',
        metric TEXT NOT NULL DEFAULT '',
        objective TEXT NOT NULL DEFAULT '',
        direction TEXT NOT NULL,
        sampler TEXT NOT NULL,
        pruner TEXT NOT NULL,
        seed INTEGER NOT NULL DEFAULT 0,
        max_trials INTEGER NOT NULL DEFAULT 0,
        timeout REAL NOT NULL DEFAULT 0,
        workers INTEGER NOT NULL DEFAULT 1,
        host TEXT NOT NULL DEFAULT '',
        pid INTEGER NOT NULL DEFAULT 0,
        message TEXT NOT NULL DEFAULT '',
        message_parts TEXT NOT NULL DEFAULT ''
    );
    CREATE TABLE trials (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
        number INTEGER NOT NULL,
        state TEXT NOT NULL,
        params TEXT NOT NULL,
        value REAL,
        run_id INTEGER NOT NULL DEFAULT 0,
        steps INTEGER NOT NULL DEFAULT 0,
        started REAL NOT NULL,
        finished REAL NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 1,
        message TEXT NOT NULL DEFAULT '',
        message_parts TEXT NOT NULL DEFAULT '',
        UNIQUE (study_id, number)
    );
    CREATE TABLE trial_values (
        trial_id INTEGER NOT NULL REFERENCES trials(id) ON DELETE CASCADE,
        step INTEGER NOT NULL,
        value REAL,
        PRIMARY KEY (trial_id, step)
    );
    CREATE INDEX trials_by_run ON trials(run_id);
    )sql",
};
static_assert(kCurrentVersion > 0);
}  // namespace

int migrationCount() { return static_cast<int>(kMigrations.size()); }

int version(sqlite3* db)
{
    sql::Statement q(db, "PRAGMA user_version");
    q.step();
    return static_cast<int>(q.integer(0));
}

void migrate(sqlite3* db, const std::string& path, int to)
{
    const int from = version(db);
    if (from > kCurrentVersion)
        throw StoreError(Message(
            LATHE_TR("Store", "%1: this experiment database was written by a newer Lathe (schema version %2; this "
                              "build reads up to %3). It was left untouched. Upgrade Lathe, or choose another "
                              "database with --db or LATHE_DB."),
            path, from, kCurrentVersion));
    if (from >= to)
        return;
    sql::exec(db, "BEGIN IMMEDIATE");
    try {
        for (int v = from; v < to; ++v)
            sql::exec(db, kMigrations[static_cast<std::size_t>(v)]);
        sql::exec(db, fmt::format("PRAGMA user_version = {}", to));
        sql::exec(db, "COMMIT");
    } catch (...) {
        sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

}  // namespace lathe::schema
