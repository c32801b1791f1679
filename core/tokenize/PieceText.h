#pragma once
// The text a vocabulary piece spells, for code that matches pieces against words (pretrained
// word vectors, fastText's character n-grams). Header-only and torch-free.
#include <string>
#include <string_view>

namespace lathe {

// SentencePiece (bpe, unigram) marks a piece that starts a word with U+2581.
inline constexpr std::string_view kWordStartMark = "\xE2\x96\x81";

// `piece` without its word-start mark.
inline std::string pieceText(std::string piece)
{
    if (piece.rfind(kWordStartMark, 0) == 0)
        piece.erase(0, kWordStartMark.size());
    return piece;
}

}  // namespace lathe
