#include "data/Split.h"
#include "util/Hash.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace lathe {

namespace {
void take(std::vector<std::size_t>& pool, double valFrac, double testFrac, DataSplit& out)
{
    const auto n = pool.size();
    auto nVal = static_cast<std::size_t>(std::llround(static_cast<double>(n) * valFrac));
    auto nTest = static_cast<std::size_t>(std::llround(static_cast<double>(n) * testFrac));
    while (n > 0 && nVal + nTest >= n) {
        if (nTest > 0)
            --nTest;
        else if (nVal > 0)
            --nVal;
        else
            break;
    }
    out.validation.insert(out.validation.end(), pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(nVal));
    out.test.insert(out.test.end(), pool.begin() + static_cast<std::ptrdiff_t>(nVal),
                    pool.begin() + static_cast<std::ptrdiff_t>(nVal + nTest));
    out.train.insert(out.train.end(), pool.begin() + static_cast<std::ptrdiff_t>(nVal + nTest), pool.end());
}
}  // namespace

std::vector<std::size_t> limitedTraining(std::vector<std::size_t> train, int limit, std::uint64_t seed)
{
    if (limit <= 0 || static_cast<std::size_t>(limit) >= train.size())
        return train;
    std::mt19937_64 rng(seed ^ 0x7A11C0DEULL);
    std::shuffle(train.begin(), train.end(), rng);
    train.resize(static_cast<std::size_t>(limit));
    std::sort(train.begin(), train.end());
    return train;
}

DataSplit splitDataset(const TextDataset& ds, const SplitOptions& o)
{
    std::mt19937_64 rng(o.seed);
    DataSplit split;
    if (!ds.labelled()) {
        std::vector<std::size_t> all(ds.size());
        for (std::size_t i = 0; i < all.size(); ++i)
            all[i] = i;
        std::shuffle(all.begin(), all.end(), rng);
        take(all, o.validationFraction, o.testFraction, split);
    } else {
        std::vector<std::vector<std::size_t>> byClass(ds.classes.size());
        for (std::size_t i = 0; i < ds.size(); ++i)
            byClass[static_cast<std::size_t>(ds.labels[i])].push_back(i);
        for (auto& pool : byClass) {
            std::shuffle(pool.begin(), pool.end(), rng);
            take(pool, o.validationFraction, o.testFraction, split);
        }
    }
    // Sorted within each split so iteration order does not depend on class order.
    for (auto* v : {&split.train, &split.validation, &split.test})
        std::sort(v->begin(), v->end());
    return split;
}

std::string datasetFingerprint(const TextDataset& ds, const std::string& optionsJson)
{
    ContentHash h;
    h.addField(optionsJson);
    h.addInt(static_cast<std::int64_t>(ds.size()));
    for (const auto& c : ds.classes)
        h.addField(c);
    for (std::size_t i = 0; i < ds.size(); ++i) {
        h.addField(ds.texts[i]);
        h.addInt(ds.labelled() ? ds.labels[i] : -1);
        // Parallel pairs: the target side too (unpaired data hashes exactly as before).
        if (ds.paired())
            h.addField(ds.targets[i]);
    }
    return h.hex();
}

}  // namespace lathe
