#include "util/Utf8.h"

namespace lathe::utf8 {

std::size_t StreamValidator::feed(std::string_view chunk)
{
    for (std::size_t i = 0; i < chunk.size(); ++i) {
        const auto b = static_cast<unsigned char>(chunk[i]);
        if (m_need > 0) {
            if (b < m_lo || b > m_hi) {
                m_need = 0;
                m_back = m_consumed;
                return i;
            }
            m_lo = 0x80;
            m_hi = 0xBF;
            --m_need;
            ++m_consumed;
            continue;
        }
        if (b < 0x80)
            continue;
        m_lead = b;
        m_consumed = 1;
        // Lead bytes and the allowed range of the first continuation byte (Unicode table 3-7).
        if (b >= 0xC2 && b <= 0xDF) {
            m_need = 1;
        } else if (b == 0xE0) {
            m_need = 2, m_lo = 0xA0;
        } else if (b == 0xED) {
            m_need = 2, m_hi = 0x9F;
        } else if (b >= 0xE1 && b <= 0xEF) {
            m_need = 2;
        } else if (b == 0xF0) {
            m_need = 3, m_lo = 0x90;
        } else if (b == 0xF4) {
            m_need = 3, m_hi = 0x8F;
        } else if (b >= 0xF1 && b <= 0xF3) {
            m_need = 3;
        } else {
            m_back = 0;
            return i;
        }
    }
    return npos;
}

std::size_t findInvalid(std::string_view s)
{
    StreamValidator v;
    const auto at = v.feed(s);
    if (at != npos)
        return at - v.badBack();
    if (v.incomplete()) {
        // Point at the lead byte of the truncated sequence.
        std::size_t i = s.size();
        while (i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80)
            --i;
        return i > 0 ? i - 1 : 0;
    }
    return npos;
}

namespace {
// Length of the valid sequence starting at s[i], or 0 when it is invalid.
std::size_t validLength(std::string_view s, std::size_t i)
{
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x80)
        return 1;
    const std::size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
    if (i + len > s.size())
        return 0;
    StreamValidator v;
    if (v.feed(s.substr(i, len)) != npos || v.incomplete())
        return 0;
    return len;
}
}  // namespace

std::size_t replaceInvalid(std::string& s)
{
    if (findInvalid(s) == npos)
        return 0;
    std::string out;
    out.reserve(s.size() + 8);
    std::size_t replaced = 0;
    for (std::size_t i = 0; i < s.size();) {
        const auto len = validLength(s, i);
        if (len == 0) {
            out += "\xEF\xBF\xBD";
            ++replaced;
            ++i;
        } else {
            out.append(s, i, len);
            i += len;
        }
    }
    s.swap(out);
    return replaced;
}

std::u32string decode(std::string_view s)
{
    std::u32string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto len = validLength(s, i);
        if (len == 0) {
            out.push_back(0xFFFD);
            ++i;
            continue;
        }
        const auto b0 = static_cast<unsigned char>(s[i]);
        char32_t cp = len == 1 ? b0 : len == 2 ? (b0 & 0x1F) : len == 3 ? (b0 & 0x0F) : (b0 & 0x07);
        for (std::size_t k = 1; k < len; ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out.push_back(cp);
        i += len;
    }
    return out;
}

void append(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::string encode(char32_t cp)
{
    std::string s;
    append(s, cp);
    return s;
}

}  // namespace lathe::utf8
