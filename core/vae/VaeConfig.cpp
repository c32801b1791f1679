#include "vae/VaeRun.h"
#include "tokenize/TokenizerJson.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace lathe {

NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE_WITH_DEFAULT(VaeConfig, embedding, hidden, latent, maxLength, klAnneal, annealSteps,
                                                cycles, wordDropout, freeBits, iwaeSamples, tokenizer, steps, batchSize,
                                                learningRate, clipNorm, evalEvery, validationFraction, seed, threads)

std::string VaeConfig::toJson() const { return nlohmann::json(*this).dump(); }

VaeConfig VaeConfig::fromJson(const std::string& json) { return nlohmann::json::parse(json).get<VaeConfig>(); }

std::vector<Message> VaeConfig::problems() const
{
    std::vector<Message> p;
    if (embedding < 1 || hidden < 1 || latent < 1 || embedding > 4096 || hidden > 4096 || latent > 1024)
        p.emplace_back(LATHE_TR("Vae", "the embedding and hidden sizes must be 1–4096 and the latent size 1–1024"));
    if (maxLength < 3)
        p.emplace_back(LATHE_TR("Vae", "sentences need at least 3 tokens (<bos>, a word, <eos>)"));
    if (klAnneal != "linear" && klAnneal != "cyclical" && klAnneal != "none")
        p.emplace_back(LATHE_TR("Vae", "KL annealing '%1' is unknown (use linear, cyclical or none)"), klAnneal);
    if (annealSteps < 0 || cycles < 1)
        p.emplace_back(LATHE_TR("Vae", "the annealing steps must be 0 or more and the cycles at least 1"));
    if (!(wordDropout >= 0 && wordDropout <= 1))
        p.emplace_back(LATHE_TR("Vae", "word dropout is a share between 0 and 1"));
    if (!(freeBits >= 0))
        p.emplace_back(LATHE_TR("Vae", "free bits must be 0 (off) or positive"));
    if (iwaeSamples < 1 || iwaeSamples > 10'000)
        p.emplace_back(LATHE_TR("Vae", "the importance samples must be between 1 and 10,000"));
    if (steps < 1 || batchSize < 1 || evalEvery < 1)
        p.emplace_back(LATHE_TR("Vae", "steps, batch size and evaluation interval must be at least 1"));
    if (!(learningRate > 0) || !(clipNorm >= 0))
        p.emplace_back(LATHE_TR("Vae", "the learning rate must be positive and the clipping norm 0 (off) or positive"));
    if (!(validationFraction > 0 && validationFraction < 1))
        p.emplace_back(LATHE_TR("Vae", "the validation share must be between 0 and 1"));
    if (threads < 0)
        p.emplace_back(LATHE_TR("Vae", "the thread count must be 0 (every core) or positive"));
    return p;
}

double klWeight(const VaeConfig& c, std::int64_t step, std::int64_t totalSteps)
{
    if (c.klAnneal == "none")
        return 1.0;
    const double total = static_cast<double>(std::max<std::int64_t>(1, totalSteps));
    if (c.klAnneal == "cyclical") {
        const double period = total / c.cycles;
        const double within = std::fmod(static_cast<double>(step - 1), period) / period;  // [0, 1)
        return std::min(1.0, within / 0.5);
    }
    const double ramp = c.annealSteps > 0 ? c.annealSteps : std::max(1.0, std::round(total / 3));
    return std::min(1.0, static_cast<double>(step) / ramp);
}

}  // namespace lathe
