#pragma once
#include "data/TextDataset.h"

#include <cstdint>
#include <string>

namespace lathe {

// Small tasks with a known right answer, for looking inside models.
//  copy / reverse / sort: text "<input> = <target>" as a language-modelling corpus
//    (space-separated digit tokens, so a word tokenizer keeps each symbol);
//  brackets: classify a bracket string as balanced or not;
//  modadd: "a + b" labelled with (a + b) mod the modulus.
enum class SyntheticTask { Copy, Reverse, Sort, Brackets, ModularAddition };

struct SyntheticOptions {
    SyntheticTask task = SyntheticTask::Reverse;
    int examples = 1000;
    int length = 8;      // sequence length (copy/reverse/sort/brackets)
    int symbols = 10;    // alphabet size (copy/reverse/sort)
    int modulus = 13;    // modular addition
    std::uint64_t seed = 1;
};

SyntheticTask syntheticTaskFromString(const std::string& s);  // throws std::invalid_argument
TextDataset makeSynthetic(const SyntheticOptions& options);

}  // namespace lathe
