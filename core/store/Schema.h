#pragma once
// Internal to core/store: schema versions and the migrations between them.
#include <sqlite3.h>

#include <string>

namespace lathe::schema {

// Bump together with a new entry in Schema.cpp's migration list.
inline constexpr int kCurrentVersion = 5;

int version(sqlite3* db);
// Applies every missing migration up to `to` in one transaction; refuses a database newer than
// this build. Tests migrate to an earlier version to build the databases older builds left.
void migrate(sqlite3* db, const std::string& path, int to = kCurrentVersion);
int migrationCount();  // equals kCurrentVersion (checked by tst_studystore)

}  // namespace lathe::schema
