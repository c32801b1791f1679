#include "common/CoreText.h"
#include "data/DatasetProfile.h"

#include "data/Split.h"
#include "tokenize/Tokenizer.h"

#include <algorithm>
#include <map>

namespace lathe::gui {

// Histogram bins over token lengths.
constexpr int kBins = 20;

DatasetProfile profileDataset(const TextDataset& dataset, const QString& tokenizerKind, int truncateAt,
                              qsizetype sampleLimit, int topCount)
{
    DatasetProfile p;
    p.tokenizer = tokenizerKind;
    p.truncateAt = truncateAt;
    if (dataset.labelled()) {
        const auto counts = dataset.classCounts();
        for (std::size_t i = 0; i < counts.size(); ++i)
            p.classCounts.append({QString::fromStdString(dataset.classes[i]), qint64(counts[i])});
    }
    const auto split = splitDataset(dataset, SplitOptions{});
    p.trainSize = qint64(split.train.size());
    p.validationSize = qint64(split.validation.size());
    p.testSize = qint64(split.test.size());

    const std::size_t n = dataset.size();
    if (n == 0)
        return p;
    const std::size_t stride = std::max<std::size_t>(1, n / std::size_t(std::max<qsizetype>(1, sampleLimit)));
    std::vector<std::size_t> sample;
    for (std::size_t i = 0; i < n && sample.size() < std::size_t(sampleLimit); i += stride)
        sample.push_back(i);
    p.sampled = qint64(sample.size());

    std::unique_ptr<Tokenizer> tokenizer;
    try {
        TokenizerOptions options;
        options.kind = tokenizerKind.toStdString();
        tokenizer = trainTokenizer(options, dataset.texts, sample);
    } catch (const std::exception& e) {
        p.error = coreErrorText(e);
        return p;
    }
    p.vocabularySize = tokenizer->vocabularySize();
    std::vector<int> lengths;
    lengths.reserve(sample.size());
    std::map<int, qint64> pieceCounts;
    for (const auto i : sample) {
        const auto ids = tokenizer->encode(dataset.texts[i]);
        lengths.push_back(int(ids.size()));
        for (const int id : ids)
            if (id > Tokenizer::kEos)
                ++pieceCounts[id];
    }
    std::vector<int> sorted = lengths;
    std::sort(sorted.begin(), sorted.end());
    p.medianLength = sorted[sorted.size() / 2];
    p.p95Length = sorted[std::min(sorted.size() - 1, sorted.size() * 95 / 100)];
    p.maxLength = sorted.back();
    p.truncatedShare = double(sorted.end() - std::upper_bound(sorted.begin(), sorted.end(), truncateAt)) / double(sorted.size());
    const int width = std::max(1, (p.maxLength + kBins) / kBins);
    for (int b = 0; b <= kBins; ++b)
        p.lengthBinEdges.append(b * width);
    p.lengthCounts.fill(0, kBins);
    for (const int len : lengths)
        ++p.lengthCounts[std::min(kBins - 1, len / width)];

    std::vector<std::pair<qint64, int>> byCount;
    for (const auto& [id, count] : pieceCounts)
        byCount.push_back({count, id});
    const auto top = std::min<std::size_t>(std::size_t(topCount), byCount.size());
    std::partial_sort(byCount.begin(), byCount.begin() + std::ptrdiff_t(top), byCount.end(),
                      [](const auto& a, const auto& b) { return a.first > b.first || (a.first == b.first && a.second < b.second); });
    for (std::size_t i = 0; i < top; ++i)
        p.topPieces.append({QString::fromStdString(tokenizer->piece(byCount[i].second)), byCount[i].first});
    return p;
}

}  // namespace lathe::gui
