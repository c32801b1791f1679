#include "data/DatasetCache.h"

#include <filesystem>

namespace lathe {

bool DatasetCache::Key::operator==(const Key& o) const
{
    return path == o.path && options.format == o.options.format && options.textColumn == o.options.textColumn &&
           options.labelColumn == o.options.labelColumn && options.requireLabels == o.options.requireLabels &&
           options.replaceInvalidUtf8 == o.options.replaceInvalidUtf8 && size == o.size && modified == o.modified;
}

std::shared_ptr<const TextDataset> DatasetCache::load(const std::string& path, const LoadOptions& options,
                                                      LoadListener* listener)
{
    namespace fs = std::filesystem;
    std::optional<Key> key;
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) {
        const auto size = fs::file_size(path, ec);
        const auto time = fs::last_write_time(path, ec);
        if (!ec)
            key = Key{fs::absolute(path, ec).string(), options, size,
                      std::chrono::duration_cast<std::chrono::nanoseconds>(time.time_since_epoch()).count()};
    }
    std::lock_guard lock(m_mutex);
    if (key && m_key && *key == *m_key)
        return m_dataset;
    m_key.reset();
    m_dataset.reset();  // one dataset in memory at a time
    auto dataset = std::make_shared<const TextDataset>(loadDataset(path, options, listener));
    ++m_loads;
    if (key) {
        m_key = std::move(key);
        m_dataset = dataset;
    }
    return dataset;
}

}  // namespace lathe
