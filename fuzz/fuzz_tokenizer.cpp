// Tokenizer files (a run's tokenizer.json: char, word, BPE or unigram, the last two carrying a
// SentencePiece model): read, then used on a text with unknown characters and read back.
#include "FuzzSupport.h"
#include "tokenize/Tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string json(reinterpret_cast<const char*>(data), size);
    lathe::fuzz::expectParsedOrRefused([&] {
        const auto t = lathe::tokenizerFromJson(json);
        const auto ids = t->encode("the oven was hot \xe2\x80\x94 \xe7\x83\xa4\xe7\xae\xb1 123 <unk>");
        for (int id : ids)
            if (id < 0 || id >= t->vocabularySize())
                std::abort();  // an id outside the embedding table
        (void)t->decode(ids);
        (void)lathe::tokenizerFromJson(t->toJson());
    });
    return 0;
}
