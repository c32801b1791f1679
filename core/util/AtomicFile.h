#pragma once
#include <functional>
#include <string>

namespace lathe {

// Writes `path` so that a reader sees either the old file or the whole new one, never a
// torn one: `write` fills a temp file beside it, which is fsynced and renamed over `path`,
// then the directory is fsynced.
void writeFileAtomically(const std::string& path, const std::function<void(const std::string& tempPath)>& write);
void writeFileAtomically(const std::string& path, const std::string& contents);

std::string readFile(const std::string& path);

}  // namespace lathe
