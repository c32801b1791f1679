#include "train/Batches.h"

#include <algorithm>

namespace lathe {

Sequence encodeInput(const Tokenizer& tok, std::string_view text, int maxLength)
{
    Sequence s{Tokenizer::kBos};
    for (int id : tok.encode(text)) {
        if (static_cast<int>(s.size()) >= maxLength)
            break;
        s.push_back(id);
    }
    return s;
}

torch::Tensor inputBatch(const Tokenizer& tok, const std::vector<std::string>& texts, std::size_t from, std::size_t to,
                         int maxLength)
{
    std::vector<Sequence> seqs;
    for (auto i = from; i < to; ++i)
        seqs.push_back(encodeInput(tok, texts[i], maxLength));
    std::vector<const Sequence*> batch;
    for (const auto& s : seqs)
        batch.push_back(&s);
    return padBatch(batch);
}

std::string decodeIds(const Tokenizer& tok, const std::vector<std::int64_t>& ids)
{
    return tok.decode(std::vector<int>(ids.begin(), ids.end()));
}

std::vector<Sequence> encodeExamples(const Tokenizer& tok, const TextDataset& ds, const std::vector<std::size_t>& indices,
                                     int maxLength)
{
    std::vector<Sequence> out;
    out.reserve(indices.size());
    for (auto i : indices)
        out.push_back(encodeInput(tok, ds.texts[i], maxLength));
    return out;
}

std::vector<Sequence> encodeWindows(const Tokenizer& tok, const TextDataset& ds, const std::vector<std::size_t>& indices,
                                    int maxLength)
{
    Sequence stream;
    for (auto i : indices) {
        stream.push_back(Tokenizer::kBos);
        for (int id : tok.encode(ds.texts[i]))
            stream.push_back(id);
        stream.push_back(Tokenizer::kEos);
    }
    std::vector<Sequence> windows;
    const auto stride = static_cast<std::size_t>(maxLength);
    for (std::size_t start = 0; start + 1 < stream.size(); start += stride) {
        const auto end = std::min(stream.size(), start + stride + 1);
        windows.emplace_back(stream.begin() + static_cast<std::ptrdiff_t>(start),
                             stream.begin() + static_cast<std::ptrdiff_t>(end));
    }
    return windows;
}

std::vector<Sequence> encodeTargets(const Tokenizer& tok, const std::vector<std::string>& texts, int maxLength)
{
    std::vector<Sequence> out;
    out.reserve(texts.size());
    for (const auto& text : texts) {
        Sequence s{Tokenizer::kBos};
        for (int id : tok.encode(text))
            s.push_back(id);
        s.push_back(Tokenizer::kEos);
        if (static_cast<int>(s.size()) > maxLength + 1)
            s.resize(static_cast<std::size_t>(maxLength) + 1);
        out.push_back(std::move(s));
    }
    return out;
}

std::unique_ptr<Tokenizer> learnTokenizer(const TokenizerOptions& options, const TextDataset& ds,
                                          const std::vector<std::size_t>& indices)
{
    if (!ds.paired())
        return trainTokenizer(options, ds.texts, indices);
    std::vector<std::string> both;
    both.reserve(2 * indices.size());
    for (auto i : indices) {
        both.push_back(ds.texts[i]);
        both.push_back(ds.targets[i]);
    }
    std::vector<std::size_t> all(both.size());
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = i;
    return trainTokenizer(options, both, all);
}

torch::Tensor padBatch(const std::vector<const Sequence*>& batch)
{
    std::size_t longest = 1;
    for (const auto* s : batch)
        longest = std::max(longest, s->size());
    auto ids = torch::zeros({static_cast<std::int64_t>(batch.size()), static_cast<std::int64_t>(longest)}, torch::kLong);
    auto acc = ids.accessor<std::int64_t, 2>();
    for (std::size_t b = 0; b < batch.size(); ++b)
        for (std::size_t t = 0; t < batch[b]->size(); ++t)
            acc[static_cast<std::int64_t>(b)][static_cast<std::int64_t>(t)] = (*batch[b])[t];
    return ids;
}

std::int64_t countTokens(const torch::Tensor& ids) { return ids.ne(0).sum().item<std::int64_t>(); }

EncodedPart encodePart(const Tokenizer& tok, const TextDataset& ds, const std::vector<std::size_t>& indices,
                       int maxLength, bool languageModel, const Tokenizer* targetTok)
{
    EncodedPart out;
    if (languageModel) {
        out.sequences = encodeWindows(tok, ds, indices, maxLength);
        return out;
    }
    out.sequences = encodeExamples(tok, ds, indices, maxLength);
    if (ds.paired()) {
        for (auto i : indices)
            out.targetTexts.push_back(ds.targets[i]);
        out.targets = encodeTargets(targetTok ? *targetTok : tok, out.targetTexts, maxLength);
        return out;
    }
    for (auto i : indices)
        out.labels.push_back(ds.labels[i]);
    return out;
}

}  // namespace lathe
