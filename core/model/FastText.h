#pragma once
// Internal to core (includes LibTorch): the fastText-style classifier (Joulin et al. 2017, "Bag
// of Tricks for Efficient Text Classification"; subword n-grams as in Bojanowski et al. 2017).
// A sequence is the mean of the embeddings of its features — every token, the hashed n-grams of
// consecutive tokens (word bigrams, trigrams) and the hashed character n-grams of each token —
// followed by one linear layer. No attention, no recurrence: it trains in seconds and is the
// floor a model has to beat.
#include "model/Models.h"
#include "tokenize/Tokenizer.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace lathe {

class FastTextClassifierImpl : public SequenceModelImpl {
public:
    // Character n-grams kept per token (a token's longer tail of n-grams is dropped).
    static constexpr int kMaxCharNgrams = 32;

    explicit FastTextClassifierImpl(const ModelConfig& c);
    torch::Tensor forward(const torch::Tensor& ids, AttentionMaps* attention = nullptr) override;
    torch::Tensor features(const torch::Tensor& ids) override;
    bool isLanguageModel() const override { return false; }
    // Fills the character n-gram buckets of every token of `tokenizer` (its pieces); kept with the
    // model's weights (the `subwords` buffer), so a loaded checkpoint needs no tokenizer.
    void setSubwords(const Tokenizer& tokenizer);

    torch::nn::Embedding tokens{nullptr};  // [vocabulary, width]
    torch::nn::Embedding ngrams{nullptr};  // [buckets, width]: word and character n-grams share it
    torch::nn::Dropout drop{nullptr};
    Projection head{nullptr};
    torch::Tensor subwords;  // int64 [vocabulary, kMaxCharNgrams]: bucket ids, -1 past the last

private:
    ModelConfig m_config;
};

// The bucket of each character n-gram (n from minN to maxN, in code points) of `word` wrapped
// in '<' and '>', the whole wrapped word excluded, as fastText forms them (FNV-1a of the
// n-gram's bytes modulo `buckets`), at most `limit`.
std::vector<std::int64_t> charNgramBuckets(std::string_view word, int minN, int maxN, std::int64_t buckets,
                                           std::size_t limit);

// The bucket of the word n-gram that starts with token `first` and continues with `rest`.
std::int64_t wordNgramBucket(std::int64_t first, const std::int64_t* rest, int restCount, std::int64_t buckets);

// setSubwords for a fastText model; nothing for other families.
void attachTokenizer(SequenceModelImpl& model, const Tokenizer& tokenizer);

}  // namespace lathe
