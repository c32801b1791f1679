#pragma once
#include "data/TextDataset.h"
#include "tokenize/Tokenizer.h"
#include "util/Message.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lathe {

struct DataConfig {
    std::string path;
    std::string format = "auto";  // auto | csv | tsv | jsonl | folder | text
    std::string textColumn = "text";
    std::string labelColumn = "label";
    // Sequence-to-sequence runs: the column holding each example's target (textColumn holds its
    // source). Other runs ignore it.
    std::string targetColumn = "target";
    double validationFraction = 0.1;
    double testFraction = 0.1;
    bool replaceInvalidUtf8 = false;
    // Train on this many examples drawn (seeded) from the training split; 0: all of it.
    // The tokenizer still learns from the whole split's text: "100 labelled examples" of a
    // larger corpus, as when a classifier is fine-tuned from a model pretrained on that text.
    int trainLimit = 0;
    // Learning on a growing corpus (train/StreamFeed.h): after its epochs on the data there at the
    // start, the run keeps reading the file (appended rows) or folder (new files) and trains on
    // what arrives, `replay` of each batch drawn from earlier examples. It ends when stopped, at
    // --steps, or after `followIdle` seconds without new data (0: never).
    bool follow = false;
    double replay = 0.3;
    double followIdle = 0;
};

struct ModelConfig {
    // transformer | gpt | mlm | bilstm | lstm | fasttext | seq2seq | lstm-seq2seq. gpt, mlm (a
    // Transformer encoder trained as a BERT-style masked LM) and lstm are language models; seq2seq
    // (Transformer) and lstm-seq2seq (LSTM with attention) are encoder–decoders over source and
    // target pairs, one tokenizer shared by both sides.
    std::string family = "transformer";
    int width = 128;         // model width (Transformer) or embedding size (LSTM)
    int heads = 4;
    int layers = 2;
    int feedForward = 512;
    int hidden = 128;        // LSTM hidden size per direction
    int maxLength = 128;     // tokens per sequence, including <bos>
    double dropout = 0.1;
    std::string pooling = "mean";  // mean | first (Transformer classifier)
    // Transformer classifier: causal self-attention (a classifier fine-tuned from a GPT keeps
    // the attention it was pretrained with).
    bool causal = false;
    // bilstm: false reads one direction with ULMFiT's concat pooling (last state, max, mean),
    // the classifier fine-tuned from an LSTM language model.
    bool bidirectional = true;
    // Word vectors (GloVe/word2vec text) to initialize matching token embeddings; empty: none.
    std::string pretrainedEmbeddings;
    // Linear layers of the blocks trained in factorized form W = U·V of this rank; 0: dense.
    int lowRank = 0;
    // Per-layer ranks (module path -> rank), e.g. a rank sweep's point saved as a run;
    // overrides lowRank for the layers it names.
    std::map<std::string, int> ranks;
    // Parameter sharing. ALBERT-style: one Transformer block applied `layers` times.
    bool shareBlocks = false;
    // Factorized embeddings (Transformers): vocabulary × embeddingSize, then a projection to
    // the width; 0 or the width itself: plain vocabulary × width.
    int embeddingSize = 0;
    // Language models and encoder–decoders: the output layer reuses the (target) input embedding
    // matrix.
    bool tieEmbeddings = false;
    // LoRA adapters of this rank on the blocks' Linear layers (0: none); only the adapters
    // train, the base stays frozen. Scaled by loraAlpha / loraRank.
    int loraRank = 0;
    double loraAlpha = 16;
    // fastText: rows of the hashed n-gram table (word and character n-grams share it), the
    // longest word n-gram (1: tokens only) and the character n-gram lengths (max 0: none).
    int buckets = 50000;
    int wordNgrams = 2;
    int charNgramMin = 3;
    int charNgramMax = 5;
    // Filled in from the data and tokenizer when a run starts.
    int vocabularySize = 0;
    int numClasses = 0;
    // Encoder–decoders with a target tokenizer of their own: its vocabulary (0: vocabularySize).
    int targetVocabularySize = 0;
};

