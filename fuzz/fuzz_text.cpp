// Plain-text corpora, and format detection on any file (first byte: detection or text).
#include "FuzzSupport.h"
#include "data/TextDataset.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1)
        return 0;
    const auto flags = data[0];
    const auto path = lathe::fuzz::writeFile(lathe::fuzz::scratch() / ((flags & 1) ? "corpus" : "corpus.txt"),
                                             data + 1, size - 1);
    lathe::LoadOptions o;
    o.format = (flags & 2) ? lathe::DataFormat::Auto : lathe::DataFormat::Text;
    o.requireLabels = false;
    o.replaceInvalidUtf8 = (flags & 4) != 0;
    lathe::fuzz::expectParsedOrRefused([&] { lathe::loadDataset(path, o); });
    return 0;
}
