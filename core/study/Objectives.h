#pragma once
// Standard test functions for measuring samplers without training (lathe-cli study
// --objective): Branin on [-5, 10] x [0, 15] (parameters x1, x2; minimum 0.397887 at three
// points) and Hartmann-6 on [0, 1]^6 (x1 … x6; minimum -3.32237). Both are minimized.
#include "study/SearchSpace.h"

#include <string>

namespace lathe::study {

double branin(double x1, double x2);
double hartmann6(const double x[6]);

// The known minimum of a named objective.
double objectiveMinimum(const std::string& name);
// The value of objective `name` ("branin" or "hartmann6") at a trial's values; refuses another
// name, or an assignment without the function's float parameters, with a UserError.
double objectiveValue(const std::string& name, const Assignment& values);

}  // namespace lathe::study
