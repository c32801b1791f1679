#pragma once
#include <cstdint>
#include <string>
#include <string_view>

namespace lathe {

// Incremental 128-bit content hash (XXH3), printed as 32 hex digits.
class ContentHash {
public:
    ContentHash();
    ~ContentHash();
    ContentHash(const ContentHash&) = delete;
    ContentHash& operator=(const ContentHash&) = delete;

    void add(std::string_view bytes);
    // Adds a length prefix first, so ("ab","c") and ("a","bc") hash differently.
    void addField(std::string_view bytes);
    void addInt(std::int64_t v);
    std::string hex() const;

private:
    void* m_state;
};

std::string hashFile(const std::string& path);

}  // namespace lathe
