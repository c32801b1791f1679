#include "model/FastText.h"

#include "kernels/Kernels.h"
#include "tokenize/PieceText.h"

#include <stdexcept>

namespace lathe {

namespace {
// fastText's FNV-1a, which mixes each byte in as a signed char (so bytes above 127 sign-extend):
// the same buckets as its models for non-ASCII text too.
std::uint32_t fnv1a(std::string_view bytes)
{
    std::uint32_t h = 2166136261u;
    for (char c : bytes) {
        h ^= static_cast<std::uint32_t>(static_cast<std::int8_t>(c));
        h *= 16777619u;
    }
    return h;
}

// Byte offsets of the code points of `s`, and its length as the last entry.
std::vector<std::size_t> codePointStarts(std::string_view s)
{
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80)
            starts.push_back(i);
    starts.push_back(s.size());
    return starts;
}
}  // namespace

std::vector<std::int64_t> charNgramBuckets(std::string_view word, int minN, int maxN, std::int64_t buckets,
                                           std::size_t limit)
{
    std::vector<std::int64_t> out;
    if (minN <= 0 || maxN < minN || buckets <= 0 || word.empty())
        return out;
    const std::string wrapped = "<" + std::string(word) + ">";
    const auto starts = codePointStarts(wrapped);
    const int points = static_cast<int>(starts.size()) - 1;
    for (int n = minN; n <= maxN && out.size() < limit; ++n)
        for (int i = 0; i + n <= points && out.size() < limit; ++i) {
            if (n == points)
                continue;  // the whole word is the token itself
            if (n == 1 && (i == 0 || i + 1 == points))
                continue;  // "<" and ">" alone: every word has them (fastText leaves them out too)
            const auto gram = std::string_view(wrapped).substr(starts[i], starts[i + n] - starts[i]);
            out.push_back(static_cast<std::int64_t>(fnv1a(gram) % static_cast<std::uint64_t>(buckets)));
        }
    return out;
}

std::int64_t wordNgramBucket(std::int64_t first, const std::int64_t* rest, int restCount, std::int64_t buckets)
{
    // fastText's combination of word hashes, here over token ids.
    std::uint64_t h = static_cast<std::uint64_t>(first);
    for (int i = 0; i < restCount; ++i)
        h = h * 116049371u + static_cast<std::uint64_t>(rest[i]);
    return static_cast<std::int64_t>(h % static_cast<std::uint64_t>(buckets));
}

FastTextClassifierImpl::FastTextClassifierImpl(const ModelConfig& c) : m_config(c)
{
    tokens = register_module("tokens", torch::nn::Embedding(c.vocabularySize, c.width));
    const auto buckets = std::max(1, c.buckets);
    ngrams = register_module("ngrams", torch::nn::Embedding(buckets, c.width));
    // fastText's initialization of its input vectors.
    torch::NoGradGuard noGrad;
    tokens->weight.uniform_(-1.0 / c.width, 1.0 / c.width);
    ngrams->weight.uniform_(-1.0 / c.width, 1.0 / c.width);
    drop = register_module("drop", torch::nn::Dropout(c.dropout));
    head = register_module("head", Projection(c.width, c.numClasses, rankOf(c, "head")));
    subwords = register_buffer("subwords", torch::full({c.vocabularySize, kMaxCharNgrams}, -1, torch::kInt64));
}

void FastTextClassifierImpl::setSubwords(const Tokenizer& tokenizer)
{
    torch::NoGradGuard noGrad;
    auto table = subwords.accessor<std::int64_t, 2>();
    const int vocabulary = std::min<int>(tokenizer.vocabularySize(), static_cast<int>(subwords.size(0)));
    for (int id = 0; id < vocabulary; ++id) {
        for (int k = 0; k < kMaxCharNgrams; ++k)
            table[id][k] = -1;
        if (id <= Tokenizer::kEos || m_config.charNgramMax <= 0)
            continue;  // the special tokens have no spelling
        const auto grams = charNgramBuckets(pieceText(tokenizer.piece(id)), m_config.charNgramMin,
                                            m_config.charNgramMax, ngrams->weight.size(0), kMaxCharNgrams);
        for (std::size_t k = 0; k < grams.size(); ++k)
            table[id][static_cast<std::int64_t>(k)] = grams[k];
    }
}

