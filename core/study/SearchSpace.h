#pragma once
// A hyperparameter study's search space (issue 15): float (linear or log, optionally on a
// step), int (step or log) and categorical parameters, each optionally conditional on another
// parameter's value or on a fixed setting of the study ("heads" only when "model" is a
// Transformer family). Read from and written to JSON:
//   {"lr": {"type": "float", "low": 1e-4, "high": 1e-2, "log": true},
//    "width": {"type": "categorical", "choices": [64, 128, 256]},
//    "heads": {"type": "int", "low": 1, "high": 8, "when": {"model": ["transformer", "gpt"]}}}
// Torch-free and Qt-free.
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace lathe::study {

enum class ParamKind { Float, Int, Categorical };

// Active only while `parameter` (another parameter of the space, or a fixed setting) has one
// of `values`.
struct Condition {
    std::string parameter;
    std::vector<nlohmann::json> values;
};

struct Parameter {
    std::string name;
    ParamKind kind = ParamKind::Float;
    double low = 0, high = 0;
    bool log = false;
    double step = 0;  // float: 0 = continuous; int: at least 1
    int gridPoints = 0;  // a continuous float in a grid search: this many points from low to high
    std::vector<nlohmann::json> choices;  // categorical: numbers or strings
    std::optional<Condition> when;
};

// One trial's values: parameter name -> number (float, int) or the chosen categorical value.
// Inactive conditional parameters are absent.
using Assignment = std::map<std::string, nlohmann::json>;

class SearchSpace {
public:
    // Refuses an invalid space with a UserError naming `source`, the parameter and the fix.
    static SearchSpace fromJson(const std::string& text, const std::string& source);
    nlohmann::json toJson() const;

    // In an order where every condition's parameter comes before the parameters it governs.
    const std::vector<Parameter>& parameters() const { return m_parameters; }
    const Parameter* find(const std::string& name) const;
    // Whether p takes part in a trial whose earlier values are `chosen`, with the study's fixed
    // settings `fixed` (a flat object of setting name -> value).
    bool active(const Parameter& p, const Assignment& chosen, const nlohmann::json& fixed) const;
    // Whether `value` is a value p can take (inside its range, on its step, one of its choices).
    static bool contains(const Parameter& p, const nlohmann::json& value);

private:
    std::vector<Parameter> m_parameters;
};

// The index of a categorical value among p's choices, or -1.
int choiceIndex(const Parameter& p, const nlohmann::json& value);

}  // namespace lathe::study
