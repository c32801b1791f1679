#pragma once
// What one process keeps between trainings on the same data (a study worker's trials):
// - the dataset: the same file, unchanged since (size and modification time), read with the same
//   options, is not read and checked again (a folder dataset is always read again: its files
//   could change without the folder's time changing);
// - the tokenizer learned from it: the same options on the same dataset and training split give
//   the same tokenizer, so it is learned once;
// - the texts encoded by such a tokenizer: the same split and sequence length give the same ids
//   (BPE encodes a 22 MB corpus in about 5 s).
// Keeps one dataset and what was learned and encoded from it. The header is torch-free.
#include "data/TextDataset.h"
#include "tokenize/Tokenizer.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace lathe {

struct EncodedPart;

class TrainingCache {
public:
    std::shared_ptr<const TextDataset> dataset(const std::string& path, const LoadOptions& options,
                                               LoadListener* listener = nullptr);
    // A tokenizer learned from `data` (one this cache returned, or any other) over `indices`.
    std::shared_ptr<const Tokenizer> tokenizer(const TokenizerOptions& options,
                                               const std::shared_ptr<const TextDataset>& data,
                                               const std::vector<std::size_t>& indices);
    // `indices` of `data` encoded by `tokenizer` (as encodePart does).
    std::shared_ptr<const EncodedPart> encoded(const std::shared_ptr<const Tokenizer>& tokenizer,
                                               const std::shared_ptr<const TextDataset>& data,
                                               const std::vector<std::size_t>& indices, int maxLength,
                                               bool languageModel);
    std::size_t datasetLoads() const;    // files read (not hits)
    std::size_t tokenizersLearned() const;
    std::size_t partsEncoded() const;

private:
    struct FileKey {
        std::string path;
        LoadOptions options;
        std::uintmax_t size = 0;
        std::int64_t modified = 0;  // ns since the epoch
        bool operator==(const FileKey&) const = default;
    };
    struct LearnedTokenizer {
        TokenizerOptions options;
        std::vector<std::size_t> indices;
        std::shared_ptr<const Tokenizer> tokenizer;
    };
    mutable std::mutex m_mutex;
    std::optional<FileKey> m_key;
    std::shared_ptr<const TextDataset> m_dataset;
    struct EncodedEntry {
        std::shared_ptr<const Tokenizer> tokenizer;  // held, so its address stays its own
        std::vector<std::size_t> indices;
        int maxLength = 0;
        bool languageModel = false;
        std::shared_ptr<const EncodedPart> part;
    };
    std::vector<LearnedTokenizer> m_tokenizers;  // learned from m_dataset, the last few
    std::vector<EncodedEntry> m_encoded;         // of m_dataset, the last few
    std::size_t m_loads = 0;
    std::size_t m_learned = 0;
    std::size_t m_encodedCount = 0;
};

}  // namespace lathe
