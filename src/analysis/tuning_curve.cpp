#include "optbench/analysis/tuning_curve.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace optbench {

bool failed_score(double score, bool higher_is_better) {
  return std::isnan(score) || (higher_is_better ? score == -std::numeric_limits<double>::infinity()
                                                : score == std::numeric_limits<double>::infinity());
}

double expected_best(const std::vector<double>& scores, std::size_t k, bool higher_is_better) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (scores.empty() || k == 0) return nan;
  std::vector<double> ok;
  for (const double s : scores) {
    if (!failed_score(s, higher_is_better)) ok.push_back(s);
  }
  if (ok.empty()) return nan;
  // Worst first: the best of k draws is the i-th score when all k are among the first i and not
  // all among the first i - 1; the failed ones are the first f.
  if (higher_is_better) {
    std::sort(ok.begin(), ok.end());
  } else {
    std::sort(ok.begin(), ok.end(), std::greater<>());
  }
  const auto n = static_cast<double>(scores.size());
  const auto power = static_cast<double>(k);
  const std::size_t failed = scores.size() - ok.size();
  double below = std::pow(static_cast<double>(failed) / n, power);
  const double none_ok = below;
  double sum = 0.0;
  for (std::size_t i = 0; i < ok.size(); ++i) {
    const double upto = std::pow(static_cast<double>(failed + i + 1) / n, power);
    sum += (upto - below) * ok[i];
    below = upto;
  }
  return sum / (1.0 - none_ok);
}

double all_failed_probability(const std::vector<double>& scores, std::size_t k,
                              bool higher_is_better) {
  if (scores.empty()) return std::numeric_limits<double>::quiet_NaN();
  const auto failed =
      static_cast<double>(std::count_if(scores.begin(), scores.end(), [higher_is_better](double s) {
        return failed_score(s, higher_is_better);
      }));
  return std::pow(failed / static_cast<double>(scores.size()), static_cast<double>(k));
}

}  // namespace optbench
