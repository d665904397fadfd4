#include "optbench/analysis/statistics.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <numeric>

#include "optbench/core/random.hpp"
#include "optbench/data/shuffle.hpp"

namespace optbench {

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// Largest count for the exact null distribution, as scipy's method="auto" chooses it.
constexpr std::size_t kExactLimit = 50;

// numpy's _lerp (numpy >= 1.22): from b when t >= 0.5, so the last bit matches.
double lerp(double a, double b, double t) {
  if (t == 0.0 || a == b) return a;
  if (std::isinf(a)) return a;  // -inf .. x, including -inf .. inf
  if (std::isinf(b)) return b;
  const double diff = b - a;
  return t >= 0.5 ? b - diff * (1.0 - t) : a + diff * t;
}

// The percentile interval of B statistics (sorted in place).
Interval percentile_interval(std::vector<double>& statistics, double confidence) {
  std::sort(statistics.begin(), statistics.end());
  const double alpha = 1.0 - confidence;
  return {quantile_linear(statistics, alpha / 2.0), quantile_linear(statistics, 1.0 - alpha / 2.0)};
}

// scipy.special.ndtri: the standard normal quantile.
double normal_quantile(double p) {
  return boost::math::quantile(boost::math::normal_distribution<double>(), p);
}

// scipy.stats.norm.sf, as cephes' ndtr(-z) computes it.
double normal_sf(double z) {
  return 0.5 * std::erfc(z / std::sqrt(2.0));
}

// scipy.stats.rankdata(values, method="average"), 1-based ranks.
std::vector<double> average_ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i + 1;
    while (j < order.size() && values[order[j]] == values[order[i]]) ++j;
    // Positions i..j-1 share the mean of ranks i+1..j.
    const double rank = 0.5 * static_cast<double>(i + 1 + j);
    for (std::size_t k = i; k < j; ++k) ranks[order[k]] = rank;
    i = j;
  }
  return ranks;
}

// scipy's _get_wilcoxon_distr: the null distribution of r_plus over 0..n(n+1)/2, built by
// halving as scipy does so that the probabilities agree to the bit.
std::vector<double> wilcoxon_null_distribution(std::size_t n) {
  std::vector<double> c{1.0};
  for (std::size_t k = 1; k <= n; ++k) {
    std::vector<double> next(k * (k + 1) / 2 + 1, 0.0);
    const std::size_t m = c.size();
    for (std::size_t i = 0; i < m; ++i) next[i] = c[i] * 0.5;
    for (std::size_t i = 0; i < m; ++i) next[next.size() - m + i] += c[i] * 0.5;
    c = std::move(next);
  }
  return c;
}

}  // namespace

double quantile_linear(const std::vector<double>& sorted, double q) {
  const double position = static_cast<double>(sorted.size() - 1) * q;
  const double below = std::floor(position);
  const auto lo = static_cast<std::size_t>(below);
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return lerp(sorted[lo], sorted[hi], position - below);
}

double median_of(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return quantile_linear(values, 0.5);
}

Interval bootstrap_median(const std::vector<double>& values, const BootstrapSpec& spec,
                          std::uint64_t seed) {
  Rng rng(seed);
  const std::size_t n = values.size();
  // A resample sorted is the values sorted once, each repeated as often as it was drawn: so the
  // draws are counted against the sorted order and the two order statistics the median
  // interpolates are read off the counts, O(n) a resample where sorting it was O(n log n). The
  // draws and the interpolation are those of sorting each resample, so the interval is the same.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&values](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> sorted(n);
  std::vector<std::size_t> rank_of(n);
  for (std::size_t k = 0; k < n; ++k) {
    sorted[k] = values[order[k]];
    rank_of[order[k]] = k;
  }
  const double position = static_cast<double>(n - 1) * 0.5;
  const double below = std::floor(position);
  const auto lo = static_cast<std::size_t>(below);
  const std::size_t hi = std::min(lo + 1, n - 1);
  std::vector<std::size_t> counts(n);
  std::vector<double> medians;
  medians.reserve(spec.resamples);
  for (std::size_t b = 0; b < spec.resamples; ++b) {
    std::fill(counts.begin(), counts.end(), std::size_t{0});
    for (std::size_t i = 0; i < n; ++i) ++counts[rank_of[uniform_below(rng, n)]];
    // The resample's positions lo and hi: the values whose cumulative counts first pass them.
    std::size_t k = 0;
    std::size_t seen = counts[0];
    while (seen <= lo) seen += counts[++k];
    const double at_lo = sorted[k];
    while (seen <= hi) seen += counts[++k];
    medians.push_back(lerp(at_lo, sorted[k], position - below));
  }
  return percentile_interval(medians, spec.confidence);
}

Interval wilson_interval(std::size_t successes, std::size_t trials, double confidence) {
  // scipy's _binom_wilson_conf_int term by term (Newcombe 1998, method 3).
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z = normal_quantile(0.5 + 0.5 * confidence);
  const double denom = 2.0 * (n + z * z);
  const double center = (2.0 * n * p + z * z) / denom;
  const double q = 1.0 - p;
  const double delta = z / denom * std::sqrt(4.0 * n * p * q + z * z);
  return {successes == 0 ? 0.0 : center - delta, successes == trials ? 1.0 : center + delta};
}