torch::Tensor FastTextClassifierImpl::features(const torch::Tensor& ids)
{
    // The feature lists of each sequence, built on the CPU: the tokens' own rows, and the
    // n-gram rows (character n-grams of each token, then the word n-grams starting there).
    const auto cpuIds = ids.to(torch::kCPU).to(torch::kInt64).contiguous();
    const auto B = cpuIds.size(0), T = cpuIds.size(1);
    const auto* x = cpuIds.data_ptr<std::int64_t>();
    const auto table = subwords.accessor<std::int64_t, 2>();
    const std::int64_t buckets = ngrams->weight.size(0);
    const int wordN = std::max(1, m_config.wordNgrams);
    std::vector<std::int64_t> tokenIndex, tokenOffsets, gramIndex, gramOffsets;
    std::vector<float> counts;  // features per sequence
    tokenIndex.reserve(static_cast<std::size_t>(B * T));
    gramIndex.reserve(static_cast<std::size_t>(B * T * 4));
    for (std::int64_t b = 0; b < B; ++b) {
        tokenOffsets.push_back(static_cast<std::int64_t>(tokenIndex.size()));
        gramOffsets.push_back(static_cast<std::int64_t>(gramIndex.size()));
        const auto* row = x + b * T;
        std::int64_t length = 0;
        while (length < T && row[length] != Tokenizer::kPad)
            ++length;
        for (std::int64_t t = 0; t < length; ++t) {
            const auto id = row[t];
            tokenIndex.push_back(id);
            if (id >= 0 && id < table.size(0))
                for (int k = 0; k < kMaxCharNgrams && table[id][k] >= 0; ++k) {
                    // Only a table edited apart from its weights can point past them.
                    if (table[id][k] >= buckets)
                        throw std::runtime_error("the character n-gram table does not match the n-gram weights");
                    gramIndex.push_back(table[id][k]);
                }
            for (int n = 2; n <= wordN && t + n <= length; ++n)
                gramIndex.push_back(wordNgramBucket(id, row + t + 1, n - 1, buckets));
        }
        const auto features = tokenIndex.size() + gramIndex.size() -
                              static_cast<std::size_t>(tokenOffsets.back() + gramOffsets.back());
        counts.push_back(static_cast<float>(std::max<std::size_t>(1, features)));
    }
    const auto asTensor = [&](std::vector<std::int64_t>& v) {
        return torch::from_blob(v.data(), {static_cast<std::int64_t>(v.size())}, torch::kInt64).clone().to(ids.device());
    };
    const auto sum = [&](const torch::Tensor& weight, std::vector<std::int64_t>& index, std::vector<std::int64_t>& offsets) {
        // Mode 0: the sum of each bag's rows (an empty bag is zeros).
        return std::get<0>(torch::embedding_bag(weight, asTensor(index), asTensor(offsets), false, 0));
    };
    auto total = sum(tokens->weight, tokenIndex, tokenOffsets);
    if (!gramIndex.empty())
        total = total + sum(ngrams->weight, gramIndex, gramOffsets);
    const auto n = torch::from_blob(counts.data(), {B, 1}, torch::kFloat).clone().to(ids.device());
    return total / n;
}

torch::Tensor FastTextClassifierImpl::forward(const torch::Tensor& ids, AttentionMaps*)
{
    return head(kernels::dropout(features(ids), drop->options.p(), is_training()));
}

void attachTokenizer(SequenceModelImpl& model, const Tokenizer& tokenizer)
{
    if (auto* fastText = dynamic_cast<FastTextClassifierImpl*>(&model))
        fastText->setSubwords(tokenizer);
}

}  // namespace lathe
