#pragma once
// What every fuzz target shares: the input written to a real file (the parsers read files, as
// the application does), and the rule a parser must keep — any input either parses or throws a
// std::exception with a message. A crash, a sanitizer report, a hang or an exception of another
// type is a bug (libFuzzer stops and keeps the input).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace lathe::fuzz {

// A directory of this process's own under /tmp, emptied at each call.
inline std::filesystem::path scratch()
{
    static const std::filesystem::path dir =
        std::filesystem::temp_directory_path() / ("lathe-fuzz-" + std::to_string(::getpid()));
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
    std::filesystem::create_directories(dir);
    return dir;
}

inline std::string writeFile(const std::filesystem::path& path, const std::uint8_t* data, std::size_t size)
{
    std::ofstream out(path, std::ios::binary);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path.string();
}

// Runs body(); a std::exception must carry a message (the user reads it).
template <typename Body>
void expectParsedOrRefused(Body&& body)
{
    try {
        body();
    } catch (const std::exception& e) {
        if (e.what() == nullptr || e.what()[0] == '\0') {
            std::fprintf(stderr, "refused with an empty message\n");
            std::abort();
        }
    }
}

}  // namespace lathe::fuzz
