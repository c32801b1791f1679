#pragma once
// Internal to core/store.
#include "util/Message.h"

#include <sqlite3.h>

#include <string>

namespace lathe::detail {

// Opens `path` read-write (creating it when absent), checks that it is a readable SQLite
// database, and sets WAL, a busy timeout and foreign keys. Throws StoreError.
sqlite3* openConnection(const std::string& path);

// A stored message: its template when one was stored (schema 4 on), else the English text.
Message storedMessage(std::string english, const std::string& parts);

}  // namespace lathe::detail
