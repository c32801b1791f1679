#include "data/DataError.h"
#include "util/Message.h"

namespace lathe {

namespace {
// file:line: problem (byte offset N). hint — each part optional but the problem.
Message compose(const std::string& file, std::int64_t line, const Message& problem, const Message& hint,
                std::int64_t offset)
{
    Message m = line > 0 ? Message(LATHE_TR("Data", "%1:%2: %3"), file, line, problem)
                         : Message(LATHE_TR("Data", "%1: %2"), file, problem);
    if (offset >= 0)
        m = Message(LATHE_TR("Data", "%1 (byte offset %2)"), m, offset);
    if (!hint.empty())
        m = Message(LATHE_TR("Data", "%1. %2"), m, hint);
    return m;
}
}  // namespace

DataError::DataError(std::string file, std::int64_t line, Message problem, Message hint,
                     std::int64_t byteOffset)
    : UserError(compose(file, line, problem, hint, byteOffset)),
      m_file(std::move(file)), m_line(line), m_offset(byteOffset), m_problem(std::move(problem)),
      m_hint(std::move(hint))
{
}

}  // namespace lathe
