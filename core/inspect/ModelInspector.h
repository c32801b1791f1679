#pragma once
// A trained checkpoint opened for looking inside: attention on any text, the embedding
// matrix, sentence representations and per-example predictions. Torch-free header; the
// model itself computes everything (no second implementation elsewhere).
#include "inspect/Attention.h"
#include "train/RunConfig.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace lathe {

// Points in a high-dimensional space, one row each, with what they stand for.
struct EmbeddingTable {
    int rows = 0;
    int dim = 0;
    std::vector<float> values;        // rows * dim, row-major
    std::vector<std::string> labels;  // the token piece or the text
    std::vector<int> classes;         // sentences: class index per row (-1: none)
};

struct Prediction {
    int predicted = -1;     // class index; -1 for language models and encoder–decoders
    float confidence = 0;   // probability of the predicted class (an output: its per-token geometric mean)
    float loss = 0;         // cross-entropy of the true label (mean per token for a language model, and
                            // for an encoder–decoder's reference target, teacher-forced)
    // Encoder–decoders: the decoded output, its token edit distance from the reference, and their
    // alignment: reference and output token pieces and the operations (EditOp chars: = S I D).
    std::string output;
    int errors = 0;
    std::vector<std::string> referencePieces, outputPieces;
    std::string ops;
    int referenceTokens() const { return static_cast<int>(referencePieces.size()); }
};

class ModelInspector {
public:
    // Throws DataError naming the file when the checkpoint is missing, truncated or newer.
    explicit ModelInspector(const std::string& checkpointPath, int threads = 0);
    ~ModelInspector();
    ModelInspector(const ModelInspector&) = delete;
    ModelInspector& operator=(const ModelInspector&) = delete;

    const std::string& path() const;
    const RunConfig& config() const;
    const std::vector<std::string>& classes() const;
    std::int64_t step() const;
    bool languageModel() const;
    // Transformer and GPT; encoder–decoders (the LSTM one: cross-attention only); the other LSTMs none.
    bool hasAttention() const;

    // The model's input for `text`: <bos> + its tokens, cut to the model's length.
    std::vector<int> encode(const std::string& text) const;
    std::vector<std::string> pieces(const std::vector<int>& ids) const;

    // Throws std::invalid_argument for a model without attention. An encoder–decoder's `part`:
    // its encoder's self-attention over `text` (the source), or its decoder's self- or
    // cross-attention while writing `target` (empty: its own greedy output) for that source.
    AttentionResult attention(const std::string& text, AttentionPart part = AttentionPart::Encoder,
                              const std::string& target = {}) const;
    // The embedding matrix: one row per vocabulary id (<pad> included, as row 0).
    EmbeddingTable tokenEmbeddings() const;
    // How often each vocabulary id occurs in `texts` (for colouring tokens by frequency).
    std::vector<std::int64_t> tokenFrequencies(const std::vector<std::string>& texts) const;
    // The pooled vector the classifier's head sees (mean hidden state for a language model).
    EmbeddingTable sentenceEmbeddings(const std::vector<std::string>& texts, const std::vector<int>& labels = {}) const;
    // `labels` (class indices of this run) is required for classifiers and ignored otherwise.
    std::vector<Prediction> predict(const std::vector<std::string>& texts, const std::vector<int>& labels) const;
    bool sequenceToSequence() const;
    // An encoder–decoder's outputs for `sources`, scored against `targets` (beam 0: the run's).
    std::vector<Prediction> predictPairs(const std::vector<std::string>& sources, const std::vector<std::string>& targets,
                                         int beamSize = 0) const;

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

}  // namespace lathe
