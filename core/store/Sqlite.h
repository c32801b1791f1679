#pragma once
// Internal to core/store: thin RAII over the SQLite C API.
#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace lathe::sql {

// Throws StoreError with the database path and SQLite's message.
[[noreturn]] void fail(sqlite3* db, const std::string& what);
void exec(sqlite3* db, const std::string& sql);

class Statement {
public:
    Statement(sqlite3* db, const char* sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int i, std::int64_t v);
    Statement& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
    Statement& bind(int i, double v);
    Statement& bind(int i, const std::string& v);
    Statement& bindNull(int i);
    // True while a row is available.
    bool step();
    void run();  // step() a statement that returns no rows, then reset for reuse
    void reset();

    std::int64_t integer(int col) const;
    double real(int col) const;
    bool isNull(int col) const;
    std::string text(int col) const;

private:
    sqlite3* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

}  // namespace lathe::sql
