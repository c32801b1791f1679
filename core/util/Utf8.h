#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lathe::utf8 {

inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

// Validates UTF-8 fed in arbitrary chunks, so a multi-byte sequence may straddle two reads.
class StreamValidator {
public:
    // Offset within `chunk` of the first byte that makes the stream invalid, or npos.
    std::size_t feed(std::string_view chunk);
    // True when the bytes fed so far end in the middle of a sequence.
    bool incomplete() const { return m_need != 0; }

private:
    int m_need = 0;
    unsigned char m_lo = 0x80;
    unsigned char m_hi = 0xBF;
};

// Offset of the first invalid byte in `s`, or npos when `s` is valid UTF-8.
std::size_t findInvalid(std::string_view s);

// Replaces every invalid sequence in `s` by U+FFFD; returns how many were replaced.
std::size_t replaceInvalid(std::string& s);

// Unicode code points of valid UTF-8 (invalid bytes decode to U+FFFD).
std::u32string decode(std::string_view s);
void append(std::string& out, char32_t cp);
std::string encode(char32_t cp);

}  // namespace lathe::utf8
