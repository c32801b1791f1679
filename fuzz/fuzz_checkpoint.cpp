// Checkpoint headers: any file where a run's checkpoint is expected (run-7/checkpoint.pt, so the
// owner check runs too), read as the application reads it before the weights — LibTorch's archive
// (a zip), then Lathe's entries: format, settings, classes, step, tokenizer, owning run. The rule
// is stricter than the other targets': a refusal must be a DataError (the file, in plain words),
// never a LibTorch exception escaping with its own text.
#include "FuzzSupport.h"
#include "data/DataError.h"
#include "train/CheckpointHeader.h"


// LibTorch 1.13's PyTorchStreamReader leaks miniz's reader state (about 12 KB) when its
// constructor throws after miniz accepted the zip directory (a version record that is not a
// number, a first entry outside a folder): the destructor that would free it never runs. That is
// inside LibTorch, once per refused file; LeakSanitizer is told to ignore leaks LibTorch
// allocated. Our own leaks still show (their allocations are made from Lathe's frames), and the
// asan preset runs the whole suite with LeakSanitizer and no suppression.
extern "C" const char* __lsan_default_suppressions()
{
    return "leak:libtorch_cpu.so\n";
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const auto dir = lathe::fuzz::scratch() / "run-7";
    std::filesystem::create_directories(dir);
    const auto path = lathe::fuzz::writeFile(dir / "checkpoint.pt", data, size);
    try {
        const auto header = lathe::readCheckpointHeader(path);
        const auto ids = header.tokenizer->encode("the oven was hot \xe7\x83\xa4 123");
        for (int id : ids)
            if (id < 0 || id >= header.config.model.vocabularySize)
                std::abort();  // an id outside the embedding table the settings describe
    } catch (const lathe::DataError& e) {
        if (e.what() == nullptr || e.what()[0] == '\0') {
            std::fprintf(stderr, "refused with an empty message\n");
            std::abort();
        }
    } catch (const std::exception& e) {
        std::fprintf(stderr, "refused with an exception that is not a DataError: %s\n", e.what());
        std::abort();
    }
    return 0;
}
