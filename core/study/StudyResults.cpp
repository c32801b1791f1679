#include "study/StudyResults.h"

#include "report/RunReports.h"
#include "study/StudyRunner.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace lathe::study {

TrialState trialStateFromString(const std::string& s)
{
    if (s == "complete")
        return TrialState::Complete;
    if (s == "pruned")
        return TrialState::Pruned;
    if (s == "failed")
        return TrialState::Failed;
    return TrialState::Running;
}

std::string toString(TrialState s)
{
    switch (s) {
    case TrialState::Running: return "running";
    case TrialState::Complete: return "complete";
    case TrialState::Pruned: return "pruned";
    case TrialState::Failed: return "failed";
    }
    return "failed";
}

std::optional<TrialRecord> bestTrial(const StudyRecord& study, const std::vector<TrialRecord>& trials)
{
    const TrialRecord* best = nullptr;
    for (const auto& t : trials) {
        if (t.state != "complete" || !t.value || std::isnan(*t.value))
            continue;
        if (!best || *minimized(study, t.value) < *minimized(study, best->value))
            best = &t;
    }
    if (!best)
        return std::nullopt;
    return *best;
}

std::vector<Trial> samplerTrials(const StudyRecord& study, const std::vector<TrialRecord>& trials)
{
    std::vector<Trial> out;
    out.reserve(trials.size());
    for (const auto& r : trials) {
        Trial t;
        t.number = static_cast<int>(r.number);
        t.state = trialStateFromString(r.state);
        const auto params = nlohmann::json::parse(r.paramsJson, nullptr, false);
        if (params.is_object())
            for (const auto& [k, v] : params.items())
                t.params[k] = v;
        if (t.state == TrialState::Complete)
            t.value = minimized(study, r.value);
        for (const auto& [step, v] : r.intermediate)
            t.intermediate.emplace_back(step, *minimized(study, v));
        out.push_back(std::move(t));
    }
    return out;
}

namespace {
nlohmann::json valueJson(const std::optional<double>& v)
{
    return v && std::isfinite(*v) ? nlohmann::json(*v) : nlohmann::json(nullptr);
}

nlohmann::json paramsOf(const TrialRecord& t)
{
    auto p = nlohmann::json::parse(t.paramsJson, nullptr, false);
    return p.is_object() ? p : nlohmann::json::object();
}
}  // namespace

nlohmann::json studyJson(const StudyRecord& study, const std::vector<TrialRecord>& trials)
{
    nlohmann::json list = nlohmann::json::array();
    for (const auto& t : trials)
        list.push_back({{"number", t.number}, {"state", t.state}, {"value", valueJson(t.value)},
                        {"params", paramsOf(t)}, {"run_id", t.runId}, {"steps", t.steps}});
    nlohmann::json best = nullptr;
    if (const auto b = bestTrial(study, trials))
        best = {{"number", b->number}, {"value", valueJson(b->value)}, {"params", paramsOf(*b)}, {"run_id", b->runId}};
    return {{"study_id", study.id},
            {"name", study.name},
            {"status", study.status},
            {"direction", study.direction},
            {"metric", study.objective.empty() ? study.metric : study.objective},
            {"sampler", study.sampler},
            {"pruner", study.pruner},
            {"trials", list},
            {"best", best}};
}

std::string trialsCsv(const std::vector<TrialRecord>& trials)
{
    std::set<std::string> names;
    for (const auto& t : trials) {
        const auto params = paramsOf(t);
        for (const auto& [k, v] : params.items())
            names.insert(k);
    }
    std::string out = "number,state,value,duration_s";
    for (const auto& n : names)
        out += "," + csvField("params_" + n);
    out += ",run_id\n";
    for (const auto& t : trials) {
        const auto params = paramsOf(t);
        out += fmt::format("{},{},{},{}", t.number, t.state,
                           t.value && std::isfinite(*t.value) ? fmt::format("{}", *t.value) : std::string(),
                           t.finished > 0 ? fmt::format("{:.3f}", t.finished - t.started) : std::string());
        for (const auto& n : names) {
            out += ",";
            if (params.contains(n))
                out += csvField(params[n].is_string() ? params[n].get<std::string>() : params[n].dump());
        }
        out += fmt::format(",{}\n", t.runId);
    }
    return out;
}

}  // namespace lathe::study
