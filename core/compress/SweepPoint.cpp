#include "compress/RankSweep.h"
#include "util/Message.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <stdexcept>

namespace lathe {

std::string toString(SweepMode mode)
{
    switch (mode) {
    case SweepMode::Layer: return "layer";
    case SweepMode::Uniform: return "uniform";
    case SweepMode::Global: return "global";
    case SweepMode::Measured: return "measured";
    }
    return "uniform";
}

SweepMode sweepModeFromString(const std::string& text)
{
    if (text == "layer")
        return SweepMode::Layer;
    if (text == "uniform")
        return SweepMode::Uniform;
    if (text == "global")
        return SweepMode::Global;
    if (text == "measured")
        return SweepMode::Measured;
    throw UserError(Message(LATHE_TR("Compress", "sweep mode '%1' is unknown (use layer, uniform, global or measured)"), text));
}

std::string SweepSettings::toJson() const
{
    nlohmann::json j{{"mode", toString(mode)},          {"ranks", ranks},
                     {"budgets", budgets},              {"energies", energies}, {"finetune_steps", finetuneSteps},
                     {"finetune_lr", finetuneLearningRate}, {"save_best", saveBest}};
    return j.dump();
}

RankMap SweepPoint::ranks() const
{
    RankMap out;
    for (const auto& l : layers)
        if (l.rank > 0)
            out[l.name] = l.rank;
    return out;
}

std::string SweepPoint::toJson() const
{
    nlohmann::json j{{"mode", mode},
                     {"params", params},
                     {"weight_params", weightParams},
                     {"weight_fraction", weightFraction},
                     {"flops_per_token", flopsPerToken},
                     {"val", val}};
    if (mode == "layer" || mode == "uniform")
        j["rank"] = rank;
    if (budget > 0)
        j["budget"] = budget;
    if (energy > 0)
        j["energy"] = energy;
    if (mode == "layer")
        j["layer"] = layer;
    if (!valBefore.empty())
        j["val_before_finetune"] = valBefore;
    j["layers"] = nlohmann::json::array();
    for (const auto& l : layers)
        j["layers"].push_back({{"name", l.name}, {"rank", l.rank}, {"relative_error", l.relativeError}});
    if (id > 0)
        j["point_id"] = id;
    if (savedRunId > 0)
        j["saved_run"] = savedRunId;
    return j.dump();
}

SweepPoint SweepPoint::fromJson(const std::string& json)
{
    try {
        const auto j = nlohmann::json::parse(json);
        SweepPoint p;
        p.mode = j.at("mode").get<std::string>();
        p.rank = j.value("rank", 0);
        p.budget = j.value("budget", 0.0);
        p.energy = j.value("energy", 0.0);
        p.layer = j.value("layer", std::string());
        p.params = j.at("params").get<std::int64_t>();
        p.weightParams = j.value("weight_params", std::int64_t{0});
        p.weightFraction = j.value("weight_fraction", 1.0);
        p.flopsPerToken = j.value("flops_per_token", std::int64_t{0});
        p.val = j.at("val").get<std::map<std::string, double>>();
        p.valBefore = j.value("val_before_finetune", std::map<std::string, double>());
        for (const auto& l : j.at("layers"))
            p.layers.push_back({l.at("name").get<std::string>(), l.at("rank").get<int>(), l.at("relative_error").get<double>()});
        p.id = j.value("point_id", std::int64_t{0});
        p.savedRunId = j.value("saved_run", std::int64_t{0});
        return p;
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(fmt::format("a sweep point in the database is unreadable: {}", e.what()));
    }
}

std::string spectraToJson(const std::vector<LayerSpectrum>& spectra)
{
    auto j = nlohmann::json::array();
    for (const auto& s : spectra)
        j.push_back({{"name", s.name}, {"in", s.in}, {"out", s.out}, {"singular", s.singular}});
    return j.dump();
}

std::vector<LayerSpectrum> spectraFromJson(const std::string& json)
{
    std::vector<LayerSpectrum> out;
    try {
        for (const auto& s : nlohmann::json::parse(json))
            out.push_back({s.at("name").get<std::string>(), s.at("in").get<int>(), s.at("out").get<int>(),
                           s.at("singular").get<std::vector<double>>()});
    } catch (const nlohmann::json::exception& e) {
        throw std::runtime_error(fmt::format("the spectra of a sweep in the database are unreadable: {}", e.what()));
    }
    return out;
}

}  // namespace lathe
