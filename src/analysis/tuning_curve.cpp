#include "optbench/analysis/tuning_curve.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace optbench {

double expected_best(std::vector<double> scores, std::size_t k, bool higher_is_better) {
  if (scores.empty() || k == 0) return std::numeric_limits<double>::quiet_NaN();
  const double worst = higher_is_better ? -std::numeric_limits<double>::infinity()
                                        : std::numeric_limits<double>::infinity();
  for (double& s : scores) {
    if (std::isnan(s)) s = worst;
  }
  // Worst first: the best of k draws is v_i when all k are among the first i and not all among
  // the first i - 1.
  if (higher_is_better) {
    std::sort(scores.begin(), scores.end());
  } else {
    std::sort(scores.begin(), scores.end(), std::greater<>());
  }
  const auto n = static_cast<double>(scores.size());
  const auto power = static_cast<double>(k);
  double sum = 0.0;
  double below = 0.0;  // (i-1/n)^k
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const double upto = std::pow(static_cast<double>(i + 1) / n, power);
    const double p = upto - below;
    below = upto;
    // An infinite worst score weighs only where it can be the best (p > 0).
    if (p > 0.0) sum += p * scores[i];
  }
  return sum;
}

std::vector<double> budget_curve(const std::vector<double>& scores, std::size_t max_k,
                                 bool higher_is_better) {
  std::vector<double> curve;
  curve.reserve(max_k);
  for (std::size_t k = 1; k <= max_k; ++k) curve.push_back(expected_best(scores, k, higher_is_better));
  return curve;
}

}  // namespace optbench
