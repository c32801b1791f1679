#include "train/PretrainedEmbeddings.h"
#include "data/DataError.h"
#include "tokenize/PieceText.h"
#include "util/Message.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace lathe {

namespace {
std::string lowercaseAscii(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}
}  // namespace

EmbeddingCoverage initializeEmbeddings(SequenceModelImpl& model, const Tokenizer& tokenizer, const WordVectors& vectors)
{
    auto weight = model.named_parameters()["tokens.weight"];
    if (weight.size(1) != vectors.dim)
        throw DataError(vectors.path, 0,
                        Message(LATHE_TR("Training", "the word vectors have %1 dimensions but the model's token embeddings "
                                                 "have %2"),
                                vectors.dim, weight.size(1)),
                        Message(LATHE_TR("Training", "Set the model width (embedding size) to %1, or use vectors of "
                                                 "size %2"),
                                vectors.dim, weight.size(1)));
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < vectors.words.size(); ++i)
        index.emplace(vectors.words[i], i);
    EmbeddingCoverage coverage;
    torch::NoGradGuard noGrad;
    // Ids 0..3 are <pad>, <unk>, <bos>, <eos>: never from word vectors.
    for (int id = 4; id < tokenizer.vocabularySize(); ++id) {
        ++coverage.vocabulary;
        const auto piece = pieceText(tokenizer.piece(id));
        auto it = index.find(piece);
        if (it == index.end())
            it = index.find(lowercaseAscii(piece));
        if (it == index.end())
            continue;
        const float* row = &vectors.values[it->second * static_cast<std::size_t>(vectors.dim)];
        weight[id].copy_(torch::from_blob(const_cast<float*>(row), {vectors.dim}, torch::kFloat));
        ++coverage.covered;
    }
    return coverage;
}

}  // namespace lathe
