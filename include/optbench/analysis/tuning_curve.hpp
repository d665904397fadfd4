#pragma once
// Budget curves (Dodge et al. 2019, "Show your work"): the expected best score after k trials
// drawn with replacement from the empirical distribution of a tuning run's trial scores.

#include <cstddef>
#include <vector>

namespace optbench {

/// A trial that gave no score: NaN (a diverged run's metric) or the infinitely worst value (an
/// ERT without a success, a loss that overflowed).
bool failed_score(double score, bool higher_is_better);

/// E[best of k draws | at least one draw did not fail] over `scores` (each equally likely), in
/// closed form: with the scores sorted worst to best, failed ones first, sum over the others of
/// v_i ((i/n)^k - ((i-1)/n)^k), divided by 1 - (f/n)^k for f failed. NaN when every trial failed,
/// scores is empty or k = 0.
double expected_best(const std::vector<double>& scores, std::size_t k, bool higher_is_better);

/// (f/n)^k: the probability that all k draws fail.
double all_failed_probability(const std::vector<double>& scores, std::size_t k,
                              bool higher_is_better);

}  // namespace optbench
