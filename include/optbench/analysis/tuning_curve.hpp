#pragma once
// Budget curves (Dodge et al. 2019, "Show your work"): the expected best score after k trials
// drawn with replacement from the empirical distribution of a tuning run's trial scores.

#include <cstddef>
#include <vector>

namespace optbench {

/// E[best of k draws] over `scores` (each equally likely), in closed form: with the scores
/// sorted worst to best, sum_i v_i ((i/n)^k - ((i-1)/n)^k). NaN counts as the worst score.
/// Empty scores or k = 0 give NaN.
double expected_best(std::vector<double> scores, std::size_t k, bool higher_is_better);

/// expected_best for k = 1 .. max_k.
std::vector<double> budget_curve(const std::vector<double>& scores, std::size_t max_k,
                                 bool higher_is_better);

}  // namespace optbench
