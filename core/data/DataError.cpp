#include "data/DataError.h"

#include <fmt/format.h>

namespace lathe {

namespace {
std::string compose(const std::string& file, std::int64_t line, const std::string& problem,
                    const std::string& hint, std::int64_t offset)
{
    std::string s = file;
    if (line > 0)
        s += fmt::format(":{}", line);
    s += ": " + problem;
    if (offset >= 0)
        s += fmt::format(" (byte offset {})", offset);
    if (!hint.empty())
        s += ". " + hint;
    return s;
}
}  // namespace

DataError::DataError(std::string file, std::int64_t line, std::string problem, std::string hint,
                     std::int64_t byteOffset)
    : std::runtime_error(compose(file, line, problem, hint, byteOffset)),
      m_file(std::move(file)), m_line(line), m_offset(byteOffset), m_problem(std::move(problem)),
      m_hint(std::move(hint))
{
}

}  // namespace lathe
