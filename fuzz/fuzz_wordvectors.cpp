// Word-vector files (GloVe or word2vec text, with or without the header line).
#include "FuzzSupport.h"
#include "inspect/WordVectors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto path = lathe::fuzz::writeFile(lathe::fuzz::scratch() / "vectors.txt", data, size);
    lathe::fuzz::expectParsedOrRefused([&] {
        const auto v = lathe::loadWordVectors(path);
        if (v.values.size() != v.words.size() * static_cast<std::size_t>(v.dim))
            std::abort();  // the shape promise every reader of WordVectors relies on
    });
    return 0;
}
