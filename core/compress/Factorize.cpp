#include "compress/Factorize.h"
#include "compress/Adapters.h"

#include <fmt/format.h>

#include <map>

namespace lathe {

std::vector<LayerFactors> decompose(SequenceModelImpl& model)
{
    torch::NoGradGuard noGrad;
    std::vector<LayerFactors> out;
    for (const auto& [name, p] : projections(model)) {
        LayerFactors f;
        f.spectrum.name = name;
        f.spectrum.in = p->in;
        f.spectrum.out = p->out;
        auto [u, s, vh] = torch::linalg_svd(p->denseWeight().detach().to(torch::kDouble), false);
        f.u = u;
        f.s = s;
        f.vh = vh;
        auto sc = s.contiguous();
        f.spectrum.singular.assign(sc.data_ptr<double>(), sc.data_ptr<double>() + sc.numel());
        out.push_back(std::move(f));
    }
    return out;
}

SequenceModel factorizedCopy(SequenceModelImpl& model, RunConfig& config, const std::vector<LayerFactors>& factors,
                             const RankMap& ranks)
{
    torch::NoGradGuard noGrad;
    config.model.lowRank = 0;
    config.model.ranks.clear();
    for (const auto& f : factors) {
        const auto it = ranks.find(f.spectrum.name);
        config.model.ranks[f.spectrum.name] = it == ranks.end() ? 0 : it->second;
    }
    // Adapters (if any) are merged into the factors below, so the copy has none.
    config.model.loraRank = 0;
    auto copy = buildModel(config.model);
    // Everything but the Projections' weights keeps its trained value.
    copyMatchingParameters(model, *copy);
    const auto source = model.named_parameters();
    std::map<std::string, const LayerFactors*> byName;
    for (const auto& f : factors)
        byName[f.spectrum.name] = &f;
    for (const auto& [name, p] : projections(*copy)) {
        const auto* f = byName.at(name);
        if (p->rank == 0) {
            // Copied exactly above unless the source layer was factorized or adapted.
            if (!source.find(name + ".weight") || source.find(name + ".lora_A"))
                p->weight.copy_(f->u.matmul(torch::diag(f->s)).matmul(f->vh));
            continue;
        }
        const auto r = p->rank;
        p->left.copy_(f->u.slice(1, 0, r) * f->s.slice(0, 0, r).unsqueeze(0));
        p->right.copy_(f->vh.slice(0, 0, r));
    }
    copy->eval();
    return copy;
}

}  // namespace lathe
