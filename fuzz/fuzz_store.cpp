// The experiment database's open path: any file where a database is expected (a damaged,
// foreign or newer-version SQLite file, or no database at all) is opened and listed, or refused
// with a message.
#include "FuzzSupport.h"
#include "store/RunStore.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto path = lathe::fuzz::writeFile(lathe::fuzz::scratch() / "experiments.db", data, size);
    lathe::fuzz::expectParsedOrRefused([&] {
        lathe::RunStore store(path);
        for (const auto& r : store.listRuns())
            (void)store.run(r.id);
    });
    return 0;
}
