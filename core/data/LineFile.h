#pragma once
// Files of one sequence per line, read as they are aligned (a reference and a hypothesis file:
// line i of one goes with line i of the other), so blank lines are kept.
#include <string>
#include <string_view>
#include <vector>

namespace lathe {

// The lines of a UTF-8 text file without their line breaks (LF or CRLF); a final line break does
// not start another line. Throws DataError naming the file (and line, for bad UTF-8) when it is
// missing, binary, UTF-16 or not UTF-8.
std::vector<std::string> readLines(const std::string& path);

// The lines of `text` the same way (no I/O, no checks).
std::vector<std::string> splitLines(std::string_view text);

}  // namespace lathe
