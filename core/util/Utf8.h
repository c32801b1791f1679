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
    // Offset within `chunk` of the byte at which the stream became invalid, or npos.
    std::size_t feed(std::string_view chunk);
    // After a failed feed(): the first byte of the invalid sequence, and how many bytes
    // before the returned offset it lies (0 when the byte itself is not a valid start).
    unsigned char badByte() const { return m_lead; }
    std::size_t badBack() const { return m_back; }
    // True when the bytes fed so far end in the middle of a sequence.
    bool incomplete() const { return m_need != 0; }

private:
    int m_need = 0;
    unsigned char m_lo = 0x80;
    unsigned char m_hi = 0xBF;
    unsigned char m_lead = 0;
    std::size_t m_consumed = 0;
    std::size_t m_back = 0;
};

// Offset of the first byte of the first invalid sequence in `s`, or npos when `s` is valid UTF-8.
std::size_t findInvalid(std::string_view s);

// Replaces every invalid sequence in `s` by U+FFFD; returns how many were replaced.
std::size_t replaceInvalid(std::string& s);

// Unicode code points of valid UTF-8 (invalid bytes decode to U+FFFD).
std::u32string decode(std::string_view s);
void append(std::string& out, char32_t cp);
std::string encode(char32_t cp);

}  // namespace lathe::utf8
