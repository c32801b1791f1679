#pragma once
// Internal to core/store: schema versions and the migrations between them.
#include <sqlite3.h>

#include <string>

namespace lathe::schema {

// Bump together with a new entry in Schema.cpp's migration list.
inline constexpr int kCurrentVersion = 4;

int version(sqlite3* db);
// Applies every missing migration in one transaction; refuses a newer database.
void migrate(sqlite3* db, const std::string& path);

}  // namespace lathe::schema
