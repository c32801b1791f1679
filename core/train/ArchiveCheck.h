#pragma once
// Checks a checkpoint's archive before LibTorch reads it. LibTorch's reader trusts the file: it
// does not compare entries with their CRC-32 checksums, so a flipped byte reaches its TorchScript
// importer (which crashed on one, found by fuzz/fuzz_checkpoint) or its unpickler (which
// zero-filled 4 GiB for one length: train/PickleScan.h). Here minizip reads every entry, in
// 64 KiB pieces, and checks each against its checksum; each pickle is walked for lengths that run
// past its end. A checkpoint is a file Lathe wrote, so this refuses any damage to it; a file made
// on purpose to pass the checksums still meets LibTorch's own reader.
#include <string>

namespace lathe {

// Throws DataError (the file, what is wrong, what to do) for an entry that fails its checksum or
// a pickle that runs past its end, and std::runtime_error when the file is not a zip archive at
// all (the caller says that in its own words).
void checkCheckpointArchive(const std::string& path);

}  // namespace lathe
