#include "util/Message.h"

#include <fmt/format.h>

namespace lathe {

Message Message::verbatim(std::string text)
{
    Message m;
    m.m_text = std::move(text);
    return m;
}

std::string Message::number(long long n) { return fmt::format("{}", n); }
std::string Message::number(double x) { return fmt::format("{}", x); }

std::string fillTemplate(std::string_view text, const std::vector<std::string>& args)
{
    std::string out;
    out.reserve(text.size() + 32);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '%' && i + 1 < text.size() && text[i + 1] >= '1' && text[i + 1] <= '9') {
            const auto n = static_cast<std::size_t>(text[i + 1] - '1');
            if (n < args.size()) {
                out += args[n];
                ++i;
                continue;
            }
        }
        out += c;
    }
    return out;
}

std::string Message::english() const
{
    if (m_args.empty())
        return m_text;
    std::vector<std::string> filled;
    filled.reserve(m_args.size());
    for (const auto& a : m_args)
        filled.push_back(a.english());
    return fillTemplate(m_text, filled);
}

UserError::UserError(Message message)
    : std::invalid_argument(message.english()), m_message(std::move(message))
{
}

Message Message::layout(std::string text, std::vector<Message> args)
{
    Message m;
    m.m_text = std::move(text);
    m.m_args = std::move(args);
    return m;
}

Failure::Failure(Message message) : std::runtime_error(message.english()), m_message(std::move(message)) {}

Message messageOf(const std::exception& error)
{
    if (const auto* e = dynamic_cast<const HasMessage*>(&error))
        return e->message();
    return Message::verbatim(error.what());
}

Message joinLines(const std::vector<Message>& lines)
{
    if (lines.empty())
        return {};
    // Nested in pairs, so any number of lines fits templates of %1 and %2; the line break is
    // layout, not text to translate.
    Message joined = lines.back();
    for (auto i = lines.size() - 1; i-- > 0;)
        joined = Message::layout("%1\n%2", {lines[i], std::move(joined)});
    return joined;
}

}  // namespace lathe
