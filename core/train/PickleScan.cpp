#include "train/PickleScan.h"

#include <cstring>

namespace lathe {

namespace {
// Little-endian unsigned integer of n bytes at p.
std::uint64_t readLength(const std::uint8_t* p, int n)
{
    std::uint64_t v = 0;
    for (int i = n - 1; i >= 0; --i)
        v = (v << 8) | p[i];
    return v;
}
}  // namespace

std::optional<std::size_t> pickleOverrun(const std::uint8_t* data, std::size_t size)
{
    std::size_t pos = 0;
    // An opcode's fixed argument of n bytes; false when it does not fit.
    const auto skip = [&](std::uint64_t n) {
        if (n > size - pos)
            return false;
        pos += static_cast<std::size_t>(n);
        return true;
    };
    // A length of n bytes, then that many bytes.
    const auto counted = [&](int n) {
        if (static_cast<std::size_t>(n) > size - pos)
            return false;
        const auto length = readLength(data + pos, n);
        pos += static_cast<std::size_t>(n);
        return skip(length);
    };
    // Arguments that end at a newline (text opcodes of protocol 0).
    const auto line = [&] {
        const void* nl = std::memchr(data + pos, '\n', size - pos);
        if (!nl)
            return false;
        pos = static_cast<std::size_t>(static_cast<const std::uint8_t*>(nl) - data) + 1;
        return true;
    };
    while (pos < size) {
        const std::size_t at = pos;
        const std::uint8_t op = data[pos++];
        bool fits = true;
        switch (op) {
        case '.':  // STOP
            return std::nullopt;
        // No argument.
        case '(': case '0': case '1': case '2': case 'N': case 'Q': case 'R': case 'a': case 'b': case 'd':
        case '}': case 'e': case 'l': case ']': case 'o': case 's': case 't': case ')': case 'u':
        case 0x81: case 0x85: case 0x86: case 0x87: case 0x88: case 0x89: case 0x8f: case 0x90: case 0x91:
        case 0x92: case 0x93: case 0x94: case 0x97: case 0x98:
            break;
        // Fixed-size arguments.
        case 'K': case 'h': case 'q': case 0x80: case 0x82: fits = skip(1); break;  // BININT1 BINGET BINPUT PROTO EXT1
        case 'M': case 0x83: fits = skip(2); break;                                  // BININT2 EXT2
        case 'J': case 'j': case 'r': case 0x84: fits = skip(4); break;              // BININT LONG_BINGET LONG_BINPUT EXT4
        case 'G': case 0x95: fits = skip(8); break;                                  // BINFLOAT FRAME
        // Counted arguments: a length, then the bytes.
        case 'U': case 'C': case 0x8a: case 0x8c: fits = counted(1); break;  // SHORT_BINSTRING SHORT_BINBYTES LONG1 SHORT_BINUNICODE
        case 'T': case 'X': case 'B': case 0x8b: fits = counted(4); break;   // BINSTRING BINUNICODE BINBYTES LONG4
        case 0x8d: case 0x8e: case 0x96: fits = counted(8); break;           // BINUNICODE8 BINBYTES8 BYTEARRAY8
        // Text arguments.
        case 'F': case 'I': case 'L': case 'P': case 'S': case 'V': case 'g': case 'p': fits = line(); break;
        case 'c': case 'i': fits = line() && line(); break;  // GLOBAL INST: module and name
        default:
            return std::nullopt;  // not an opcode LibTorch reads: it refuses the stream itself
        }
        if (!fits)
            return at;
    }
    return std::nullopt;
}

}  // namespace lathe
