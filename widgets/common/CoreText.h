#pragma once
// Core's messages in the workbench's language: core writes a template and its arguments
// (core/util/Message.h); this translates the template and each argument that is itself a
// message, under the context core gave it.
#include <QString>

#include <exception>

namespace lathe {
class Message;

QString coreText(const Message& message);
// An exception's text: translated when it carries a message (UserError, DataError,
// StoreError), else its what() as it is.
QString coreErrorText(const std::exception& error);
}  // namespace lathe
