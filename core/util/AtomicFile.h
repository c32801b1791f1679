#pragma once
#include <functional>
#include <string>
#include <string_view>

namespace lathe {

// Writes `path` so that a reader sees either the old file or the whole new one, never a
// torn one: `write` fills a temp file beside it, which is fsynced and renamed over `path`,
// then the directory is fsynced.
void writeFileAtomically(const std::string& path, const std::function<void(const std::string& tempPath)>& write);
void writeFileAtomically(const std::string& path, const std::string& contents);
// Creates or truncates `path` and writes `bytes`; throws std::runtime_error naming the file and
// the system's reason ("File too large", "No space left on device").
void writeBytes(const std::string& path, std::string_view bytes);

std::string readFile(const std::string& path);

}  // namespace lathe
