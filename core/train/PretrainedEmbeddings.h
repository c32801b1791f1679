#pragma once
// Internal to core/train (includes LibTorch): copying pretrained word vectors into a
// model's token embeddings.
#include "inspect/WordVectors.h"
#include "model/Models.h"
#include "tokenize/Tokenizer.h"

namespace lathe {

// Sets the embedding row of every vocabulary entry found in `vectors` (exactly, else
// lowercased; a subword's word-start mark is ignored). Throws DataError when the vectors'
// length differs from the model's embedding size.
EmbeddingCoverage initializeEmbeddings(SequenceModelImpl& model, const Tokenizer& tokenizer, const WordVectors& vectors);

}  // namespace lathe
