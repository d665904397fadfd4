#pragma once
// The statistics behind summary.csv and comparisons.csv: quantiles, percentile-bootstrap and
// Wilson intervals, expected running time, the Wilcoxon signed-rank test and Holm's correction.
// Each follows a reference that tests/data/statistics_reference.yaml checks it against
// (numpy, scipy.stats 1.10; tools/statistics_reference.py).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

namespace optbench {

/// A two-sided interval [low, high].
struct Interval {
  double low = 0.0;
  double high = 0.0;
};

/// How intervals are drawn: resamples per percentile bootstrap and the confidence level.
struct BootstrapSpec {
  std::size_t resamples = 2000;  ///< analysis.bootstrap
  double confidence = 0.95;      ///< analysis.confidence
};

/// Quantile q of sorted, non-empty values by linear interpolation at position (n-1)q (numpy's
/// and pandas' default), to numpy's last bit for finite values; where an end is infinite the
/// infinity stands (numpy would form inf - inf and answer nan).
double quantile_linear(const std::vector<double>& sorted, double q);

/// The median of non-empty values (quantile 0.5 of their sorted copy).
double median_of(std::vector<double> values);

/// Percentile-bootstrap interval of the median of non-empty `values`: `spec.resamples` samples
/// of values.size() indices drawn with replacement (uniform_below on Rng(seed), resample after
/// resample), the median of each, then the (1 - c)/2 and (1 + c)/2 quantiles of those medians.
Interval bootstrap_median(const std::vector<double>& values, const BootstrapSpec& spec,
                          std::uint64_t seed);

/// Wilson score interval of `successes` in `trials` (> 0) at `confidence`, as
/// scipy.stats.binomtest(k, n).proportion_ci(confidence, method="wilson"): no continuity
/// correction; exactly 0 below when k = 0 and 1 above when k = n.
Interval wilson_interval(std::size_t successes, std::size_t trials, double confidence);

/// Expected running time (COCO's ERT): the steps all runs used, a run that never succeeded
/// charged `budget`, divided by the number that succeeded; infinite when none did. A run is
/// the steps it took to succeed, or nullopt.
double expected_running_time(const std::vector<std::optional<double>>& runs, double budget);

/// Percentile-bootstrap interval of the ERT over runs (cocopp's resampling of runs): as
/// bootstrap_median, with the ERT of each resample (infinite without a success) in place of the
/// median. `runs` must not be empty.
Interval bootstrap_ert(const std::vector<std::optional<double>>& runs, double budget,
                       const BootstrapSpec& spec, std::uint64_t seed);

/// The two-sided Wilcoxon signed-rank test of paired differences.
struct WilcoxonResult {
  std::size_t nonzero = 0;  ///< differences left after the zeros are dropped
  double r_plus = 0.0;      ///< sum of the ranks of |d| over positive d (average ranks for ties)
  double r_minus = 0.0;
  double statistic = 0.0;  ///< min(r_plus, r_minus), scipy's two-sided statistic
  double p_value = 1.0;
  bool exact = false;  ///< the exact null distribution (else the normal approximation)
};

/// Zero differences are dropped (zero_method "wilcox"). At most 50 non-zero differences without
/// ties among |d|: the exact null distribution of r_plus (scipy.stats.wilcoxon(d,
/// method="exact")); otherwise the normal approximation with the tie-corrected variance and the
/// continuity correction (method="approx", correction=True). nullopt when no difference is
/// non-zero (scipy raises there). NaN differences are not allowed.
std::optional<WilcoxonResult> wilcoxon_signed_rank(const std::vector<double>& differences);

/// Holm's step-down adjustment of p-values (statsmodels' multipletests method "holm"), in the
/// order given: the i-th smallest p times (m - i + 1), made monotone and capped at 1.
std::vector<double> holm_adjust(const std::vector<double>& p_values);

/// Spearman's rank correlation (average ranks for ties), as scipy.stats.spearmanr; NaN for fewer
/// than 2 pairs, unequal lengths or a constant side.
double spearman(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace optbench
