#pragma once
// What one process keeps between trainings on the same data (a study worker's trials):
// - the dataset: the same file, unchanged since (size and modification time), read with the same
//   options, is not read and checked again (a folder dataset is always read again: its files
//   could change without the folder's time changing);
// - the tokenizer learned from it: the same options on the same dataset and training split give
//   the same tokenizer, so it is learned once (BPE on a 22 MB corpus: about 5 s).
// Keeps one dataset and the tokenizers learned from it. Torch-free.
#include "data/TextDataset.h"
#include "tokenize/Tokenizer.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace lathe {

class TrainingCache {
public:
    std::shared_ptr<const TextDataset> dataset(const std::string& path, const LoadOptions& options,
                                               LoadListener* listener = nullptr);
    // A tokenizer learned from `data` (one this cache returned, or any other) over `indices`.
    std::shared_ptr<const Tokenizer> tokenizer(const TokenizerOptions& options,
                                               const std::shared_ptr<const TextDataset>& data,
                                               const std::vector<std::size_t>& indices);
    std::size_t datasetLoads() const;    // files read (not hits)
    std::size_t tokenizersLearned() const;

private:
    struct FileKey {
        std::string path;
        LoadOptions options;
        std::uintmax_t size = 0;
        std::int64_t modified = 0;  // ns since the epoch
        bool operator==(const FileKey& o) const;
    };
    struct LearnedTokenizer {
        TokenizerOptions options;
        std::vector<std::size_t> indices;
        std::shared_ptr<const Tokenizer> tokenizer;
    };
    mutable std::mutex m_mutex;
    std::optional<FileKey> m_key;
    std::shared_ptr<const TextDataset> m_dataset;
    std::vector<LearnedTokenizer> m_tokenizers;  // learned from m_dataset, the last few
    std::size_t m_loads = 0;
    std::size_t m_learned = 0;
};

}  // namespace lathe