double expected_running_time(const std::vector<std::optional<double>>& runs, double budget) {
  double used = 0.0;
  std::size_t succeeded = 0;
  for (const auto& run : runs) {
    used += run ? *run : budget;
    succeeded += run ? 1 : 0;
  }
  return succeeded == 0 ? kInf : used / static_cast<double>(succeeded);
}

Interval bootstrap_ert(const std::vector<std::optional<double>>& runs, double budget,
                       const BootstrapSpec& spec, std::uint64_t seed) {
  Rng rng(seed);
  const std::size_t n = runs.size();
  std::vector<std::optional<double>> sample(n);
  std::vector<double> erts;
  erts.reserve(spec.resamples);
  for (std::size_t b = 0; b < spec.resamples; ++b) {
    for (std::size_t i = 0; i < n; ++i) sample[i] = runs[uniform_below(rng, n)];
    erts.push_back(expected_running_time(sample, budget));
  }
  return percentile_interval(erts, spec.confidence);
}

std::optional<WilcoxonResult> wilcoxon_signed_rank(const std::vector<double>& differences) {
  std::vector<double> d;
  for (const double v : differences) {
    if (v != 0.0) d.push_back(v);
  }
  if (d.empty()) return std::nullopt;
  std::vector<double> magnitude(d.size());
  for (std::size_t i = 0; i < d.size(); ++i) magnitude[i] = std::abs(d[i]);
  const std::vector<double> r = average_ranks(magnitude);

  WilcoxonResult out;
  out.nonzero = d.size();
  for (std::size_t i = 0; i < d.size(); ++i) (d[i] > 0.0 ? out.r_plus : out.r_minus) += r[i];
  out.statistic = std::min(out.r_plus, out.r_minus);

  // Tie groups among the ranks: their sizes enter the variance (and rule out the exact test).
  std::vector<double> sorted = r;
  std::sort(sorted.begin(), sorted.end());
  double tie_term = 0.0;
  bool ties = false;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i + 1;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    if (j - i > 1) {
      ties = true;
      const double t = static_cast<double>(j - i);
      tie_term += t * (t * t - 1.0);
    }
    i = j;
  }

  const auto count = static_cast<double>(d.size());
  if (d.size() <= kExactLimit && !ties) {
    out.exact = true;
    const std::vector<double> pmf = wilcoxon_null_distribution(d.size());
    const auto r_plus = static_cast<std::size_t>(out.r_plus);
    if (r_plus == (pmf.size() - 1) / 2) {
      out.p_value = 1.0;  // the centre of the distribution
    } else {
      double p_less = 0.0;
      for (std::size_t k = 0; k <= r_plus; ++k) p_less += pmf[k];
      double p_greater = 0.0;
      for (std::size_t k = r_plus; k < pmf.size(); ++k) p_greater += pmf[k];
      out.p_value = std::clamp(2.0 * std::min(p_greater, p_less), 0.0, 1.0);
    }
    return out;
  }
  const double mean = count * (count + 1.0) * 0.25;
  double variance = count * (count + 1.0) * (2.0 * count + 1.0);
  variance -= 0.5 * tie_term;
  const double se = std::sqrt(variance / 24.0);
  const double t = out.statistic;
  const double correction = t > mean ? 0.5 : (t < mean ? -0.5 : 0.0);
  const double z = (t - mean - correction) / se;
  out.p_value = 2.0 * normal_sf(std::abs(z));
  return out;
}

std::vector<double> holm_adjust(const std::vector<double>& p_values) {
  const std::size_t m = p_values.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return p_values[a] < p_values[b]; });
  std::vector<double> adjusted(m);
  double running = 0.0;
  for (std::size_t i = 0; i < m; ++i) {
    running = std::max(running, static_cast<double>(m - i) * p_values[order[i]]);
    adjusted[order[i]] = std::min(1.0, running);
  }
  return adjusted;
}

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size() || a.size() < 2) return std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> ra = average_ranks(a);
  const std::vector<double> rb = average_ranks(b);
  // Ranks 1..n (ties averaged) have mean (n + 1)/2 on both sides.
  const double mean = 0.5 * static_cast<double>(a.size() + 1);
  double xy = 0.0;
  double xx = 0.0;
  double yy = 0.0;
  for (std::size_t i = 0; i < ra.size(); ++i) {
    xy += (ra[i] - mean) * (rb[i] - mean);
    xx += (ra[i] - mean) * (ra[i] - mean);
    yy += (rb[i] - mean) * (rb[i] - mean);
  }
  const double denominator = std::sqrt(xx) * std::sqrt(yy);
  if (!(denominator > 0.0)) return std::numeric_limits<double>::quiet_NaN();
  return xy / denominator;
}

}  // namespace optbench
