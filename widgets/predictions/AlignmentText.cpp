#include "predictions/AlignmentText.h"

#include <QCoreApplication>

namespace lathe::gui {

namespace {
QString cell(const std::string& piece, const char* style)
{
    // A space piece (character tokens) would vanish in HTML: shown as an open box.
    auto text = QString::fromStdString(piece).toHtmlEscaped();
    if (text.trimmed().isEmpty())
        text = QStringLiteral("&#9251;");
    return QStringLiteral("<td style=\"%1\">%2</td>").arg(QLatin1String(style), text);
}
constexpr const char* kPlain = "padding: 0 3px";
constexpr const char* kWrong = "padding: 0 3px; color: #c0392b; font-weight: bold";
constexpr const char* kAdded = "padding: 0 3px; color: #1e8449; font-weight: bold; text-decoration: underline";
constexpr const char* kDropped = "padding: 0 3px; color: #c0392b; text-decoration: line-through";
constexpr const char* kGap = "padding: 0 3px; color: #999999";
}  // namespace

QString alignmentHtml(const std::vector<std::string>& reference, const std::vector<std::string>& output,
                      const std::string& ops)
{
    QString top, bottom;
    std::size_t r = 0, o = 0;
    for (char op : ops) {
        if ((op == '=' || op == 'S') && r < reference.size() && o < output.size()) {
            const char* style = op == '=' ? kPlain : kWrong;
            top += cell(reference[r++], style);
            bottom += cell(output[o++], style);
        } else if (op == 'I' && o < output.size()) {
            top += cell("·", kGap);
            bottom += cell(output[o++], kAdded);
        } else if (op == 'D' && r < reference.size()) {
            top += cell(reference[r++], kDropped);
            bottom += cell("·", kGap);
        }
    }
    const auto label = [](const char* text) {
        return QStringLiteral("<td style=\"padding-right: 8px; color: #666666\">%1</td>")
            .arg(QCoreApplication::translate("lathe::gui::AlignmentText", text));
    };
    return QStringLiteral("<table cellspacing=\"0\"><tr>%1%2</tr><tr>%3%4</tr></table>")
        .arg(label(QT_TRANSLATE_NOOP("lathe::gui::AlignmentText", "reference")), top,
             label(QT_TRANSLATE_NOOP("lathe::gui::AlignmentText", "output")), bottom);
}

}  // namespace lathe::gui
