#include "util/Message.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

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

namespace {
nlohmann::json toJsonValue(const Message& m)
{
    nlohmann::json j = {{"text", m.text()}};
    if (m.context())
        j["context"] = m.context();
    if (!m.args().empty()) {
        auto& args = j["args"] = nlohmann::json::array();
        for (const auto& a : m.args())
            args.push_back(toJsonValue(a));
    }
    return j;
}
}  // namespace

std::string Message::toJson() const
{
    return toJsonValue(*this).dump();
}

Message Message::fromJson(std::string_view json)
{
    const auto parsed = nlohmann::json::parse(json, nullptr, false);
    struct Reader {
        static Message read(const nlohmann::json& j, int depth)
        {
            if (!j.is_object() || !j.contains("text") || !j["text"].is_string() || depth > 64)
                throw std::invalid_argument("not a stored message");
            Message m;
            m.m_text = j["text"].get<std::string>();
            if (j.contains("context")) {
                if (!j["context"].is_string())
                    throw std::invalid_argument("not a stored message");
                m.m_context = j["context"].get<std::string>();
            }
            if (j.contains("args")) {
                if (!j["args"].is_array())
                    throw std::invalid_argument("not a stored message");
                for (const auto& a : j["args"])
                    m.m_args.push_back(read(a, depth + 1));
            }
            return m;
        }
    };
    if (parsed.is_discarded())
        throw std::invalid_argument("not a stored message");
    return Reader::read(parsed, 0);
}

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
