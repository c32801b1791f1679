#pragma once
// TokenizerOptions as JSON (a run configuration's "tokenizer", a VAE's), one definition for both.
#include "tokenize/Tokenizer.h"

#include <nlohmann/json.hpp>

namespace lathe {
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(TokenizerOptions, kind, vocabularyCap, minFrequency)
}  // namespace lathe
