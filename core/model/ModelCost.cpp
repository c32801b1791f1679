#include "model/ModelCost.h"

namespace lathe {

std::int64_t flopsPerToken(SequenceModelImpl& model, const ModelConfig& config)
{
    std::int64_t macs = 0;
    for (const auto& [name, p] : projections(model)) {
        // A shared block's layers run once per layer.
        const bool shared = config.shareBlocks && name.rfind("blocks.", 0) == 0;
        macs += p->multiplyAdds() * (shared ? config.layers : 1);
    }
    if (config.family == "transformer" || config.family == "gpt")
        macs += std::int64_t{2} * config.maxLength * config.width * config.layers;
    // A tied output layer multiplies by the embedding matrix, which is not a Projection.
    if (config.tieEmbeddings)
        macs += std::int64_t{config.family == "lstm" ? config.hidden : config.width} * config.vocabularySize;
    return 2 * macs;
}

}  // namespace lathe
