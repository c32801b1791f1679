#include "train/Masking.h"

#include "tokenize/Tokenizer.h"

#include <random>
#include <vector>

namespace lathe {

MaskedBatch maskTokens(const torch::Tensor& ids, std::int64_t vocabularySize, std::uint64_t seed)
{
    // A few thousand tokens per batch: a scalar loop costs microseconds beside the step.
    auto source = ids.to(torch::kLong).contiguous();
    MaskedBatch out;
    out.input = source.clone();
    out.target = torch::zeros_like(source);
    const auto rows = source.size(0), cols = source.size(1);
    const auto* in = source.data_ptr<std::int64_t>();
    auto* input = out.input.data_ptr<std::int64_t>();
    auto* target = out.target.data_ptr<std::int64_t>();
    std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ULL + 0x632BE59BD9B4E019ULL);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    // Random replacements are regular tokens: never <pad>, <unk>, <bos> or <eos>.
    const std::int64_t firstRegular = Tokenizer::kEos + 1;
    const bool haveRegular = vocabularySize > firstRegular;
    std::uniform_int_distribution<std::int64_t> regular(firstRegular, std::max(firstRegular, vocabularySize - 1));
    const auto choose = [&](std::int64_t at) {
        target[at] = in[at];
        const double r = unit(rng);
        if (r < 0.8)
            input[at] = vocabularySize;
        else if (r < 0.9 && haveRegular)
            input[at] = regular(rng);
        ++out.targets;
    };
    std::vector<std::int64_t> real;  // positions of one row's real tokens
    for (std::int64_t b = 0; b < rows; ++b) {
        real.clear();
        for (std::int64_t at = b * cols; at < (b + 1) * cols; ++at)
            if (in[at] != Tokenizer::kPad && in[at] != Tokenizer::kBos)
                real.push_back(at);
        const auto before = out.targets;
        for (const auto at : real)
            if (unit(rng) < kMaskShare)
                choose(at);
        // The one target of a short sequence: a position drawn evenly among its real tokens.
        if (out.targets == before && !real.empty())
            choose(real[std::uniform_int_distribution<std::size_t>(0, real.size() - 1)(rng)]);
    }
    return out;
}

}  // namespace lathe
