#include "train/Masking.h"

#include "tokenize/Tokenizer.h"

#include <random>

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
    for (std::int64_t b = 0; b < rows; ++b) {
        std::int64_t chosen = 0, real = 0;
        for (std::int64_t t = 0; t < cols; ++t) {
            const auto at = b * cols + t;
            if (in[at] == Tokenizer::kPad || in[at] == Tokenizer::kBos)
                continue;
            ++real;
            if (unit(rng) < kMaskShare) {
                choose(at);
                ++chosen;
            }
        }
        if (chosen == 0 && real > 0) {
            // The one target of a short sequence: a position drawn evenly among its real tokens.
            std::uniform_int_distribution<std::int64_t> pick(0, real - 1);
            auto k = pick(rng);
            for (std::int64_t t = 0; t < cols; ++t) {
                const auto at = b * cols + t;
                if (in[at] == Tokenizer::kPad || in[at] == Tokenizer::kBos)
                    continue;
                if (k-- == 0) {
                    choose(at);
                    break;
                }
            }
        }
    }
    return out;
}

}  // namespace lathe
