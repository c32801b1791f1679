#include "compress/Adapters.h"

namespace lathe {

int copyMatchingParameters(SequenceModelImpl& from, SequenceModelImpl& to)
{
    torch::NoGradGuard noGrad;
    const auto source = from.named_parameters();
    int copied = 0;
    for (auto& item : to.named_parameters()) {
        const auto* p = source.find(item.key());
        if (p && p->sizes() == item.value().sizes()) {
            item.value().copy_(*p);
            ++copied;
        }
    }
    // Buffers too (a fastText model's character n-gram table).
    const auto buffers = from.named_buffers();
    for (auto& item : to.named_buffers())
        if (const auto* b = buffers.find(item.key()); b && b->sizes() == item.value().sizes())
            item.value().copy_(*b);
    return copied;
}

std::int64_t freezeAllButAdapters(torch::nn::Module& model)
{
    std::int64_t trainable = 0;
    for (auto& item : model.named_parameters()) {
        const auto& name = item.key();
        const bool adapter = name.size() > 7 && (name.ends_with(".lora_A") || name.ends_with(".lora_B"));
        item.value().set_requires_grad(adapter);
        if (adapter)
            trainable += item.value().numel();
    }
    return trainable;
}

std::int64_t trainableParameterCount(torch::nn::Module& model)
{
    std::int64_t n = 0;
    for (const auto& p : model.parameters())
        if (p.requires_grad())
            n += p.numel();
    return n;
}

SequenceModel mergedCopy(SequenceModelImpl& model, RunConfig& config)
{
    torch::NoGradGuard noGrad;
    // A factorized layer with an adapter no longer has rank r: it becomes dense.
    for (const auto& [name, p] : projections(model))
        if (p->loraRank > 0 && p->rank > 0)
            config.model.ranks[name] = 0;
    config.model.loraRank = 0;
    auto merged = buildModel(config.model);
    copyMatchingParameters(model, *merged);
    auto source = projections(model);
    auto target = projections(*merged);
    for (std::size_t i = 0; i < source.size(); ++i)
        if (source[i].second->loraRank > 0)
            target[i].second->weight.copy_(source[i].second->denseWeight());
    merged->eval();
    return merged;
}

}  // namespace lathe
