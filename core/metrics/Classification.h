#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace lathe {

struct ClassMetrics {
    double precision = 0, recall = 0, f1 = 0;
    std::int64_t support = 0;
};

struct ClassificationReport {
    double accuracy = 0;
    double macroPrecision = 0, macroRecall = 0, macroF1 = 0;
    double microPrecision = 0, microRecall = 0, microF1 = 0;
    double weightedPrecision = 0, weightedRecall = 0, weightedF1 = 0;
    std::vector<ClassMetrics> perClass;
    // confusion[truth][prediction]
    std::vector<std::vector<std::int64_t>> confusion;
    std::int64_t total = 0;

    std::string toJson(const std::vector<std::string>& classNames) const;
    static ClassificationReport fromJson(const std::string& json);
};

// Precision/recall/F1 as scikit-learn defines them (a 0/0 ratio counts as 0).
ClassificationReport classificationReport(const std::vector<int>& truth, const std::vector<int>& predicted,
                                          int numClasses);

}  // namespace lathe
