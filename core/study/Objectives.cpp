#include "study/Objectives.h"
#include "util/Message.h"

#include <cmath>

namespace lathe::study {

namespace {
constexpr double kPi = 3.14159265358979323846;

double get(const Assignment& values, const std::string& objective, const std::string& name)
{
    const auto it = values.find(name);
    if (it == values.end() || !it->second.is_number())
        throw UserError(Message(LATHE_TR("Study", "the %1 objective needs a float parameter '%2' in the search space"),
                                objective, name));
    return it->second.get<double>();
}
}  // namespace

double branin(double x1, double x2)
{
    const double b = 5.1 / (4 * kPi * kPi), c = 5 / kPi, t = 1 / (8 * kPi);
    const double u = x2 - b * x1 * x1 + c * x1 - 6;
    return u * u + 10 * (1 - t) * std::cos(x1) + 10;
}

double hartmann6(const double x[6])
{
    static const double alpha[4] = {1.0, 1.2, 3.0, 3.2};
    static const double A[4][6] = {{10, 3, 17, 3.5, 1.7, 8},
                                   {0.05, 10, 17, 0.1, 8, 14},
                                   {3, 3.5, 1.7, 10, 17, 8},
                                   {17, 8, 0.05, 10, 0.1, 14}};
    static const double P[4][6] = {{0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
                                   {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
                                   {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
                                   {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};
    double sum = 0;
    for (int i = 0; i < 4; ++i) {
        double inner = 0;
        for (int j = 0; j < 6; ++j)
            inner += A[i][j] * (x[j] - P[i][j]) * (x[j] - P[i][j]);
        sum += alpha[i] * std::exp(-inner);
    }
    return -sum;
}

double objectiveMinimum(const std::string& name)
{
    if (name == "branin")
        return 0.39788735772973816;
    if (name == "hartmann6")
        return -3.3223680114155147;
    throw UserError(Message(LATHE_TR("Study", "unknown objective '%1' (known: branin, hartmann6)"), name));
}

double objectiveValue(const std::string& name, const Assignment& values)
{
    if (name == "branin")
        return branin(get(values, name, "x1"), get(values, name, "x2"));
    if (name == "hartmann6") {
        double x[6];
        for (int i = 0; i < 6; ++i)
            x[i] = get(values, name, "x" + std::to_string(i + 1));
        return hartmann6(x);
    }
    objectiveMinimum(name);  // throws for an unknown name
    return 0;
}

}  // namespace lathe::study
