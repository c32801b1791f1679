#pragma once
// Messages for the user, written in English by core and translated by the workbench.
// Core stays Qt-free: a message is a template (its translation context and English source
// text, with %1 … %9 for arguments) and its arguments, each itself a message. widgets/
// translates the template and every nested message (widgets/util/CoreText.h); lathe-cli and
// what() use english(), which is the text core wrote before messages had ids.
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace lathe {

// A template marked for translation. Write it with LATHE_TR so lupdate finds it.
struct MessageText {
    const char* context;
    const char* text;
};

// lupdate reads LATHE_TR as QT_TRANSLATE_NOOP (translations/CMakeLists.txt), so each
// template core writes lands in the .ts files under its context.
#define LATHE_TR(context, text) (::lathe::MessageText{context, text})

class Message {
public:
    Message() = default;
    // A template with no arguments, or with arguments: messages, strings or numbers.
    Message(MessageText t) : m_context(t.context ? t.context : ""), m_text(t.text) {}  // NOLINT: implicit on purpose
    // (No C++20 concepts in this header: moc reads it through RunRecord.h and cannot parse them.)
    template <class... Args, std::enable_if_t<(sizeof...(Args) > 0), int> = 0>
    Message(MessageText t, Args&&... args) : m_context(t.context ? t.context : ""), m_text(t.text)
    {
        m_args.reserve(sizeof...(Args));
        (m_args.push_back(argument(std::forward<Args>(args))), ...);
    }

    // Text shown as it is in every language: a file name, a number, another library's words.
    static Message verbatim(std::string text);
    // An untranslated layout (line breaks, punctuation between parts) around translated parts.
    static Message layout(std::string text, std::vector<Message> args);

    // The message in English, arguments put in their places.
    std::string english() const;
    bool empty() const { return m_text.empty(); }
    // Null for verbatim text and layouts: their text is shown as it is.
    const char* context() const { return m_context.empty() ? nullptr : m_context.c_str(); }
    const std::string& text() const { return m_text; }
    const std::vector<Message>& args() const { return m_args; }

    // The whole message (template, context, arguments) as JSON, to be stored and translated
    // later (a run's reason for stopping); fromJson reads it back, and refuses what it did not
    // write with std::invalid_argument.
    std::string toJson() const;
    static Message fromJson(std::string_view json);

private:
    static Message argument(Message m) { return m; }
    static Message argument(MessageText t) { return Message(t); }
    static Message argument(std::string s) { return verbatim(std::move(s)); }
    static Message argument(std::string_view s) { return verbatim(std::string(s)); }
    static Message argument(const char* s) { return verbatim(s); }
    static Message argument(char c) { return verbatim(std::string(1, c)); }
    template <class N, std::enable_if_t<std::is_arithmetic_v<N>, int> = 0>
    static Message argument(N n)
    {
        return verbatim(number(static_cast<std::conditional_t<std::is_floating_point_v<N>, double, long long>>(n)));
    }
    static std::string number(long long n);
    static std::string number(double x);

    std::string m_context;  // empty: verbatim text or a layout
    std::string m_text;
    std::vector<Message> m_args;
};

// Puts arguments in a template's %1 … %9 (a % not followed by a used digit stays as it is).
std::string fillTemplate(std::string_view text, const std::vector<std::string>& args);

// Implemented by exceptions whose message the workbench can translate.
class HasMessage {
public:
    virtual ~HasMessage() = default;
    virtual const Message& message() const = 0;
};

// An error the user can act on (bad input, a bad setting), with a translatable message.
// lathe-cli exits 2 for it, as for any std::invalid_argument.
class UserError : public std::invalid_argument, public HasMessage {
public:
    explicit UserError(Message message);
    const Message& message() const override { return m_message; }

private:
    Message m_message;
};

// A failure that is not the user's input (a write that failed), with a translatable message.
class Failure : public std::runtime_error, public HasMessage {
public:
    explicit Failure(Message message);
    const Message& message() const override { return m_message; }

private:
    Message m_message;
};

// An exception's message: its own when it has one, else its what() as it is.
Message messageOf(const std::exception& error);

// Joins messages one per line (lists of problems).
Message joinLines(const std::vector<Message>& lines);

}  // namespace lathe
