#pragma once
#include "util/Message.h"

#include <cstdint>
#include <stdexcept>
#include <string>

namespace lathe {

// A problem with the user's input: says which file, which line (1-based, 0 when none),
// which byte offset (-1 when none), what is wrong and what to do about it. Its message()
// is translatable; what() is the same text in English.
class DataError : public UserError {
public:
    DataError(std::string file, std::int64_t line, Message problem, Message hint = {},
              std::int64_t byteOffset = -1);

    const std::string& file() const { return m_file; }
    std::int64_t line() const { return m_line; }
    std::int64_t byteOffset() const { return m_offset; }
    std::string problem() const { return m_problem.english(); }
    std::string hint() const { return m_hint.english(); }

private:
    std::string m_file;
    std::int64_t m_line;
    std::int64_t m_offset;
    Message m_problem;
    Message m_hint;
};

// Thrown when a listener asked to cancel a long operation.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

}  // namespace lathe
