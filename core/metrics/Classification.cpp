#include "metrics/Classification.h"

#include <nlohmann/json.hpp>

#include <stdexcept>

namespace lathe {

namespace {
double ratio(double a, double b) { return b > 0 ? a / b : 0.0; }
double f1Of(double p, double r) { return p + r > 0 ? 2 * p * r / (p + r) : 0.0; }
}  // namespace

ClassificationReport classificationReport(const std::vector<int>& truth, const std::vector<int>& predicted,
                                          int numClasses)
{
    if (truth.size() != predicted.size())
        throw std::invalid_argument("truth and predictions differ in length");
    const auto k = static_cast<std::size_t>(numClasses);
    ClassificationReport r;
    r.confusion.assign(k, std::vector<std::int64_t>(k, 0));
    for (std::size_t i = 0; i < truth.size(); ++i)
        ++r.confusion[static_cast<std::size_t>(truth[i])][static_cast<std::size_t>(predicted[i])];
    r.total = static_cast<std::int64_t>(truth.size());

    std::int64_t correct = 0;
    r.perClass.resize(k);
    for (std::size_t c = 0; c < k; ++c) {
        std::int64_t tp = r.confusion[c][c], predictedAsC = 0, actualC = 0;
        for (std::size_t o = 0; o < k; ++o) {
            predictedAsC += r.confusion[o][c];
            actualC += r.confusion[c][o];
        }
        correct += tp;
        auto& m = r.perClass[c];
        m.precision = ratio(static_cast<double>(tp), static_cast<double>(predictedAsC));
        m.recall = ratio(static_cast<double>(tp), static_cast<double>(actualC));
        m.f1 = f1Of(m.precision, m.recall);
        m.support = actualC;
    }
    r.accuracy = ratio(static_cast<double>(correct), static_cast<double>(r.total));
    for (const auto& m : r.perClass) {
        r.macroPrecision += m.precision / static_cast<double>(k);
        r.macroRecall += m.recall / static_cast<double>(k);
        r.macroF1 += m.f1 / static_cast<double>(k);
        const double w = ratio(static_cast<double>(m.support), static_cast<double>(r.total));
        r.weightedPrecision += w * m.precision;
        r.weightedRecall += w * m.recall;
        r.weightedF1 += w * m.f1;
    }
    // Single-label classification: micro P = micro R = micro F1 = accuracy.
    r.microPrecision = r.microRecall = r.microF1 = r.accuracy;
    return r;
}

std::string ClassificationReport::toJson(const std::vector<std::string>& classNames) const
{
    nlohmann::json j;
    j["accuracy"] = accuracy;
    j["macro"] = {{"precision", macroPrecision}, {"recall", macroRecall}, {"f1", macroF1}};
    j["micro"] = {{"precision", microPrecision}, {"recall", microRecall}, {"f1", microF1}};
    j["weighted"] = {{"precision", weightedPrecision}, {"recall", weightedRecall}, {"f1", weightedF1}};
    j["total"] = total;
    j["classes"] = classNames;
    auto& per = j["per_class"] = nlohmann::json::array();
    for (const auto& m : perClass)
        per.push_back({{"precision", m.precision}, {"recall", m.recall}, {"f1", m.f1}, {"support", m.support}});
    j["confusion"] = confusion;
    return j.dump();
}

ClassificationReport ClassificationReport::fromJson(const std::string& json)
{
    const auto j = nlohmann::json::parse(json);
    ClassificationReport r;
    r.accuracy = j.at("accuracy");
    r.macroPrecision = j["macro"]["precision"], r.macroRecall = j["macro"]["recall"], r.macroF1 = j["macro"]["f1"];
    r.microPrecision = j["micro"]["precision"], r.microRecall = j["micro"]["recall"], r.microF1 = j["micro"]["f1"];
    r.weightedPrecision = j["weighted"]["precision"], r.weightedRecall = j["weighted"]["recall"];
    r.weightedF1 = j["weighted"]["f1"];
    r.total = j.at("total");
    for (const auto& m : j.at("per_class"))
        r.perClass.push_back({m.at("precision"), m.at("recall"), m.at("f1"), m.at("support")});
    r.confusion = j.at("confusion").get<std::vector<std::vector<std::int64_t>>>();
    return r;
}

}  // namespace lathe
