#pragma once
// Attention of one model on one text, and the views drawn from it. Torch-free: widgets/
// and app/ read it; core/inspect/ModelInspector computes it with the model itself.
#include <cstdint>
#include <string>
#include <vector>

namespace lathe {

// A [query][key] map, row-major: square for self-attention (size × size), size queries × cols
// keys for an encoder–decoder's cross-attention (target tokens down, source tokens across).
struct SquareMap {
    int size = 0;  // queries (rows)
    int cols = 0;  // keys
    bool cross = false;  // cross-attention: keys are another sequence (whatever the counts)
    std::vector<float> values;

    SquareMap() = default;
    explicit SquareMap(int n) : SquareMap(n, n) {}
    SquareMap(int rows, int keys)
        : size(rows), cols(keys), values(static_cast<std::size_t>(rows) * static_cast<std::size_t>(keys), 0.0f)
    {
    }
    // Self-attention: query i and key i are the same token.
    bool square() const { return !cross && size == cols; }
    float at(int query, int key) const { return values[static_cast<std::size_t>(query * cols + key)]; }
    float& at(int query, int key) { return values[static_cast<std::size_t>(query * cols + key)]; }
};

// Which attention of an encoder–decoder: the encoder's self-attention over the source, the
// decoder's causal self-attention over the target, or the decoder's attention to the source.
enum class AttentionPart { Encoder, DecoderSelf, Cross };

struct AttentionResult {
    std::vector<std::string> tokens;  // display pieces, <bos> first; no padding
    int layers = 0;
    int heads = 0;
    bool causal = false;                // decoder: a query never sees later keys
    std::vector<float> weights;         // [layer][head][query][key] probabilities
    std::int64_t step = 0;              // checkpoint step
    // Classifiers: the class probabilities of this text (empty for language models).
    std::vector<float> classProbabilities;
    std::vector<std::string> classes;
    // Cross-attention: the source pieces the queries (target tokens) attend to; empty: the keys
    // are `tokens` themselves.
    std::vector<std::string> keyTokens;
    // Encoder–decoders, decoder attention: the target it was computed on (decoded, or the given one).
    std::string target;
    bool decoded = false;  // the target is the model's own greedy output

    int length() const { return static_cast<int>(tokens.size()); }
    int keyLength() const { return keyTokens.empty() ? length() : static_cast<int>(keyTokens.size()); }
    bool cross() const { return !keyTokens.empty(); }
    float at(int layer, int head, int query, int key) const;
};

// Views (all rows are distributions over keys).
SquareMap headMap(const AttentionResult& a, int layer, int head);
SquareMap layerMean(const AttentionResult& a, int layer);
// Attention rollout (Abnar & Zuidema, 2020) through layers 0..lastLayer: each layer's
// head-mean plus the residual identity, A = 0.5 * mean + 0.5 * I, rows renormalized,
// multiplied from the first layer up: R = A_last * ... * A_0. Self-attention only (throws
// std::invalid_argument for cross-attention).
SquareMap rollout(const AttentionResult& a, int lastLayer);
// Summed attention over keys of the chosen query rows.
std::vector<float> summedRows(const SquareMap& m, const std::vector<int>& queries);
// a - b, cell by cell; the maps must have the same size (throws std::invalid_argument).
SquareMap difference(const SquareMap& a, const SquareMap& b);

// One JSON object: tokens, layers, heads, causal, step and attention as
// [layer][head][query][key] (what `lathe-cli attention --json` prints).
std::string attentionToJson(const AttentionResult& a, int indent = -1);

}  // namespace lathe
