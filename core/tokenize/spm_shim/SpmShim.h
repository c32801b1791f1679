#pragma once
// C interface of liblathe_spm, the module that wraps SentencePiece. Debian's SentencePiece
// carries its own copy of protobuf and exports it; loaded into the same scope as
// LibTorch's libprotobuf it crashes during static initialisation. So it lives in its own
// module, opened with RTLD_LOCAL | RTLD_DEEPBIND (see SentencePieceTokenizer.cpp).
#include <cstddef>

extern "C" {
// Returns 0 on success; on failure *error holds a message (free with lathe_spm_free).
int lathe_spm_train(const char* const* texts, const std::size_t* lengths, std::size_t count, const char* modelType,
                    int vocabularySize, char** model, std::size_t* modelLength, char** error);
void* lathe_spm_load(const char* model, std::size_t length, char** error);
void lathe_spm_unload(void* processor);
int lathe_spm_size(const void* processor);
// *ids is allocated; free with lathe_spm_free.
std::size_t lathe_spm_encode(const void* processor, const char* text, std::size_t length, int** ids);
char* lathe_spm_decode(const void* processor, const int* ids, std::size_t count);
char* lathe_spm_piece(const void* processor, int id);
void lathe_spm_free(void* buffer);
}
