#pragma once
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lathe {

struct TokenizerOptions {
    std::string kind = "word";   // char | word | bpe | unigram
    int vocabularyCap = 8000;    // including the four special tokens
    int minFrequency = 1;        // char and word: rarer pieces map to <unk>
    bool operator==(const TokenizerOptions&) const = default;
};

// Maps text to ids and back. Ids 0..3 are the same special tokens for every kind.
class Tokenizer {
public:
    static constexpr int kPad = 0;
    static constexpr int kUnk = 1;
    static constexpr int kBos = 2;  // also the classifier's first (pooling) token
    static constexpr int kEos = 3;

    virtual ~Tokenizer() = default;
    virtual std::string kind() const = 0;
    virtual int vocabularySize() const = 0;
    virtual std::vector<int> encode(std::string_view text) const = 0;
    virtual std::string decode(const std::vector<int>& ids) const = 0;
    // Display text of one id (for vocabulary previews and attention labels).
    virtual std::string piece(int id) const = 0;
    // Self-contained JSON: the saved file reproduces the same ids forever.
    virtual std::string toJson() const = 0;
};

// Learns a tokenizer from the given texts (the training split only).
std::unique_ptr<Tokenizer> trainTokenizer(const TokenizerOptions& options, const std::vector<std::string>& texts,
                                          const std::vector<std::size_t>& indices);
std::unique_ptr<Tokenizer> tokenizerFromJson(const std::string& json);  // throws std::runtime_error

// The pieces the word tokenizer splits text into (lowercased ASCII, punctuation and each
// CJK ideograph on their own); exposed for tests and previews.
std::vector<std::string> splitWords(std::string_view text);

}  // namespace lathe
