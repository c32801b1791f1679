#include "common/CoreText.h"

#include "util/Message.h"

#include <QCoreApplication>

#include <string>
#include <vector>

namespace lathe {

QString coreText(const Message& message)
{
    const QString text = message.context()
        ? QCoreApplication::translate(message.context(), message.text().c_str())
        : QString::fromStdString(message.text());
    if (message.args().empty())
        return text;
    // The arguments go in by core's own rule (fillTemplate), on the UTF-8 of the translation.
    std::vector<std::string> args;
    args.reserve(message.args().size());
    for (const auto& a : message.args())
        args.push_back(coreText(a).toStdString());
    return QString::fromStdString(fillTemplate(text.toStdString(), args));
}

QString coreErrorText(const std::exception& error)
{
    return coreText(messageOf(error));
}

}  // namespace lathe
