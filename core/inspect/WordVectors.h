#pragma once
// Pretrained word vectors in the common text format (GloVe, word2vec .txt, fastText .vec):
// one word and its floats per line, optionally a first line "<count> <dimension>".
#include "inspect/ModelInspector.h"

#include <cstddef>
#include <string>
#include <vector>

namespace lathe {

struct WordVectors {
    std::string path;
    int dim = 0;
    std::vector<std::string> words;
    std::vector<float> values;  // words.size() * dim
    bool hadHeader = false;
    std::size_t duplicates = 0;  // later lines for a word already read are skipped

    std::size_t size() const { return words.size(); }
    // As a table for the projector (labels are the words).
    EmbeddingTable table() const;
};

// Throws DataError naming the file, the line and the fix for: a missing file, invalid
// UTF-8, a value that is not a number, a line whose vector length differs from the
// others (or from the header), and a file without vectors.
WordVectors loadWordVectors(const std::string& path);

struct EmbeddingCoverage {
    std::size_t covered = 0;     // vocabulary entries initialized from the vectors
    std::size_t vocabulary = 0;  // entries that could be (the special tokens excluded)
    double share() const { return vocabulary ? static_cast<double>(covered) / static_cast<double>(vocabulary) : 0.0; }
};

}  // namespace lathe
