#include "study/SearchSpace.h"
#include "util/Message.h"

#include <algorithm>
#include <cmath>
#include <set>

namespace lathe::study {

namespace {

// A continuous float in a grid search takes at most this many points.
constexpr double kMaxValues = 1e6;
constexpr double kMaxWhole = 9007199254740992.0;  // 2^53

[[noreturn]] void refuse(const std::string& source, const std::string& name, Message why)
{
    throw UserError(Message(LATHE_TR("Study", "%1: parameter '%2': %3"), source, name, std::move(why)));
}

double number(const nlohmann::json& spec, const char* key, const std::string& source, const std::string& name)
{
    if (!spec.contains(key))
        refuse(source, name, Message(LATHE_TR("Study", "'%1' is missing"), key));
    const auto& v = spec.at(key);
    if (!v.is_number() || !std::isfinite(v.get<double>()))
        refuse(source, name, Message(LATHE_TR("Study", "'%1' must be a finite number, not %2"), key, v.dump()));
    return v.get<double>();
}

bool onStep(double value, double low, double step)
{
    const double k = (value - low) / step;
    return std::abs(k - std::round(k)) <= 1e-9 * std::max(1.0, std::abs(k));
}

Parameter parse(const std::string& name, const nlohmann::json& spec, const std::string& source)
{
    if (!spec.is_object())
        refuse(source, name, Message(LATHE_TR("Study", "its definition must be an object with a \"type\"")));
    Parameter p;
    p.name = name;
    const auto type = spec.contains("type") && spec.at("type").is_string() ? spec.at("type").get<std::string>()
                                                                         : std::string();
    static const std::set<std::string> known{"type", "low", "high", "log", "step", "grid_points", "choices", "when"};
    for (const auto& [key, value] : spec.items())
        if (!known.count(key))
            refuse(source, name, Message(LATHE_TR("Study", "unknown key '%1' (known: type, low, high, log, step, "
                                                           "grid_points, choices, when)"),
                                         key));
    if (type == "float" || type == "int") {
        p.kind = type == "float" ? ParamKind::Float : ParamKind::Int;
        p.low = number(spec, "low", source, name);
        p.high = number(spec, "high", source, name);
        if (spec.contains("log") && !spec.at("log").is_boolean())
            refuse(source, name, Message(LATHE_TR("Study", "'log' must be true or false")));
        p.log = spec.contains("log") && spec.at("log").get<bool>();
        if (p.kind == ParamKind::Int && (p.low != std::trunc(p.low) || p.high != std::trunc(p.high)))
            refuse(source, name, Message(LATHE_TR("Study", "an int parameter needs whole numbers for low and high")));
        // Every whole number up to 2^53 is a double, and converts to an int64 exactly.
        if (p.kind == ParamKind::Int && (std::abs(p.low) > kMaxWhole || std::abs(p.high) > kMaxWhole))
            refuse(source, name, Message(LATHE_TR("Study", "an int parameter's low and high must lie within ±2^53")));
        if (!(p.low <= p.high))
            refuse(source, name, Message(LATHE_TR("Study", "low (%1) must not be above high (%2)"), p.low, p.high));
        if (p.log && p.low <= 0)
            refuse(source, name, Message(LATHE_TR("Study", "a log scale needs low above 0 (it is %1)"), p.low));
        p.step = p.kind == ParamKind::Int ? 1 : 0;
        if (spec.contains("step")) {
            p.step = number(spec, "step", source, name);
            if (!(p.step > 0) || (p.kind == ParamKind::Int && p.step != std::trunc(p.step)))
                refuse(source, name, p.kind == ParamKind::Int
                                         ? Message(LATHE_TR("Study", "'step' must be a positive whole number"))
                                         : Message(LATHE_TR("Study", "'step' must be a positive number")));
            if (p.log && !(p.kind == ParamKind::Int && p.step == 1))
                refuse(source, name, Message(LATHE_TR("Study", "'step' and 'log' cannot be used together")));
            if (!onStep(p.high, p.low, p.step))
                refuse(source, name, Message(LATHE_TR("Study", "high (%1) is not low (%2) plus a whole number of "
                                                               "steps (%3)"),
                                             p.high, p.low, p.step));
        }
        if (spec.contains("grid_points")) {
            const double g = number(spec, "grid_points", source, name);
            if (p.kind != ParamKind::Float || p.step > 0 || g < 2 || g != std::trunc(g) || g > kMaxValues)
                refuse(source, name, Message(LATHE_TR("Study", "'grid_points' is a whole number from 2 for a float "
                                                               "without a step")));
            p.gridPoints = static_cast<int>(g);
        }
        if (spec.contains("choices"))
            refuse(source, name, Message(LATHE_TR("Study", "'choices' belongs to a categorical parameter")));
    } else if (type == "categorical") {
        p.kind = ParamKind::Categorical;
        if (!spec.contains("choices") || !spec.at("choices").is_array() || spec.at("choices").empty())
            refuse(source, name, Message(LATHE_TR("Study", "'choices' must be a non-empty list")));
        for (const auto& c : spec.at("choices")) {
            if (!(c.is_number() || c.is_string() || c.is_boolean()))
                refuse(source, name, Message(LATHE_TR("Study", "a choice must be a number, a string or true/false, "
                                                               "not %1"),
                                             c.dump()));
            if (std::find(p.choices.begin(), p.choices.end(), c) != p.choices.end())
                refuse(source, name, Message(LATHE_TR("Study", "the choice %1 is listed twice"), c.dump()));
            p.choices.push_back(c);
        }
        for (const char* key : {"low", "high", "log", "step", "grid_points"})
            if (spec.contains(key))
                refuse(source, name, Message(LATHE_TR("Study", "'%1' belongs to a float or int parameter"), key));
    } else {
        refuse(source, name, Message(LATHE_TR("Study", "\"type\" must be \"float\", \"int\" or \"categorical\"")));
    }
    if (spec.contains("when")) {
        const auto& w = spec.at("when");
        if (!w.is_object() || w.size() != 1)
            refuse(source, name, Message(LATHE_TR("Study", "'when' must name one setting and its values, for "
                                                           "example {\"model\": [\"transformer\", \"gpt\"]}")));
        Condition c;
        c.parameter = w.begin().key();
        const auto& values = w.begin().value();
        if (values.is_array()) {
            if (values.empty())
                refuse(source, name, Message(LATHE_TR("Study", "'when' lists no values")));
            c.values.assign(values.begin(), values.end());
        } else {
            c.values.push_back(values);
        }
        if (c.parameter == name)
            refuse(source, name, Message(LATHE_TR("Study", "a parameter cannot depend on itself")));
        p.when = std::move(c);
    }
    return p;
}

}  // namespace

SearchSpace SearchSpace::fromJson(const std::string& text, const std::string& source)
{
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {  // a syntax error, or a number too large for a double
        throw UserError(Message(LATHE_TR("Study", "%1: not valid JSON: %2"), source, e.what()));
    }
    if (!j.is_object() || j.empty())
        throw UserError(Message(LATHE_TR("Study", "%1: a search space must be a JSON object of parameters, for "
                                                  "example {\"lr\": {\"type\": \"float\", \"low\": 0.0001, "
                                                  "\"high\": 0.01, \"log\": true}}"),
                                source));
    std::vector<Parameter> pending;
    for (const auto& [name, spec] : j.items())
        pending.push_back(parse(name, spec, source));
    // Order: a parameter after the one its condition names (when that one is in the space).
    SearchSpace space;
    std::set<std::string> placed;
    while (!pending.empty()) {
        const auto ready = std::find_if(pending.begin(), pending.end(), [&](const Parameter& p) {
            return !p.when || placed.count(p.when->parameter) || !j.contains(p.when->parameter);
        });
        if (ready == pending.end())
            throw UserError(Message(LATHE_TR("Study", "%1: the conditions of '%2' and '%3' depend on each other"),
                                    source, pending.front().name, pending.front().when->parameter));
        placed.insert(ready->name);
        space.m_parameters.push_back(*ready);
        pending.erase(ready);
    }
    for (const auto& p : space.m_parameters)
        if (p.when)
            if (const auto* on = space.find(p.when->parameter))
                for (const auto& v : p.when->values)
                    if (!contains(*on, v))
                        refuse(source, p.name, Message(LATHE_TR("Study", "its condition names %1 = %2, a value "
                                                                         "'%1' never takes"),
                                                       on->name, v.dump()));
    return space;
}

nlohmann::json SearchSpace::toJson() const
{
    auto j = nlohmann::json::object();
    for (const auto& p : m_parameters) {
        nlohmann::json s;
        if (p.kind == ParamKind::Categorical) {
            s["type"] = "categorical";
            s["choices"] = p.choices;
        } else {
            s["type"] = p.kind == ParamKind::Float ? "float" : "int";
            if (p.kind == ParamKind::Int) {
                s["low"] = static_cast<std::int64_t>(p.low);
                s["high"] = static_cast<std::int64_t>(p.high);
            } else {
                s["low"] = p.low;
                s["high"] = p.high;
            }
            if (p.log)
                s["log"] = true;
            if (p.kind == ParamKind::Float ? p.step > 0 : p.step != 1)
                s["step"] = p.kind == ParamKind::Int ? nlohmann::json(static_cast<std::int64_t>(p.step))
                                                     : nlohmann::json(p.step);
            if (p.gridPoints > 0)
                s["grid_points"] = p.gridPoints;
        }
        if (p.when)
            s["when"] = {{p.when->parameter, p.when->values}};
        j[p.name] = s;
    }
    return j;
}

const Parameter* SearchSpace::find(const std::string& name) const
{
    const auto it = std::find_if(m_parameters.begin(), m_parameters.end(), [&](const auto& p) { return p.name == name; });
    return it == m_parameters.end() ? nullptr : &*it;
}

bool SearchSpace::active(const Parameter& p, const Assignment& chosen, const nlohmann::json& fixed) const
{
    if (!p.when)
        return true;
    const nlohmann::json* value = nullptr;
    if (find(p.when->parameter)) {
        const auto it = chosen.find(p.when->parameter);
        if (it == chosen.end())
            return false;  // the parameter it depends on is itself inactive
        value = &it->second;
    } else if (fixed.is_object() && fixed.contains(p.when->parameter)) {
        value = &fixed.at(p.when->parameter);
    } else {
        return false;
    }
    return std::find(p.when->values.begin(), p.when->values.end(), *value) != p.when->values.end();
}

bool SearchSpace::contains(const Parameter& p, const nlohmann::json& value)
{
    if (p.kind == ParamKind::Categorical)
        return choiceIndex(p, value) >= 0;
    if (!value.is_number())
        return false;
    const double v = value.get<double>();
    if (!(v >= p.low && v <= p.high))
        return false;
    if (p.kind == ParamKind::Int && v != std::trunc(v))
        return false;
    return p.step <= 0 || onStep(v, p.low, p.step);
}

int choiceIndex(const Parameter& p, const nlohmann::json& value)
{
    for (std::size_t i = 0; i < p.choices.size(); ++i)
        if (p.choices[i] == value)
            return static_cast<int>(i);
    // 128 and 128.0 are the same choice.
    if (value.is_number())
        for (std::size_t i = 0; i < p.choices.size(); ++i)
            if (p.choices[i].is_number() && p.choices[i].get<double>() == value.get<double>())
                return static_cast<int>(i);
    return -1;
}

}  // namespace lathe::study
