#include "common/CoreText.h"

#include "util/Message.h"

#include <QCoreApplication>
#include <QStringList>

namespace lathe {

namespace {
// The same rule as core's fillTemplate: %1 … %9 replaced once each, in one pass, so an
// argument that contains "%2" is never substituted again.
QString fill(const QString& text, const QStringList& args)
{
    QString out;
    out.reserve(text.size() + 32);
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (c == u'%' && i + 1 < text.size() && text[i + 1] >= u'1' && text[i + 1] <= u'9') {
            const auto n = text[i + 1].unicode() - u'1';
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
}  // namespace

QString coreText(const Message& message)
{
    const QString text = message.context()
        ? QCoreApplication::translate(message.context(), message.text().c_str())
        : QString::fromStdString(message.text());
    if (message.args().empty())
        return text;
    QStringList args;
    args.reserve(static_cast<qsizetype>(message.args().size()));
    for (const auto& a : message.args())
        args.push_back(coreText(a));
    return fill(text, args);
}

QString coreErrorText(const std::exception& error)
{
    return coreText(messageOf(error));
}

}  // namespace lathe
