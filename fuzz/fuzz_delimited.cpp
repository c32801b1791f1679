// CSV and TSV datasets: the first byte picks the delimiter, whether labels are required and
// whether invalid UTF-8 is replaced; the rest is the file.
#include "FuzzSupport.h"
#include "data/TextDataset.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1)
        return 0;
    const auto flags = data[0];
    const auto path = lathe::fuzz::writeFile(lathe::fuzz::scratch() / "data.csv", data + 1, size - 1);
    lathe::LoadOptions o;
    o.format = (flags & 1) ? lathe::DataFormat::Tsv : lathe::DataFormat::Csv;
    o.requireLabels = (flags & 2) != 0;
    o.replaceInvalidUtf8 = (flags & 4) != 0;
    if (flags & 8)
        o.format = lathe::DataFormat::Auto;
    lathe::fuzz::expectParsedOrRefused([&] { lathe::loadDataset(path, o); });
    return 0;
}
