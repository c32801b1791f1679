// JSON Lines datasets (first byte: labels required, invalid UTF-8 replaced, custom columns).
#include "FuzzSupport.h"
#include "data/TextDataset.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1)
        return 0;
    const auto flags = data[0];
    const auto path = lathe::fuzz::writeFile(lathe::fuzz::scratch() / "data.jsonl", data + 1, size - 1);
    lathe::LoadOptions o;
    o.format = lathe::DataFormat::Jsonl;
    o.requireLabels = (flags & 1) != 0;
    o.replaceInvalidUtf8 = (flags & 2) != 0;
    if (flags & 4) {
        o.textColumn = "t";
        o.labelColumn = "y";
    }
    lathe::fuzz::expectParsedOrRefused([&] { lathe::loadDataset(path, o); });
    return 0;
}
