#include "train/TrainingCache.h"

#include "train/Batches.h"

#include <chrono>
#include <filesystem>

namespace lathe {

std::shared_ptr<const TextDataset> TrainingCache::dataset(const std::string& path, const LoadOptions& options,
                                                          LoadListener* listener)
{
    namespace fs = std::filesystem;
    std::optional<FileKey> key;
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) {
        const auto size = fs::file_size(path, ec);
        const auto time = fs::last_write_time(path, ec);
        if (!ec)
            key = FileKey{fs::absolute(path, ec).string(), options, size,
                          std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count()};
    }
    std::lock_guard lock(m_mutex);
    if (key && m_key && *key == *m_key)
        return m_dataset;
    // One dataset in memory at a time, and the tokenizers learned from it go with it.
    m_key.reset();
    m_dataset.reset();
    m_tokenizers.clear();
    m_encoded.clear();
    auto dataset = std::make_shared<const TextDataset>(loadDataset(path, options, listener));
    ++m_loads;
    if (key) {
        m_key = std::move(key);
        m_dataset = dataset;
    }
    return dataset;
}

std::shared_ptr<const Tokenizer> TrainingCache::tokenizer(const TokenizerOptions& options,
                                                          const std::shared_ptr<const TextDataset>& data,
                                                          const std::vector<std::size_t>& indices)
{
    constexpr std::size_t kKept = 4;
    std::lock_guard lock(m_mutex);
    const bool cached = data && data == m_dataset;
    if (cached)
        for (const auto& t : m_tokenizers)
            if (t.options == options && t.indices == indices)
                return t.tokenizer;
    std::shared_ptr<const Tokenizer> learned = learnTokenizer(options, *data, indices);
    ++m_learned;
    if (cached) {
        if (m_tokenizers.size() == kKept)
            m_tokenizers.erase(m_tokenizers.begin());
        m_tokenizers.push_back({options, indices, learned});
    }
    return learned;
}

std::shared_ptr<const EncodedPart> TrainingCache::encoded(const std::shared_ptr<const Tokenizer>& tokenizer,
                                                          const std::shared_ptr<const TextDataset>& data,
                                                          const std::vector<std::size_t>& indices, int maxLength,
                                                          bool languageModel)
{
    constexpr std::size_t kKept = 4;  // a training and a validation split of two tokenizers
    std::lock_guard lock(m_mutex);
    const bool cached = data && data == m_dataset;
    if (cached)
        for (const auto& e : m_encoded)
            if (e.tokenizer == tokenizer && e.maxLength == maxLength && e.languageModel == languageModel &&
                e.indices == indices)
                return e.part;
    auto part = std::make_shared<const EncodedPart>(encodePart(*tokenizer, *data, indices, maxLength, languageModel));
    ++m_encodedCount;
    if (cached) {
        if (m_encoded.size() == kKept)
            m_encoded.erase(m_encoded.begin());
        m_encoded.push_back({tokenizer, indices, maxLength, languageModel, part});
    }
    return part;
}

std::size_t TrainingCache::partsEncoded() const
{
    std::lock_guard lock(m_mutex);
    return m_encodedCount;
}

std::size_t TrainingCache::datasetLoads() const
{
    std::lock_guard lock(m_mutex);
    return m_loads;
}

std::size_t TrainingCache::tokenizersLearned() const
{
    std::lock_guard lock(m_mutex);
    return m_learned;
}

}  // namespace lathe
