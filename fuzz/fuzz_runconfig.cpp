// Run configurations as JSON (lathe-cli train --config, Paste Config, a run's stored config):
// merged, validated, written back and read again; what was written must read back the same.
#include "FuzzSupport.h"
#include "train/RunConfig.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string json(reinterpret_cast<const char*>(data), size);
    lathe::fuzz::expectParsedOrRefused([&] {
        lathe::RunConfig c;
        c.mergeJson(json, "fuzz input");
        (void)c.validate();
        const auto written = c.toJson();
        lathe::RunConfig again;
        again.mergeJson(written, "round trip");
        if (again.toJson() != written) {
            std::fprintf(stderr, "round trip changed the configuration:\n%s\n%s\n", written.c_str(),
                         again.toJson().c_str());
            std::abort();
        }
    });
    return 0;
}
