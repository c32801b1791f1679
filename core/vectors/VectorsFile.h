#pragma once
// Word vectors on disk in word2vec's formats, which gensim's
// KeyedVectors.load_word2vec_format reads: text ("<count> <dim>", then a word and its values per
// line) and binary (the same header, then each word, a space, its values as little-endian
// float32 and a newline).
#include "inspect/WordVectors.h"

#include <string>

namespace lathe {

// Written atomically (a temporary file renamed over the path); throws Failure when it cannot be.
void writeWord2VecText(const std::string& path, const WordVectors& vectors);
void writeWord2VecBinary(const std::string& path, const WordVectors& vectors);

// Throws DataError naming the file and what is wrong: no header, a header that is not two
// positive numbers, a word that is not valid UTF-8, a file cut short.
WordVectors loadWord2VecBinary(const std::string& path);

}  // namespace lathe
