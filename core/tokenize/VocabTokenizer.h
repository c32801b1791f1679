#pragma once
// Internal to core/tokenize: character and word tokenizers share a vocabulary table.
#include "tokenize/Tokenizer.h"

#include <unordered_map>

namespace lathe::detail {

class VocabTokenizer : public Tokenizer {
public:
    VocabTokenizer(std::string kind, std::vector<std::string> vocabulary);

    std::string kind() const override { return m_kind; }
    int vocabularySize() const override { return static_cast<int>(m_pieces.size()); }
    std::vector<int> encode(std::string_view text) const override;
    std::string decode(const std::vector<int>& ids) const override;
    std::string piece(int id) const override;
    std::string toJson() const override;

    std::vector<std::string> split(std::string_view text) const;
    static std::vector<std::string> buildVocabulary(const std::string& kind, const TokenizerOptions& options,
                                                    const std::vector<std::string>& texts,
                                                    const std::vector<std::size_t>& indices);

private:
    std::string m_kind;
    std::vector<std::string> m_pieces;
    std::unordered_map<std::string, int> m_ids;
};

std::unique_ptr<Tokenizer> trainSentencePiece(const TokenizerOptions& options, const std::vector<std::string>& texts,
                                              const std::vector<std::size_t>& indices);
std::unique_ptr<Tokenizer> sentencePieceFromModel(const std::string& kind, const std::string& serializedModel);

}  // namespace lathe::detail
