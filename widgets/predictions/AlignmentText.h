#pragma once
// An encoder–decoder's output against its reference, aligned token by token as rich text (a
// two-row table): matches plain, substitutions red in both rows, insertions (output only) green,
// deletions (reference only) struck through.
#include <QString>

#include <string>
#include <vector>

namespace lathe::gui {

// `ops` are EditOp characters (= S I D) from core/metrics/SequenceMetrics.h.
QString alignmentHtml(const std::vector<std::string>& reference, const std::vector<std::string>& output,
                      const std::string& ops);

}  // namespace lathe::gui
