#pragma once
// Internal to core/train (includes LibTorch): token sequences and the tensors built from them.
#include "data/TextDataset.h"
#include "tokenize/Tokenizer.h"

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lathe {

using Sequence = std::vector<std::int32_t>;

// A model's input for one text (a classifier's, an encoder's): <bos> + its ids, cut to maxLength.
Sequence encodeInput(const Tokenizer& tok, std::string_view text, int maxLength);
// texts[from, to) so encoded and padded: [B, T] int64.
torch::Tensor inputBatch(const Tokenizer& tok, const std::vector<std::string>& texts, std::size_t from, std::size_t to,
                         int maxLength);
// Token ids (a decoded hypothesis, a reference) as text.
std::string decodeIds(const Tokenizer& tok, const std::vector<std::int64_t>& ids);

// Classification: <bos> + ids, cut to maxLength.
std::vector<Sequence> encodeExamples(const Tokenizer& tok, const TextDataset& ds, const std::vector<std::size_t>& indices,
                                     int maxLength);
// Language modelling: the texts as one stream (<bos> text <eos> ...) cut into windows of
// maxLength + 1 tokens; input is a window without its last token, target without its first.
std::vector<Sequence> encodeWindows(const Tokenizer& tok, const TextDataset& ds, const std::vector<std::size_t>& indices,
                                    int maxLength);

// Encoder–decoder targets: <bos> + ids + <eos>, at most maxLength + 1 tokens (the decoder
// reads all but the last); one cut short has no <eos>.
std::vector<Sequence> encodeTargets(const Tokenizer& tok, const std::vector<std::string>& texts, int maxLength);

// One split part ready to train or evaluate on: windows for a language model (no labels); for
// pairs (ds.paired()) the sources, their targets and the target texts; else one sequence per
// example with its label.
struct EncodedPart {
    std::vector<Sequence> sequences;
    std::vector<int> labels;
    std::vector<Sequence> targets;
    std::vector<std::string> targetTexts;
};
// `targetTok`: pairs whose targets have a tokenizer of their own (null: `tok` reads both sides).
EncodedPart encodePart(const Tokenizer& tok, const TextDataset& ds, const std::vector<std::size_t>& indices,
                       int maxLength, bool languageModel, const Tokenizer* targetTok = nullptr);

// A tokenizer learned from the texts of `indices`; for pairs, from both sides (one vocabulary).
std::unique_ptr<Tokenizer> learnTokenizer(const TokenizerOptions& options, const TextDataset& ds,
                                          const std::vector<std::size_t>& indices);

// Pads to the longest sequence with <pad> = 0; [B, T] int64.
torch::Tensor padBatch(const std::vector<const Sequence*>& batch);

std::int64_t countTokens(const torch::Tensor& ids);

}  // namespace lathe
