#pragma once
// A dataset kept loaded between trainings in one process (a study worker's trials, which all
// train on the same file): the same file, unchanged since (size and modification time), read
// with the same options, is not read and checked again. A folder dataset is always read again
// (its files could change without the folder's time changing). Keeps one dataset.
#include "data/TextDataset.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

namespace lathe {

class DatasetCache {
public:
    std::shared_ptr<const TextDataset> load(const std::string& path, const LoadOptions& options,
                                            LoadListener* listener = nullptr);
    std::size_t loads() const  // reads of a file (not hits)
    {
        std::lock_guard lock(m_mutex);
        return m_loads;
    }

private:
    struct Key {
        std::string path;
        LoadOptions options;
        std::uintmax_t size = 0;
        std::int64_t modified = 0;  // ns since the epoch
        bool operator==(const Key& o) const;
    };
    mutable std::mutex m_mutex;
    std::optional<Key> m_key;
    std::shared_ptr<const TextDataset> m_dataset;
    std::size_t m_loads = 0;
};

}  // namespace lathe
