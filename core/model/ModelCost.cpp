#include "model/ModelCost.h"

namespace lathe {

std::int64_t flopsPerToken(SequenceModelImpl& model, const ModelConfig& config)
{
    std::int64_t macs = 0;
    for (const auto& [name, p] : projections(model)) {
        // A shared block's layers run once per layer.
        const bool shared =
            config.shareBlocks && (name.rfind("blocks.", 0) == 0 || name.rfind("decoder_blocks.", 0) == 0);
        macs += p->multiplyAdds() * (shared ? config.layers : 1);
    }
    if (isTransformerFamily(config.family))
        macs += std::int64_t{2} * config.maxLength * config.width * config.layers;
    // An encoder–decoder's attention products: the encoder's and the decoder's self-attention and
    // the cross-attention (a token per side counted as one token of the pair).
    if (config.family == "seq2seq")
        macs += std::int64_t{6} * config.maxLength * config.width * config.layers;
    if (config.family == "lstm-seq2seq")
        macs += std::int64_t{3} * config.maxLength * config.hidden;
    // The LSTM's products (its weights are not Projections): per layer and direction, the gates
    // 4·hidden from the layer's input and from the previous h.
    const auto lstmMacs = [&](std::int64_t directions) {
        const std::int64_t h = config.hidden;
        for (int l = 0; l < config.layers; ++l) {
            const std::int64_t in = l == 0 ? config.width : h * directions;
            macs += directions * 4 * h * (in + h);
        }
    };
    if (config.family == "lstm" || config.family == "bilstm")
        lstmMacs(config.family == "bilstm" && config.bidirectional ? 2 : 1);
    if (config.family == "lstm-seq2seq") {  // the bidirectional encoder and the decoder
        lstmMacs(2);
        lstmMacs(1);
    }
    // fastText adds up the rows of each token's features: itself, its word n-grams and its
    // character n-grams (about four of each length).
    if (config.family == "fasttext") {
        const int chars = config.charNgramMax > 0 ? 4 * (config.charNgramMax - config.charNgramMin + 1) : 0;
        macs += std::int64_t{config.width} * (config.wordNgrams + chars) / 2;
    }
    // A tied output layer multiplies by the embedding matrix, which is not a Projection.
    if (config.tieEmbeddings)
        macs += std::int64_t{config.family == "lstm" || config.family == "lstm-seq2seq" ? config.hidden : config.width} *
                (isSequenceToSequence(config.family) && config.targetVocabularySize > 0 ? config.targetVocabularySize
                                                                                       : config.vocabularySize);
    // An encoder–decoder's projections each run once per token of their side (the encoder's and the
    // cross-attention's keys and values per source token, the rest per target token): `macs` is one
    // source and one target token's, and throughput counts both sides' tokens.
    if (isSequenceToSequence(config.family))
        return macs;
    return 2 * macs;
}

}  // namespace lathe