struct TrainConfig {
    std::string optimizer = "adamw";  // adamw | adam | sgd
    double learningRate = 1e-3;
    double weightDecay = 0.01;
    double momentum = 0.9;            // sgd
    // cosine | linear | constant (after warm-up) | slanted (ULMFiT's slanted triangular: a
    // linear rise over the first 10% of steps, then a linear fall to 1/32 of the peak).
    std::string schedule = "cosine";
    int warmupSteps = 0;
    double clipNorm = 1.0;            // 0 disables clipping
    int batchSize = 32;
    int epochs = 1;
    std::int64_t maxSteps = 0;        // when > 0, overrides epochs
    int evalEvery = 100;              // steps; evaluation also runs at the end
    std::string earlyStopMetric = "val/loss";
    int patience = 0;                 // evaluations without improvement; 0 disables
    std::uint64_t seed = 1;
    int threads = 0;                  // 0: all cores
    // Matmul precision: auto (bf16 where the CPU has native bf16 units, else fp32) | fp32 | bf16.
    std::string precision = "auto";
    // Knowledge distillation from a trained run (0: none). The student reads the teacher's
    // tokenizer; loss = α·CE + (1 − α)·T²·KL(softmax(z_t/T) ‖ softmax(z_s/T)).
    std::int64_t teacherRun = 0;
    // Fine-tune this trained run (0: train from scratch): its model, tokenizer and weights
    // are the start; with model.loraRank > 0 only LoRA adapters train.
    std::int64_t baseRun = 0;
    // With baseRun: the fine-tuned run's architecture and the base's tokenizer, random weights —
    // the control run a fine-tune is compared against, linked to the same base.
    bool fromScratch = false;
    double distillAlpha = 0.5;
    double distillTemperature = 2.0;
    // ULMFiT's discriminative learning rates: each layer group down from the top (head) trains
    // at the rate of the one above divided by this (2.6 in ULMFiT); 1: one rate for all.
    double layerLrDecay = 1.0;
    // Gradual unfreezing: only the top layer group trains at first, and one more group below
    // it every this many steps; 0: everything trains from the start.
    int unfreezeEvery = 0;
    // Encoder–decoders: label smoothing ε of the target cross-entropy (ε spread over the vocabulary).
    double labelSmoothing = 0;
    // Encoder–decoders: validation decodes with a beam this wide (1: greedy).
    int beamSize = 1;
};

// Everything that defines a run; its JSON is what `lathe-cli train --config` reads.
struct RunConfig {
    std::string name;
    DataConfig data;
    TokenizerOptions tokenizer;
    // Encoder–decoders: the target side's own tokenizer (grapheme to phoneme: characters in,
    // phoneme words out). Kind "" (the default): the source's, one vocabulary learned from both.
    TokenizerOptions targetTokenizer{""};
    ModelConfig model;
    TrainConfig train;

    std::string toJson(int indent = -1) const;
    // Fills the fields present in `json` (others keep their value); throws std::runtime_error
    // naming the key that is wrong.
    void mergeJson(const std::string& json, const std::string& source);
    // An encoder–decoder whose target side has a tokenizer of its own.
    bool separateTargetTokenizer() const;
    // Problems that would make training fail, as messages for the user; empty when fine.
    std::vector<Message> problems() const;
    // The same, in English, one per line.
    std::string validate() const;
};

bool isLanguageModel(const std::string& family);
// seq2seq and lstm-seq2seq: trained on source and target pairs.
bool isSequenceToSequence(const std::string& family);
// A metric (val/loss, val/token_error_rate, ...) that improves as it falls.
bool lowerIsBetter(const std::string& metric);
// What the store calls a run of this family: "classifier", "language-model" or "seq2seq".
std::string runKind(const std::string& family);
// gpt, mlm and the Transformer classifier: blocks of self-attention (heads, low rank, sharing).
bool isTransformerFamily(const std::string& family);
// The classifier a language model of this family fine-tunes into (same trunk): mlm ->
// transformer, gpt -> transformer with causal attention, lstm -> one-directional bilstm.
ModelConfig classifierFromLanguageModel(const ModelConfig& languageModel);

// How to read `data` for a run of `family`: its format and columns; labels required for
// classifiers, a target column for encoder–decoders.
LoadOptions loadOptions(const DataConfig& data, const std::string& family);

}  // namespace lathe
