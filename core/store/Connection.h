#pragma once
// Internal to core/store.
#include <sqlite3.h>

#include <string>

namespace lathe::detail {

// Opens `path` read-write (creating it when absent), checks that it is a readable SQLite
// database, and sets WAL, a busy timeout and foreign keys. Throws StoreError.
sqlite3* openConnection(const std::string& path);

}  // namespace lathe::detail
