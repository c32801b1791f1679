#pragma once
// A walk over a pickle stream (the data.pkl records inside a LibTorch archive) that checks every
// length the stream declares against the bytes it has left. LibTorch 1.13's unpickler allocates
// and zero-fills a string as long as the length field says before it finds the stream too short,
// so one flipped byte in a checkpoint made it take 4 GiB of memory to refuse the file (found by
// fuzz/fuzz_checkpoint). Checking first costs one pass over a few kilobytes.
#include <cstddef>
#include <cstdint>
#include <optional>

namespace lathe {

// The offset of the first opcode whose argument runs past the end of the stream, or nullopt when
// every declared length fits. The walk stops, content, at STOP and at an opcode it does not know
// (LibTorch refuses those itself, without allocating).
std::optional<std::size_t> pickleOverrun(const std::uint8_t* data, std::size_t size);

}  // namespace lathe
