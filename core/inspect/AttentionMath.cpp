#include "inspect/Attention.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace lathe {

float AttentionResult::at(int layer, int head, int query, int key) const
{
    const auto n = static_cast<std::size_t>(length()), keys = static_cast<std::size_t>(keyLength());
    const auto index = ((static_cast<std::size_t>(layer) * static_cast<std::size_t>(heads) + static_cast<std::size_t>(head)) * n +
                        static_cast<std::size_t>(query)) * keys + static_cast<std::size_t>(key);
    return weights[index];
}

SquareMap headMap(const AttentionResult& a, int layer, int head)
{
    SquareMap m(a.length(), a.keyLength());
    m.cross = a.cross();
    for (int q = 0; q < m.size; ++q)
        for (int k = 0; k < m.cols; ++k)
            m.at(q, k) = a.at(layer, head, q, k);
    return m;
}

SquareMap layerMean(const AttentionResult& a, int layer)
{
    SquareMap m(a.length(), a.keyLength());
    m.cross = a.cross();
    for (int h = 0; h < a.heads; ++h)
        for (int q = 0; q < m.size; ++q)
            for (int k = 0; k < m.cols; ++k)
                m.at(q, k) += a.at(layer, h, q, k) / static_cast<float>(a.heads);
    return m;
}

SquareMap rollout(const AttentionResult& a, int lastLayer)
{
    if (a.cross())
        throw std::invalid_argument("rollout follows self-attention through the layers; cross-attention has no rollout");
    const int n = a.length();
    SquareMap r(n);
    for (int i = 0; i < n; ++i)
        r.at(i, i) = 1.0f;
    for (int l = 0; l <= lastLayer && l < a.layers; ++l) {
        auto step = layerMean(a, l);
        for (int q = 0; q < n; ++q) {
            step.at(q, q) += 1.0f;
            float sum = 0;
            for (int k = 0; k < n; ++k)
                sum += step.at(q, k);
            for (int k = 0; k < n; ++k)
                step.at(q, k) /= sum;
        }
        SquareMap next(n);
        for (int q = 0; q < n; ++q)
            for (int m = 0; m < n; ++m) {
                const float w = step.at(q, m);
                if (w == 0.0f)
                    continue;
                for (int k = 0; k < n; ++k)
                    next.at(q, k) += w * r.at(m, k);
            }
        r = std::move(next);
    }
    return r;
}

std::vector<float> summedRows(const SquareMap& m, const std::vector<int>& queries)
{
    std::vector<float> out(static_cast<std::size_t>(m.cols), 0.0f);
    for (int q : queries)
        if (q >= 0 && q < m.size)
            for (int k = 0; k < m.cols; ++k)
                out[static_cast<std::size_t>(k)] += m.at(q, k);
    return out;
}

SquareMap difference(const SquareMap& a, const SquareMap& b)
{
    if (a.size != b.size || a.cols != b.cols)
        throw std::invalid_argument("the two attention maps cover different token sequences");
    SquareMap d(a.size, a.cols);
    d.cross = a.cross;
    for (std::size_t i = 0; i < d.values.size(); ++i)
        d.values[i] = a.values[i] - b.values[i];
    return d;
}

std::string attentionToJson(const AttentionResult& a, int indent)
{
    const int n = a.length(), keys = a.keyLength();
    nlohmann::json layers = nlohmann::json::array();
    for (int l = 0; l < a.layers; ++l) {
        nlohmann::json heads = nlohmann::json::array();
        for (int h = 0; h < a.heads; ++h) {
            nlohmann::json rows = nlohmann::json::array();
            for (int q = 0; q < n; ++q) {
                std::vector<float> row(static_cast<std::size_t>(keys));
                for (int k = 0; k < keys; ++k)
                    row[static_cast<std::size_t>(k)] = a.at(l, h, q, k);
                rows.push_back(row);
            }
            heads.push_back(std::move(rows));
        }
        layers.push_back(std::move(heads));
    }
    nlohmann::json j{{"tokens", a.tokens}, {"layers", a.layers}, {"heads", a.heads}, {"causal", a.causal},
                     {"step", a.step}, {"attention", std::move(layers)}};
    if (!a.classProbabilities.empty())
        j["class_probabilities"] = a.classProbabilities;
    if (!a.keyTokens.empty())
        j["key_tokens"] = a.keyTokens;
    if (!a.target.empty() || a.decoded)
        j["target"] = a.target;
    return j.dump(indent);
}

}  // namespace lathe
