#pragma once
// Evaluating word vectors, trained here or imported, the way gensim's KeyedVectors does
// (evaluate_word_pairs, evaluate_word_analogies), so numbers compare with published ones:
// word-pair similarity as Spearman's ρ against human scores (WordSim-353 layout), analogies
// "a is to b as c is to ?" by 3CosAdd (questions-words.txt layout) with accuracy per section.
// Words match case-insensitively among the `restrict` most frequent words (the first ones of
// the file: word2vec and Lathe write them most frequent first).
#include "inspect/WordVectors.h"

#include <cstdint>
#include <string>
#include <vector>

namespace lathe {

struct SimilarityResult {
    std::int64_t pairs = 0;    // pairs read
    std::int64_t covered = 0;  // both words known: the pairs ρ is computed on
    double spearman = 0;       // Spearman's ρ (average ranks for ties)
    double pearson = 0;
};

// Lines "word1 word2 score" split by tabs, commas or spaces; '#' comments and a first line that is not a
// pair (a header) are skipped. Throws DataError (file, line, what) for a line
// that is not two words and a number, and for a file with no pair.
SimilarityResult evaluateSimilarity(const WordVectors& vectors, const std::string& pairsPath,
                                    std::int64_t restrict = 300'000);

struct AnalogySection {
    std::string name;
    std::int64_t questions = 0, covered = 0, correct = 0;
    double accuracy() const { return covered ? static_cast<double>(correct) / static_cast<double>(covered) : 0.0; }
};

struct AnalogyResult {
    std::vector<AnalogySection> sections;
    AnalogySection total;
};

// ": section" lines open a section; each other line is "a b c d". A question with a word outside
// the vocabulary is not covered (not scored); the answer is the word nearest to b − a + c (unit
// vectors, cosine) other than a, b and c. Throws DataError for a line that is not four words.
AnalogyResult evaluateAnalogies(const WordVectors& vectors, const std::string& questionsPath,
                                std::int64_t restrict = 300'000);

// Spearman's ρ of two equally long series (average ranks for ties); 0 when either is constant.
double spearmanRho(const std::vector<double>& x, const std::vector<double>& y);
double pearsonR(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace lathe
