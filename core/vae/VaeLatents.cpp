#include "data/Split.h"
#include "data/TextDataset.h"
#include "vae/VaeCheckpoint.h"

#include <nlohmann/json.hpp>

namespace lathe {

VaeLatents vaeLatentMeans(const std::string& checkpoint, const std::string& runConfigJson, int maxSentences)
{
    auto c = loadVaeCheckpoint(checkpoint);
    const auto settings = nlohmann::json::parse(runConfigJson);
    const auto& d = settings.at("data");
    LoadOptions options;
    options.format = dataFormatFromString(d.value("format", std::string("auto")));
    options.textColumn = d.value("textColumn", std::string("text"));
    options.labelColumn = d.value("labelColumn", std::string("label"));
    options.requireLabels = false;
    const auto path = d.at("path").get<std::string>();
    const auto data = loadDataset(path, options);
    // The labels, when the file has them, only to colour the points: the split stays the run's
    // (made without them).
    TextDataset labelled;
    try {
        options.requireLabels = true;
        labelled = loadDataset(path, options);
    } catch (const std::exception&) {
    }
    const bool haveLabels = labelled.labelled() && labelled.size() == data.size();
    // The run's own validation split: the same fractions and seed give the same sentences.
    SplitOptions split;
    split.validationFraction = c.config.validationFraction;
    split.testFraction = 0;
    split.seed = c.config.seed;
    auto rows = splitDataset(data, split).validation;
    if (static_cast<int>(rows.size()) > maxSentences)
        rows.resize(static_cast<std::size_t>(maxSentences));
    VaeLatents out;
    if (haveLabels)
        out.classNames = labelled.classes;
    auto& t = out.table;
    t.dim = c.config.latent;
    torch::NoGradGuard noGrad;
    for (std::size_t from = 0; from < rows.size(); from += 64) {
        const auto to = std::min(rows.size(), from + 64);
        std::size_t longest = 0;
        std::vector<std::vector<std::int64_t>> batch;
        for (auto i = from; i < to; ++i) {
            batch.push_back(vaeSentence(*c.tokenizer, data.texts[rows[i]], c.config.maxLength));
            longest = std::max(longest, batch.back().size());
        }
        auto ids = torch::zeros({static_cast<std::int64_t>(batch.size()), static_cast<std::int64_t>(longest)}, torch::kInt64);
        for (std::size_t b = 0; b < batch.size(); ++b)
            std::copy(batch[b].begin(), batch[b].end(), ids.data_ptr<std::int64_t>() + b * longest);
        const auto means = c.model->encode(ids).mean.contiguous();
        t.values.insert(t.values.end(), means.data_ptr<float>(), means.data_ptr<float>() + means.numel());
        for (auto i = from; i < to; ++i) {
            t.labels.push_back(data.texts[rows[i]]);
            t.classes.push_back(haveLabels ? labelled.labels[rows[i]] : -1);
        }
    }
    t.rows = static_cast<int>(t.labels.size());
    return out;
}

}  // namespace lathe
